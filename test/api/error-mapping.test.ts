import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { handleError } from '../../server/http/errors.ts';

/** An app whose one route throws `err`, answered by the one error handler. */
function throwing(err: unknown) {
  const app = new Hono();
  app.get('/x', () => {
    throw err;
  });
  app.onError(handleError);
  return app;
}

describe('handleError', () => {
  it('a foreign write lock (SQLITE_BUSY) outside commit() is 503 database_busy, not 500', async () => {
    const err = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const res = await throwing(err).request('/x');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; details: { sqlite: string } } };
    expect(body.error.code).toBe('database_busy');
    expect(body.error.details.sqlite).toBe('database is locked');
  });
  it('any other error stays an anonymous 500', async () => {
    const res = await throwing(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })).request('/x');
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('internal');
  });
});
