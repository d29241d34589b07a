import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { NotFoundError } from '../http/errors.ts';
import type { ParsedSource, UploadedFile } from '../io/types.ts';
import type { ImportPlan } from './plan.ts';

/**
 * Import previews: an upload, its parsed source and the last validation's plan, kept in memory
 * (never in the database: nothing is written before apply) for a limited time, bound to the
 * user who uploaded. Another user asking for the id gets the same 404 as an unknown id, so ids
 * are not probeable. The store is per database (one per app in tests).
 */

/** How long a preview lives after its last validation. */
export const PREVIEW_TTL_MS = 30 * 60 * 1000;
/** At most this many previews in memory (the oldest are dropped first). */
export const PREVIEW_MAX_COUNT = 32;
/** At most this many previews per user. */
export const PREVIEW_MAX_PER_USER = 6;
/** At most about this many bytes of previews in memory (file bytes + parsed source, estimated). */
export const PREVIEW_MAX_BYTES = 256 * 1024 * 1024;

/** One stored preview. */
export interface Preview {
  id: string;
  username: string;
  layer: LayerName;
  file: UploadedFile;
  parsed: ParsedSource;
  /** the parse options the source was read with (CSV/XLSX columns) */
  lonField: string | null;
  latField: string | null;
  /** the other read options of the upload (XLSX sheet, text encoding), reused when re-reading */
  readOptions: { sheet?: string; encoding?: string };
  plan: ImportPlan;
  /** estimated memory of this preview */
  bytes: number;
  expiresAt: number;
}

/** The in-memory preview store of one app. */
export class PreviewStore {
  private readonly items = new Map<string, Preview>();
  /** the store's clock (tests move it to expire previews) */
  now: () => number = () => Date.now();

  /** Adds (or replaces) a preview and enforces the TTL and the caps. */
  put(p: Omit<Preview, 'id' | 'expiresAt'> & { id?: string }): Preview {
    this.sweep();
    const id = p.id ?? randomBytes(12).toString('base64url');
    const stored: Preview = { ...p, id, expiresAt: this.now() + PREVIEW_TTL_MS };
    this.items.delete(id);
    this.items.set(id, stored); // Map keeps insertion order: the first entries are the oldest
    this.evict(stored);
    return stored;
  }

  /** The user's live preview of a layer, or 404 (unknown, expired, another user's or another layer's). */
  get(id: string, username: string, layer: LayerName): Preview {
    this.sweep();
    const p = this.items.get(id);
    if (!p || p.username.toLowerCase() !== username.toLowerCase() || p.layer !== layer) {
      throw new NotFoundError(
        `No import preview ${id} for ${layer}: it expired (previews last ${PREVIEW_TTL_MS / 60000} minutes), was applied or cancelled, or belongs to someone else; upload the file again`,
        { previewId: id, layer },
        'preview_not_found',
      );
    }
    return p;
  }

  /** Removes a preview; true when it existed. */
  delete(id: string): boolean {
    return this.items.delete(id);
  }

  /** Number of live previews (tests, health). */
  size(): number {
    this.sweep();
    return this.items.size;
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, p] of this.items) if (p.expiresAt <= t) this.items.delete(id);
  }

  private evict(keep: Preview): void {
    const mine = [...this.items.values()].filter((p) => p.username === keep.username);
    for (const p of mine.slice(0, Math.max(0, mine.length - PREVIEW_MAX_PER_USER))) this.items.delete(p.id);
    let total = [...this.items.values()].reduce((s, p) => s + p.bytes, 0);
    for (const p of [...this.items.values()]) {
      if (this.items.size <= PREVIEW_MAX_COUNT && total <= PREVIEW_MAX_BYTES) break;
      if (p.id === keep.id) continue;
      this.items.delete(p.id);
      total -= p.bytes;
    }
  }
}

const stores = new WeakMap<Db, PreviewStore>();

/** The preview store of a database (created on first use). */
export function previewStore(db: Db): PreviewStore {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = new PreviewStore()));
  return s;
}
