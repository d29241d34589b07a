/** One saved edit that can be undone and redone. */
export interface UndoableEdit {
  /** what the user sees in the undo/redo tooltip ("merge G1+G2") */
  label: string;
  /** edit kind: draw, vertices, merge, split, zone, revert */
  kind: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

/**
 * The session's undo/redo stack of saved edits. One operation runs at a time (`busy`);
 * a failed undo or redo leaves the stacks as they were and rethrows, so the user can retry
 * after resolving the cause (e.g. a conflict). A new edit clears the redo side.
 */
export class UndoStack {
  private done: UndoableEdit[] = [];
  private undone: UndoableEdit[] = [];
  private running = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly limit = 100) {}

  get canUndo(): boolean {
    return !this.running && this.done.length > 0;
  }

  get canRedo(): boolean {
    return !this.running && this.undone.length > 0;
  }

  get busy(): boolean {
    return this.running;
  }

  /** The edit an undo would revert. */
  get nextUndo(): UndoableEdit | undefined {
    return this.done[this.done.length - 1];
  }

  /** The edit a redo would re-apply. */
  get nextRedo(): UndoableEdit | undefined {
    return this.undone[this.undone.length - 1];
  }

  /** Number of edits that can be undone. */
  get depth(): number {
    return this.done.length;
  }

  /** Records a saved edit (drops the redo side and the oldest edit beyond the limit). */
  push(edit: UndoableEdit): void {
    this.done.push(edit);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
    this.emit();
  }

  /** Undoes the last edit; resolves to it, or to null when there is nothing to undo (or busy). */
  async undo(): Promise<UndoableEdit | null> {
    const edit = this.nextUndo;
    if (!edit || this.running) return null;
    await this.run(() => edit.undo());
    this.done.pop();
    this.undone.push(edit);
    this.emit();
    return edit;
  }

  /** Redoes the last undone edit; resolves to it, or to null when there is none (or busy). */
  async redo(): Promise<UndoableEdit | null> {
    const edit = this.nextRedo;
    if (!edit || this.running) return null;
    await this.run(() => edit.redo());
    this.undone.pop();
    this.done.push(edit);
    this.emit();
    return edit;
  }

  /** Forgets everything (e.g. on logout). */
  clear(): void {
    this.done = [];
    this.undone = [];
    this.emit();
  }

  /** Calls `listener` after every change of the stacks; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(op: () => Promise<void>): Promise<void> {
    this.running = true;
    this.emit();
    try {
      await op();
    } finally {
      this.running = false;
      this.emit();
    }
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/** Reverts a whole server change; answers the id of the new (revert) change (and what it caused). */
export type RevertChange<R extends { change: { id: number } } = { change: { id: number } }> = (changeId: number, reason: string) => Promise<R>;

/**
 * An undoable edit backed by the server's whole-change revert: undo reverts the change,
 * redo reverts that revert, and so on, always reverting the latest change in the chain.
 * `afterEach` runs after every successful undo/redo (e.g. to reload the map's layers).
 */
export function changeRevertEdit<R extends { change: { id: number } }>(
  label: string,
  kind: string,
  changeId: number,
  revert: RevertChange<R>,
  reasons: { undo: string; redo: string },
  afterEach?: (result: R) => void | Promise<void>,
): UndoableEdit & { readonly latestChangeId: number } {
  let latest = changeId;
  const step = async (reason: string) => {
    const result = await revert(latest, reason);
    latest = result.change.id;
    await afterEach?.(result);
  };
  return {
    label,
    kind,
    get latestChangeId() {
      return latest;
    },
    undo: () => step(reasons.undo),
    redo: () => step(reasons.redo),
  };
}
