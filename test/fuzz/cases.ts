import fc from 'fast-check';
import type { FuzzTarget } from './endpoints.ts';
import { multipartText, setPath } from './endpoints.ts';
import { bodyText, brokenJsonText, deepArray, deepObject, nonObjectJson, type Hostile } from './hostile.ts';

/** One request of the fuzz. */
export interface FuzzCase {
  kind: 'broken-json' | 'non-object' | 'bad-field' | 'missing-field' | 'bad-field+noise' | 'bad-header' | 'ignored-body' | 'empty' | 'bad-csv' | 'bad-upload' | 'bad-path';
  /** the field mutated or removed, when any */
  field?: string;
  who: string;
  body: string;
  headers: Record<string, string>;
  /** another path than the target's (bad ids, unknown layers) */
  path?: string;
  /** a readable upload with bad features: a 201 preview reporting them is a right answer too */
  report?: boolean;
}

/** Content types a client might (wrongly) send; JSON routes read the text whatever it says. */
const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'text/plain', '', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=zzz'];

/** Junk added next to a bad field: must not rescue the request nor crash it. */
const NOISE: [string, Hostile][] = [
  ['__proto__', { admin: true }],
  ['constructor', { prototype: { x: 1 } }],
  ['zzDeep', deepArray(20_000)],
  ['zzDeepObj', deepObject(20_000)],
  ['zzHuge', 'x'.repeat(200_000)],
  ['zzUnicode', '\u202e<script>alert("x")</script>𠜎'],
  ['id', 1],
  ['version', -1],
];

/** The arbitrary of requests for one target: every one of them must be refused. */
export function fuzzCases(t: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const main = casesOf(t);
  if (!t.badPaths) return main;
  // the right body (or none) at a path that names nothing valid
  const body = t.format === 'multipart' ? multipartText(t.multipart!.template) : t.format === 'csv' ? t.csv!.template : t.template ? bodyText(t.template) : '';
  const type = t.format === 'multipart' ? 'multipart/form-data; boundary=fuzzb0undary' : t.format === 'csv' ? 'text/csv' : 'application/json';
  const badPath = fc.record({ who: fc.constantFrom(...t.as), path: t.badPaths }).map(({ who, path }): FuzzCase => ({ kind: 'bad-path', who, path, body, headers: { ...t.headers, 'Content-Type': type } }));
  return fc.oneof({ arbitrary: main, weight: 5 }, { arbitrary: badPath, weight: 1 });
}

function casesOf(t: FuzzTarget): fc.Arbitrary<FuzzCase> {
  const who = fc.constantFrom(...t.as);
  const ctype = fc.constantFrom(...CONTENT_TYPES);
  const baseHeaders = (type: string) => ({ ...t.headers, 'Content-Type': type });
  const arbs: fc.Arbitrary<FuzzCase>[] = [];

  if (t.format === 'csv') {
    const csvType = fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'text/plain', '');
    arbs.push(fc.record({ who, body: t.csv!.bad, type: csvType }).map(({ who, body, type }) => ({ kind: 'bad-csv', who, body, headers: { 'Content-Type': type } })));
    // a multipart form whose file field holds a bad CSV, or a broken form
    arbs.push(
      fc.record({ who, csv: t.csv!.bad, broken: fc.boolean() }).map(({ who, csv, broken }) => ({
        kind: 'bad-csv',
        who,
        body: broken
          ? `--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${csv}`
          : `--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--zzz--\r\n`,
        headers: { 'Content-Type': 'multipart/form-data; boundary=zzz' },
      })),
    );
    arbs.push(fc.record({ who, body: fc.constantFrom('', '   ', '\n') }).map(({ who, body }) => ({ kind: 'empty', who, body, headers: { 'Content-Type': 'text/csv' } })));
    return fc.oneof(...arbs);
  }

  if (t.format === 'multipart') {
    const mp = 'multipart/form-data; boundary=fuzzb0undary';
    arbs.push(fc.record({ who, u: t.multipart!.bad }).map(({ who, u }) => ({ kind: 'bad-upload', field: u.why, who, body: multipartText(u.upload), headers: { 'Content-Type': mp }, report: u.report })));
    const good = multipartText(t.multipart!.template);
    arbs.push(
      fc.record({
        who,
        pick: fc.constantFrom<[string, string]>(
          ['application/json', bodyText({ file: 'x' })],
          ['text/plain', good],
          ['multipart/form-data', good], // no boundary
          ['multipart/form-data; boundary=other', good],
          [mp, good.slice(0, Math.floor(good.length / 2))], // truncated
          [mp, good.replace(/\r\n/g, '\n')],
          [mp, ''],
          ['application/x-www-form-urlencoded', 'file=abc&crs=wgs84'],
          ['', good],
        ),
      }).map(({ who, pick }) => ({ kind: 'bad-upload', field: `form as ${pick[0] || 'no type'}`, who, body: pick[1], headers: { 'Content-Type': pick[0] } })),
    );
    return fc.oneof(...arbs);
  }

  if (t.bodyIgnored) {
    // the route reads no body: whatever is sent, without the If-Match it needs (or with a bad one) it must refuse
    const anyBody = fc.oneof(brokenJsonText('{"version":1}'), nonObjectJson(), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.constant(''));
    arbs.push(fc.record({ who, body: anyBody, type: ctype }).map(({ who, body, type }) => ({ kind: 'ignored-body', who, body, headers: { 'Content-Type': type } })));
    for (const [h, bad] of Object.entries(t.badHeaders ?? {})) {
      arbs.push(fc.record({ who, body: anyBody, v: bad }).map(({ who, body, v }) => ({ kind: 'bad-header', field: h, who, body, headers: { 'Content-Type': 'application/json', [h]: v } })));
    }
    return fc.oneof(...arbs);
  }

  const template = t.template ?? {};
  const templateText = bodyText(template);
  arbs.push(fc.record({ who, body: brokenJsonText(templateText), type: ctype }).map(({ who, body, type }) => ({ kind: 'broken-json', who, body, headers: baseHeaders(type) })));
  arbs.push(fc.record({ who, body: nonObjectJson(), type: ctype }).map(({ who, body, type }) => ({ kind: 'non-object', who, body, headers: baseHeaders(type) })));
  if (!t.bodyOptional) arbs.push(fc.record({ who, body: fc.constantFrom('', ' ', '\r\n\t') }).map(({ who, body }) => ({ kind: 'empty', who, body, headers: baseHeaders('application/json') })));
  const fields = Object.keys(t.bad);
  if (fields.length) {
    const badField = fc.constantFrom(...fields).chain((field) => t.bad[field].map((value) => ({ field, value })));
    arbs.push(
      fc.record({ who, f: badField, type: ctype }).map(({ who, f, type }) => ({ kind: 'bad-field', field: f.field, who, body: bodyText(setPath(template, f.field, f.value)), headers: baseHeaders(type) })),
    );
    arbs.push(
      fc.record({ who, f: badField, noise: fc.constantFrom(...NOISE) }).map(({ who, f, noise }) => ({
        kind: 'bad-field+noise',
        field: f.field,
        who,
        body: bodyText(setPath(setPath(template, noise[0], noise[1]), f.field, f.value)),
        headers: baseHeaders('application/json'),
      })),
    );
  }
  if (t.required.length) {
    arbs.push(
      fc.record({ who, field: fc.constantFrom(...t.required) }).map(({ who, field }) => ({ kind: 'missing-field', field, who, body: bodyText(setPath(template, field, undefined)), headers: baseHeaders('application/json') })),
    );
  }
  for (const [h, bad] of Object.entries(t.badHeaders ?? {})) {
    arbs.push(fc.record({ who, v: bad }).map(({ who, v }) => ({ kind: 'bad-header', field: h, who, body: templateText, headers: { ...baseHeaders('application/json'), [h]: v } })));
  }
  return fc.oneof(...arbs);
}
