/**
 * Text decoding of uploaded attribute data. Chinese desktop GIS and Excel still write GBK
 * (code page 936) by default, so a file that is not valid UTF-8 is read as GBK; the WHATWG
 * 'gbk' decoder is the GB18030 decoder, a superset, so nothing valid in GBK is lost.
 */

/** Maps the names found in .cpg files and options ("936", "CP936", "ANSI 936", "65001") to a TextDecoder label. */
export function normaliseEncoding(name: string): string | null {
  const s = name.trim().toLowerCase().replace(/^ansi[\s_-]*/, '').replace(/^(cp|windows-?)(?=\d)/, '');
  const byCodePage: Record<string, string> = {
    '936': 'gbk',
    '54936': 'gb18030',
    '65001': 'utf-8',
    '950': 'big5',
    '1252': 'windows-1252',
    '88591': 'iso-8859-1',
    '8859_1': 'iso-8859-1',
    '437': 'ibm866', // no DOS 437 decoder in WHATWG; never seen in Chinese data, keep something readable
  };
  const label = byCodePage[s] ?? (s === 'utf8' ? 'utf-8' : s === 'gb2312' ? 'gbk' : s);
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/** True when the bytes are valid UTF-8 (ASCII included). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes text: a byte-order mark wins, then an explicit encoding, then UTF-8 if the bytes
 * are valid UTF-8, else GBK. Returns the encoding used ('utf-8', 'gbk', ...).
 */
export function decodeText(bytes: Uint8Array, encoding?: string | null): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const forced = encoding ? normaliseEncoding(encoding) : null;
  if (forced) return { text: new TextDecoder(forced).decode(bytes), encoding: forced };
  if (isValidUtf8(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
}
