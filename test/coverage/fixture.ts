import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CoverageInput, GridAlignment } from '../../server/coverage/types.ts';

/** The hand-made small city of test/fixtures/coverage/small-city.json as a CoverageInput. */
export function smallCity(): CoverageInput {
  const file = fileURLToPath(new URL('../fixtures/coverage/small-city.json', import.meta.url));
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Omit<CoverageInput, 'alignment'> & {
    alignment: Record<string, GridAlignment>;
  };
  return {
    ...raw,
    alignment: new Map(Object.entries(raw.alignment).map(([k, v]) => [Number(k), v])),
  };
}
