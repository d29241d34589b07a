import { demoUser, apiLogin } from './test/e2e/support/login.ts';
const url = `http://127.0.0.1:${process.env.PORT}`;
const { cookie } = await apiLogin(url, demoUser('leadership'));
for (const p of ['/api/coverage?level=county', '/api/reports/status', '/api/reports/trend', '/api/coverage/distance?format=geojson', '/api/auth/me', '/api/coverage?level=grid', '/api/auth/me']) {
  const r = await fetch(`${url}${p}`, { headers: { Cookie: cookie } });
  console.log(p, r.status, r.headers.get('set-cookie'));
}
