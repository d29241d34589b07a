import { describe, expect, it } from 'vitest';
import { UndoStack, changeRevertEdit, type UndoableEdit } from '../../web/editing/undo-stack.ts';

/** An edit that records calls in a shared log and can be told to fail. */
function edit(name: string, log: string[], fail: { undo?: boolean; redo?: boolean } = {}): UndoableEdit {
  return {
    label: name,
    kind: 'test',
    undo: async () => {
      if (fail.undo) throw new Error(`${name}: undo failed`);
      log.push(`undo ${name}`);
    },
    redo: async () => {
      if (fail.redo) throw new Error(`${name}: redo failed`);
      log.push(`redo ${name}`);
    },
  };
}

describe('UndoStack', () => {
  it('undoes in reverse order and redoes in order', async () => {
    const log: string[] = [];
    const s = new UndoStack();
    s.push(edit('a', log));
    s.push(edit('b', log));
    expect(s.canUndo).toBe(true);
    expect(s.canRedo).toBe(false);
    await s.undo();
    await s.undo();
    expect(await s.undo()).toBeNull();
    await s.redo();
    await s.redo();
    expect(await s.redo()).toBeNull();
    expect(log).toEqual(['undo b', 'undo a', 'redo a', 'redo b']);
  });

  it('a new edit clears the redo side', async () => {
    const log: string[] = [];
    const s = new UndoStack();
    s.push(edit('a', log));
    await s.undo();
    expect(s.canRedo).toBe(true);
    s.push(edit('b', log));
    expect(s.canRedo).toBe(false);
    expect(s.nextUndo?.label).toBe('b');
  });

  it('a failed undo keeps the edit on the undo side and rethrows', async () => {
    const log: string[] = [];
    const s = new UndoStack();
    s.push(edit('a', log, { undo: true }));
    await expect(s.undo()).rejects.toThrow('a: undo failed');
    expect(s.depth).toBe(1);
    expect(s.canRedo).toBe(false);
    expect(s.busy).toBe(false);
  });

  it('runs one operation at a time', async () => {
    let release!: () => void;
    const s = new UndoStack();
    s.push({ label: 'slow', kind: 't', undo: () => new Promise<void>((r) => (release = r)), redo: async () => {} });
    const first = s.undo();
    expect(s.busy).toBe(true);
    expect(s.canUndo).toBe(false);
    expect(await s.undo()).toBeNull();
    release();
    expect((await first)?.label).toBe('slow');
  });

  it('drops the oldest edit beyond its limit and notifies listeners', () => {
    const s = new UndoStack(2);
    let calls = 0;
    const off = s.subscribe(() => calls++);
    s.push(edit('a', []));
    s.push(edit('b', []));
    s.push(edit('c', []));
    expect(s.depth).toBe(2);
    expect(calls).toBe(3);
    off();
    s.clear();
    expect(calls).toBe(3);
  });
});

describe('changeRevertEdit', () => {
  it('always reverts the latest change of the chain', async () => {
    const calls: [number, string][] = [];
    let next = 100;
    const revert = async (id: number, reason: string) => {
      calls.push([id, reason]);
      return { change: { id: next++ } };
    };
    let reloads = 0;
    const e = changeRevertEdit('merge', 'merge', 7, revert, { undo: 'undo', redo: 'redo' }, () => {
      reloads++;
    });
    await e.undo();
    await e.redo();
    await e.undo();
    expect(calls).toEqual([
      [7, 'undo'],
      [100, 'redo'],
      [101, 'undo'],
    ]);
    expect(e.latestChangeId).toBe(102);
    expect(reloads).toBe(3);
  });
});
