import { unzipSync, zipSync, type Zippable } from 'fflate';
import { BadRequestError, PayloadTooLargeError } from '../http/errors.ts';
import { decodeText } from './text.ts';

/** Largest total uncompressed size we unpack (a guard against zip bombs). */
export const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;

/** One file inside a zip: its path (with folders, '/'-separated) and its bytes. */
export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
}

/** True when the bytes start with a zip local-file header ("PK\x03\x04") or an empty zip's end record. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Re-decodes an entry name. Zips made by Windows' "send to compressed folder" on Chinese
 * systems store GBK names without the UTF-8 flag; fflate then gives one char per byte, so
 * we turn those chars back into bytes and decode them (UTF-8 if valid, else GBK).
 */
function fixName(name: string): string {
  if (/^[\x00-\x7f]*$/.test(name) || /[^\x00-\xff]/.test(name)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  return decodeText(bytes).text;
}

/**
 * Unpacks a zip archive (folders kept in the path, directory entries and macOS
 * "__MACOSX/" resource forks dropped). Throws BadRequestError naming `fileName` when the
 * archive is truncated or corrupt, PayloadTooLargeError beyond MAX_UNZIPPED_BYTES.
 */
export function unzip(bytes: Uint8Array, fileName: string): ZipEntry[] {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new PayloadTooLargeError(`${fileName}: the archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
        return !f.name.endsWith('/') && !f.name.startsWith('__MACOSX/');
      },
    });
  } catch (err) {
    if (err instanceof PayloadTooLargeError) throw err;
    throw new BadRequestError(`${fileName} is not a readable zip archive (truncated or corrupt): ${(err as Error).message}`, { file: fileName }, 'unreadable_file');
  }
  return Object.entries(files).map(([path, b]) => ({ path: fixName(path), bytes: b }));
}

/** Packs files into a zip (deflated; names are stored as UTF-8). */
export function zip(entries: ZipEntry[]): Uint8Array {
  const z: Zippable = {};
  for (const e of entries) z[e.path] = [e.bytes, { level: 6 }];
  return zipSync(z);
}

/** The file name without folders. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The lower-case extension without the dot ('' if none). */
export function extensionOf(path: string): string {
  const b = baseName(path);
  const i = b.lastIndexOf('.');
  return i < 0 ? '' : b.slice(i + 1).toLowerCase();
}
