import { startServer } from './test/e2e/support/server.ts';
const s = await startServer();
console.log('url', s.url);
const probe = await fetch(`${s.url}/api/coverage?level=county`);
console.log('probe', probe.status);
