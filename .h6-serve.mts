import { serve } from '/work/main/node_modules/@hono/node-server/dist/index.mjs';
import { createApp } from '/work/main/server/app.ts';
import { openDatabase } from '/work/main/server/db/connection.ts';
import { parseEnv } from '/work/main/server/env.ts';
const db = openDatabase('/tmp/h6-srv-n923/beatgrid.sqlite');
const env = parseEnv({ BEATGRID_DEMO: '0' });
const app = createApp({ db, env, distDir: '/tmp/h6-dist', version: 'h6' });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('up'));
