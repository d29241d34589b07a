import { makeTestApp, type Client, type TestApp } from '../support/api.ts';
import { IDS, IMPORT_UPLOAD, multipartText, type FuzzContext } from './endpoints.ts';

/** A fresh in-process app on the mini city, with the state the fuzz targets reference. */
export interface FuzzApp {
  t: TestApp;
  ctx: FuzzContext;
  /** logged-in clients by name ('admin', demo usernames, 'anonymous') */
  clients: Map<string, Client>;
}

/** A placeholder context, to list the targets before any app exists. */
export const PLACEHOLDER_CONTEXT: FuzzContext = {
  mergeChangeId: 1,
  noticeId: 1,
  gridA1FirstRevision: 1,
  otherRevision: 1,
  passwordUser: { username: 'civil-city', password: 'x' },
  loginUser: { username: 'civil-dongchang', password: 'x' },
  previewId: 'setup-preview',
};

/**
 * Builds the app and its setup through the API: grid A1 renamed (a second revision to revert
 * to), grids B1 + B2 merged (a change to revert, a notice to station 9), then logs in every
 * client `who` names. Throws with the answer when a setup step fails.
 */
export async function makeFuzzApp(who: string[], opts: { preview?: boolean } = {}): Promise<FuzzApp> {
  const t = makeTestApp();
  const must = async (method: string, path: string, body: unknown, status: number) => {
    const r = await t.json(method, path, { body });
    if (r.status !== status) throw new Error(`fuzz setup ${method} ${path}: answered ${r.status} ${r.text.slice(0, 300)}`);
    return r.body;
  };
  await must('PUT', `/api/layers/grids/${IDS.gridA1}`, { properties: { name: '一网格' }, version: 1, reason: 'fuzz setup' }, 200);
  await must('POST', '/api/grids/merge', { ids: [IDS.gridB1, IDS.gridB2], reason: 'fuzz setup' }, 201);
  const q = <T,>(sql: string, ...p: unknown[]) => t.db.prepare(sql).get(...p) as T;
  const notice = q<{ id: number; change_id: number } | undefined>('SELECT id, change_id FROM notices ORDER BY id DESC LIMIT 1');
  if (!notice) throw new Error('fuzz setup: the merge raised no notice');
  const firstRev = q<{ id: number }>("SELECT id FROM revisions WHERE entity = 'feature' AND entity_id = ? ORDER BY id LIMIT 1", IDS.gridA1);
  const otherRev = q<{ id: number }>("SELECT id FROM revisions WHERE entity = 'feature' AND entity_id = ? ORDER BY id LIMIT 1", IDS.beat1);
  const demo = (name: string) => {
    const u = t.users.find((x) => x.username === name);
    if (!u) throw new Error(`fuzz setup: no demo user ${name}`);
    return { username: u.username, password: u.password };
  };
  let previewId = PLACEHOLDER_CONTEXT.previewId;
  if (opts.preview) {
    const res = await t.request('POST', '/api/layers/counties/import', { body: multipartText(IMPORT_UPLOAD), headers: { 'Content-Type': 'multipart/form-data; boundary=fuzzb0undary' } });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`fuzz setup: the import preview answered ${res.status} ${text.slice(0, 300)}`);
    previewId = (JSON.parse(text) as { previewId: string }).previewId;
  }
  const ctx: FuzzContext = {
    mergeChangeId: notice.change_id,
    noticeId: notice.id,
    gridA1FirstRevision: firstRev.id,
    otherRevision: otherRev.id,
    passwordUser: demo('civil-city'),
    loginUser: demo('civil-dongchang'),
    previewId,
  };
  const clients = new Map<string, Client>();
  for (const name of new Set(who)) clients.set(name, name === 'anonymous' ? t.anonymous : await t.loginAs(name));
  return { t, ctx, clients };
}
