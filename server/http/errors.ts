import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** An error with an HTTP status, a stable machine code, a human message and optional details. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed (bad query, bad JSON, failed schema). */
export class BadRequestError extends HttpError {
  constructor(message: string, details: unknown = null, code = 'bad_request') {
    super(400, code, message, details);
  }
}
/** 401: no (valid) session. */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Login required', details: unknown = null, code = 'unauthorized') {
    super(401, code, message, details);
  }
}
/** 403: authenticated but not allowed. */
export class ForbiddenError extends HttpError {
  constructor(message: string, details: unknown = null, code = 'forbidden') {
    super(403, code, message, details);
  }
}
/** 404: no such resource. */
export class NotFoundError extends HttpError {
  constructor(message: string, details: unknown = null, code = 'not_found') {
    super(404, code, message, details);
  }
}
/** 409: the request conflicts with the current state (stale version, duplicate code). */
export class ConflictError extends HttpError {
  constructor(message: string, details: unknown = null, code = 'conflict') {
    super(409, code, message, details);
  }
}
/** 413: the request body or its contents are too large. */
export class PayloadTooLargeError extends HttpError {
  constructor(message: string, details: unknown = null, code = 'payload_too_large') {
    super(413, code, message, details);
  }
}
/** 422: well-formed but semantically invalid (bad geometry, wrong parent). */
export class UnprocessableError extends HttpError {
  constructor(message: string, details: unknown = null, code = 'invalid') {
    super(422, code, message, details);
  }
}
/** 428: a conditional header (If-Match) is required. */
export class PreconditionRequiredError extends HttpError {
  constructor(message: string, details: unknown = null, code = 'precondition_required') {
    super(428, code, message, details);
  }
}

/**
 * 503: SQLite's write lock stayed taken by another connection (a second process on the same
 * file: a CLI, a restore) past the busy timeout. Nothing was written; the client may retry.
 */
export class DatabaseBusyError extends HttpError {
  constructor(detail: string) {
    super(
      503,
      'database_busy',
      'The database is busy with another writer (another process holds its write lock); nothing was written — try again in a few seconds',
      { sqlite: detail, retryAfterSeconds: 5 },
    );
  }
}

/** Is this better-sqlite3's "database is locked / busy" error (SQLITE_BUSY*, SQLITE_LOCKED*)? */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Turns zod issues into `{path, message}` pairs and one readable sentence. */
export function describeZodError(err: ZodError, where = 'input'): { message: string; issues: { path: string; message: string }[] } {
  const issues = err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  const first = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
  return { message: `Invalid ${where}: ${first}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`, issues };
}

/** Builds the error body. */
export function errorBody(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

/**
 * The one error handler (app.onError): HttpError → its status; ZodError → 400; Hono's
 * HTTPException (e.g. malformed JSON) → its status; SyntaxError from body parsing and a
 * multipart/form body that cannot be parsed → 400; a stack overflow on hostile nesting → 400;
 * anything else → 500 without leaking the stack (logged to the console instead).
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof HttpError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  // writes outside commit() (login, session refresh) meet a foreign write lock too
  if (isSqliteBusy(err)) {
    const busy = new DatabaseBusyError(err.message);
    return c.json(errorBody(busy.code, busy.message, busy.details), 503);
  }
  if (err instanceof ZodError) {
    const d = describeZodError(err);
    return c.json(errorBody('invalid_input', d.message, { issues: d.issues }), 400);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 400 ? 'bad_request' : status === 413 ? 'payload_too_large' : `http_${status}`;
    return c.json(errorBody(code, err.message || 'Request failed'), status);
  }
  // Hono's c.req.parseBody() on a broken multipart/urlencoded body (bad boundary, truncated part)
  if (err instanceof TypeError && /parse body as FormData/i.test(err.message)) {
    return c.json(errorBody('bad_form', `Malformed form body (${c.req.header('Content-Type') ?? 'no Content-Type'}): ${err.message}`), 400);
  }
  // Last line of defence: a recursive walker somewhere overflowed on hostile nesting (JSON
  // bodies are depth-checked in http/input.ts; uploaded files are parsed elsewhere). The input
  // caused it, so it is the client's 400, but it is logged: the walker should refuse earlier.
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    console.error('[beatgrid] stack overflow on input (refused as 400 too_deep)', c.req.method, c.req.path);
    return c.json(errorBody('too_deep', 'The request (or the file it carries) is nested too deeply to process'), 400);
  }
  if (err instanceof SyntaxError) {
    return c.json(errorBody('malformed_json', `Malformed JSON in request body: ${err.message}`), 400);
  }
  console.error('[beatgrid] unexpected error', c.req.method, c.req.path, err);
  return c.json(errorBody('internal', 'Internal server error'), 500);
}
