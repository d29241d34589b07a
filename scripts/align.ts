/**
 * Command line: analyse a police layer against the grid layer (issue 3 contract).
 *
 *   npm run --silent align -- --grids GRIDS.geojson --police POLICE.geojson \
 *     [--id-field NAME] [--json OUT.json] [--mismatches OUT.geojson]
 *
 * Prints ONE JSON object (the summary) on stdout; per-grid / per-zone rows, the one-to-one
 * check and input warnings go to --json, the mismatch polygons to --mismatches. Errors go to
 * stderr with exit code 1 (usage errors: 2).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AlignmentIndex } from '../server/alignment/alignment-index.ts';

const USAGE = 'usage: npm run --silent align -- --grids GRIDS.geojson --police POLICE.geojson [--id-field NAME] [--json OUT.json] [--mismatches OUT.geojson]';

function fail(message: string, code = 1): never {
  process.stderr.write(`align: ${message}\n`);
  process.exit(code);
}

function readCollection(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${what} file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let fc: unknown;
  try {
    fc = JSON.parse(text);
  } catch (e) {
    fail(`${what} file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const o = fc as { type?: unknown; features?: unknown };
  if (!o || typeof o !== 'object' || o.type !== 'FeatureCollection' || !Array.isArray(o.features)) fail(`${what} file ${file} is not a GeoJSON FeatureCollection`);
  if ((o.features as unknown[]).length === 0) fail(`${what} file ${file} has no features`);
  return fc;
}

function main(): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        grids: { type: 'string' },
        police: { type: 'string' },
        'id-field': { type: 'string' },
        json: { type: 'string' },
        mismatches: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) { process.stdout.write(USAGE + '\n'); return; }
  if (!values.grids || !values.police) fail(`--grids and --police are required\n${USAGE}`, 2);
  const grids = readCollection(values.grids as string, 'grids');
  const police = readCollection(values.police as string, 'police');
  const ix = new AlignmentIndex(grids, police, { idField: values['id-field'] as string | undefined });
  const result = ix.result();
  if (result.summary.grids.count === 0) fail(`grids file ${values.grids} has no usable polygon (${result.warnings.length} warning(s))`);
  if (values.json) {
    const { mismatches: _m, ...rest } = result;
    void _m;
    fs.writeFileSync(values.json as string, JSON.stringify(rest) + '\n');
  }
  if (values.mismatches) fs.writeFileSync(values.mismatches as string, JSON.stringify(result.mismatches) + '\n');
  // one stderr line per (layer, problem) with the first example; every warning is in --json
  const groups = new Map<string, typeof result.warnings>();
  for (const w of result.warnings) {
    const k = `${w.layer}: ${w.problem}`;
    groups.set(k, [...(groups.get(k) ?? []), w]);
  }
  for (const [k, ws] of groups) {
    const w = ws[0];
    process.stderr.write(`align: warning: ${k}: ${ws.length} feature(s)${ws.some((x) => !x.repaired) ? ' (skipped)' : ' (repaired)'}, e.g. ${JSON.stringify(w.id)} (#${w.index}): ${w.detail}\n`);
  }
  process.stdout.write(JSON.stringify(result.summary) + '\n');
}

main();
