import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError, describeZodError } from './errors.ts';

/**
 * Deepest nesting of arrays/objects a request body may have. A GeoJSON MultiPolygon inside a
 * Feature body is 6 deep; anything far deeper is hostile, and recursive code downstream
 * (JSON.stringify of props, geometry walkers) would overflow the stack on it (a 500).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of JSON text, counted without parsing (an iterative scan that skips
 * strings), stopping as soon as it passes `max`.
 */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > deepest && (deepest = depth) > max) return deepest;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--;
  }
  return deepest;
}

/** A UTF-16 surrogate without its partner: JSON text may spell one (`"\\ud800"`); UTF-8 cannot store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path (e.g. `properties.name`) of the first string or key in a parsed body that is not
 * well-formed Unicode, or null. Iterative: bodies are already depth-limited, but a walk must
 * not be the thing that overflows.
 */
export function malformedTextPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return path || '(root)';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (typeof v[i] === 'object' || typeof v[i] === 'string') stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (LONE_SURROGATE.test(k)) return p;
        stack.push([x, p]);
      }
    }
  }
  return null;
}

/**
 * Parses request-body JSON text: malformed → 400 `malformed_json` with the parser's message;
 * nested deeper than {@link MAX_JSON_DEPTH} → 400 `too_deep`; a string with a lone surrogate
 * escape → 400 `bad_unicode` naming the field (SQLite would store it as U+FFFD, silently
 * changing the text).
 */
export function parseJsonText(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new BadRequestError(`Request body nests arrays/objects more than ${MAX_JSON_DEPTH} levels deep`, { maxDepth: MAX_JSON_DEPTH }, 'too_deep');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`Malformed JSON in request body: ${(err as Error).message}`, null, 'malformed_json');
  }
  // only JSON escapes can produce a lone surrogate (the body was decoded from UTF-8)
  if (/\\u[dD][89a-fA-F]/.test(text)) {
    const at = malformedTextPath(value);
    if (at) throw new BadRequestError(`${at}: text is not valid Unicode (a lone UTF-16 surrogate escape)`, { path: at }, 'bad_unicode');
  }
  return value;
}

/**
 * Reads the request body as JSON: a missing or malformed body → 400 `malformed_json`
 * with the parser's message; too deeply nested → 400 `too_deep`.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new BadRequestError('Request body is empty; expected JSON', null, 'malformed_json');
  return parseJsonText(text);
}

/** Validates `value` with a zod schema; failure → 400 `invalid_input` naming each bad field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where = 'input'): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const d = describeZodError(r.error, where);
    throw new BadRequestError(d.message, { issues: d.issues }, 'invalid_input');
  }
  return r.data;
}

/** Reads a JSON body and validates it with `schema`. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseWith(schema, await readJson(c), 'request body');
}
