import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError, describeZodError } from './errors.ts';

/**
 * Reads the request body as JSON: a missing or malformed body → 400 `malformed_json`
 * with the parser's message.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new BadRequestError('Request body is empty; expected JSON', null, 'malformed_json');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`Malformed JSON in request body: ${(err as Error).message}`, null, 'malformed_json');
  }
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
