import type { CommitHook } from './types.ts';

const hooks: { name: string; fn: CommitHook }[] = [];

/**
 * Registers a hook that runs inside every commit's transaction, after the writes, in
 * registration order (notices, alignment updates, audit…). Its return value appears in
 * `hookResults[name]`; throwing rolls the whole change back. Returns an unregister function.
 */
export function registerCommitHook(name: string, fn: CommitHook): () => void {
  if (hooks.some((h) => h.name === name)) throw new Error(`A commit hook named "${name}" is already registered`);
  const entry = { name, fn };
  hooks.push(entry);
  return () => {
    const i = hooks.indexOf(entry);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/** The registered hooks, in order. */
export function commitHooks(): readonly { name: string; fn: CommitHook }[] {
  return hooks;
}
