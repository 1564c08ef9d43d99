import { describe, expect, it } from 'vitest';
import { csvRecords, CsvEncodingError, decodeUtf8, isCalendarDate, parseCsv } from '../../api/shared/csv.js';

const NUL = 'contains a character that is not allowed (NUL)';
const SURROGATE = 'contains a character that is not allowed (unpaired surrogate)';

describe('isCalendarDate', () => {
  it('accepts real days in the form YYYY-MM-DD, leap days only in leap years', () => {
    for (const d of ['2024-01-31', '2024-02-29', '2000-02-29', '2023-04-30', '1960-12-31', '2026-11-26'])
      expect(isCalendarDate(d), d).toBe(true);
  });
  it('refuses days that do not exist and other forms', () => {
    for (const d of [
      '2023-02-29',
      '1900-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-1-01',
      '24-01-01',
      '2024/01/01',
      '2024-01-01T00:00',
      ' 2024-01-01',
      '',
    ])
      expect(isCalendarDate(d), d).toBe(false);
  });
});

describe('the CSV reader', () => {
  it('refuses a cell holding NUL or an unpaired surrogate, naming its row and column', () => {
    const text = 'full_name,student_id\nAn,S1\nB\u0000inh,S2\n\nCu\ud800ong,S3\n';
    expect(() => csvRecords(text)).toThrow(CsvEncodingError);
    try {
      parseCsv(text);
    } catch (e) {
      expect((e as CsvEncodingError).errors).toEqual([
        { field: 'row 2, column full_name', message: NUL },
        { field: 'row 3, column full_name', message: SURROGATE },
      ]);
      expect((e as Error).message).toBe(`row 2, column full_name: ${NUL}; row 3, column full_name: ${SURROGATE}`);
    }
    expect(() => parseCsv('na\u0000me,x\n1,2\n')).toThrow('row 0 (header), column 1');
  });

  it('refuses a file that is not UTF-8 as a whole, and reads one that is', () => {
    expect(() => decodeUtf8(Buffer.from([0x61, 0xff, 0x62]))).toThrow(CsvEncodingError);
    expect(() => decodeUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toThrow('the file is not UTF-8 text');
    expect(csvRecords(decodeUtf8(Buffer.from('\ufeffname\nNguyễn 😀\n'))).records[0]!.values).toEqual({
      name: 'Nguyễn 😀',
    });
  });
});
