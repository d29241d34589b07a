import { AsyncLocalStorage } from 'node:async_hooks';
import type { User } from '../http/user.ts';

/** What code deep in a request (commit hooks, audit) may need to know about it. */
export interface RequestContext {
  ip: string | null;
  user: User | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `ctx` as the current request context. */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context, or undefined outside a request (scripts, start-up). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
