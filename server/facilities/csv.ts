/**
 * A small RFC 4180 CSV reader: comma-separated, double-quoted fields with "" escapes and
 * embedded newlines, CRLF or LF line ends, an optional UTF-8 BOM. Blank lines are skipped.
 * Each record keeps the 1-based line number it starts on, for error reports.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Thrown for malformed CSV (an unterminated quote), naming the line. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses CSV text into records. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let quoted = false;
  let quoteStart = 0;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '')) out.push({ line: startLine, fields });
    fields = [];
    field = '';
  };
  while (i < s.length) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      quoteStart = line;
      field = '';
      i++;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      startLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteStart, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0) endRecord();
  return out;
}
