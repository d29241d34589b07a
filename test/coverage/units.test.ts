import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../server/facilities/csv.ts';
import { checkFacilityRows, type FacilityLookup } from '../../server/facilities/import-rows.ts';
import { addMonths, dueAt, dueDate, monthOf, monthRange } from '../../server/reports/month.ts';

describe('parseCsv', () => {
  it('reads quotes, escaped quotes, embedded newlines, CRLF, a BOM, and skips blank lines', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","he said ""hi"""\r\n\r\n2,"multi\nline",3\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'he said "hi"'] },
      { line: 4, fields: ['2', 'multi\nline', '3'] },
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(/line 2/);
  });
});

describe('checkFacilityRows', () => {
  const lookup: FacilityLookup = {
    unitByCode: (layer, code) => (layer === 'communities' && code === 'C1' ? { id: 10, code: 'C1' } : layer === 'grids' && code === 'G1' ? { id: 20, code: 'G1' } : undefined),
    unitAt: (layer, lon) => (lon > 126 ? undefined : layer === 'communities' ? { id: 10, code: 'C1' } : { id: 20, code: 'G1' }),
    stationByCode: (code) => (code === 'S1' ? { id: 5 } : undefined),
    stationAt: () => ({ id: 5 }),
    codeTaken: (_layer, code) => code === 'TAKEN',
  };
  const csv = [
    'lon,lat,code,name,type,status,opened_on,备注',
    '125.9,41.7,R1,室一,警务室,已配人员,2026-01-02,党群中心',
    '125.9,41.7,P1,岗一,post,built,,',
    'abc,41.7,P2,岗二,post,built,,',
    '125.9,41.7,P3,岗三,kiosk,built,,',
    '127.5,41.7,P4,岗四,post,planned,,',
    '125.9,41.7,TAKEN,岗五,post,built,,',
    '125.9,41.7,P1,岗六,post,built,,',
    '125.9,41.7,P7,岗七,post,finished,2026-13,',
  ].join('\n');

  it('accepts good rows (Chinese type/status words, extra columns to props) and names every bad one', () => {
    const { rows, errors } = checkFacilityRows(parseCsv(csv), lookup);
    expect(rows.map((r) => r.code)).toEqual(['R1', 'P1']);
    expect(rows[0]).toMatchObject({ layer: 'police-rooms', parentId: 10, stationId: 5, props: { status: 'staffed', openedOn: '2026-01-02', 备注: '党群中心' } });
    expect(rows[1]).toMatchObject({ layer: 'police-posts', parentId: 20, props: { status: 'built' } });
    const by = errors.map((e) => [e.row, e.column]);
    expect(by).toEqual([
      [4, 'lon'],
      [5, 'type'],
      [6, 'lon'],
      [7, 'code'],
      [8, 'code'],
      [9, 'status'],
      [9, 'openedOn'],
    ]);
    expect(errors.find((e) => e.row === 6)!.message).toMatch(/lies in no grid/);
    expect(errors.find((e) => e.row === 8)!.message).toMatch(/twice.*line 3/);
  });

  it('checks a parent code against the point', () => {
    const text = 'lon,lat,code,name,type,status,parent\n125.9,41.7,R9,室,room,built,C2\n125.9,41.7,R8,室,room,built,C1\n';
    const { rows, errors } = checkFacilityRows(parseCsv(text), lookup);
    expect(rows.map((r) => r.code)).toEqual(['R8']);
    expect(errors).toEqual([{ row: 2, column: 'parent', value: 'C2', message: 'no community with code C2' }]);
  });

  it('rejects a header without the required columns', () => {
    const { rows, errors } = checkFacilityRows(parseCsv('east,north,name\n1,2,a\n'), lookup);
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.column)).toEqual(['lon', 'lat', 'code', 'type']);
  });
});

describe('report months (China time)', () => {
  it('maps instants to China-time months and ranges', () => {
    expect(monthOf('2026-11-30T16:30:00.000Z')).toBe('2026-12');
    expect(monthOf('2026-11-30T15:59:59.000Z')).toBe('2026-11');
    expect(monthRange('2026-11')).toEqual({ start: '2026-10-31T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' });
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 2)).toBe('2027-01');
  });

  it('makes reports due before the 30th (February: by the month end)', () => {
    expect(dueDate('2026-11')).toBe('2026-11-30');
    expect(dueAt('2026-11')).toBe('2026-11-29T16:00:00.000Z');
    expect(dueDate('2026-02')).toBe('2026-03-01');
  });
});
