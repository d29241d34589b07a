import ExcelJS from 'exceljs';
import type { Feature, Geometry } from 'geojson';
import { BadRequestError, UnprocessableError } from '../http/errors.ts';
import { attributeTable, headerNames, pointsFromTable, type TableRow } from './table.ts';
import type { ParsedSource, ParseOptions, UploadedFile } from './types.ts';

/**
 * XLSX of points (exceljs). The first non-empty row of the sheet is the header. Cells are
 * flattened to plain values: rich text to its text, formulas to their cached result,
 * hyperlinks to their text, dates to ISO strings, error cells to null.
 */

/** A cell value as a plain value. */
export function plainCell(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'object') return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return plainCell((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in v) return plainCell((v as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  if ('error' in v) return null;
  return String(v);
}

/** Reads the chosen (default first) sheet as points with the chosen lon/lat columns. */
export async function readXlsx(file: UploadedFile, opts: ParseOptions = {}): Promise<ParsedSource> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) as never);
  } catch (err) {
    throw new BadRequestError(`${file.name} is not a readable Excel .xlsx workbook: ${(err as Error).message}`, { file: file.name }, 'unreadable_file');
  }
  const sheets = wb.worksheets.map((w) => w.name);
  if (sheets.length === 0) throw new BadRequestError(`${file.name} is not a readable Excel .xlsx workbook: it has no worksheets`, { file: file.name }, 'unreadable_file');
  const ws = opts.sheet ? wb.getWorksheet(opts.sheet) : wb.worksheets[0];
  if (!ws) throw new UnprocessableError(`${file.name} has no sheet${opts.sheet ? ` "${opts.sheet}"` : 's'}; sheets: ${sheets.join(', ') || 'none'}`, { file: file.name, sheets }, 'unreadable_file');
  const rows: TableRow[] = [];
  let header: string[] | null = null;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based (index 0 is empty)
    // Array.from, not map: a blank cell is a hole in the sparse array and must still be a column
    const values = Array.from((row.values as ExcelJS.CellValue[]).slice(1), plainCell);
    if (!header) header = headerNames(values);
    else rows.push({ line: rowNumber, values });
  });
  if (!header) throw new UnprocessableError(`${file.name}: sheet "${ws.name}" is empty (no header row)`, { file: file.name }, 'unreadable_file');
  const parsed = pointsFromTable('xlsx', file.name, header, rows, opts, undefined, 'row');
  if (sheets.length > 1 && !opts.sheet) parsed.warnings.push(`${file.name} has ${sheets.length} sheets (${sheets.join(', ')}); read the first, "${ws.name}".`);
  return parsed;
}

/** Writes the attribute table (properties plus centroid lon/lat) as a one-sheet workbook. */
export async function writeXlsx(features: Feature<Geometry | null, Record<string, unknown>>[], sheetName: string): Promise<Uint8Array> {
  const { header, rows } = attributeTable(features);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'beatgrid';
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v)));
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
