/**
 * CSV reading for uploads: strict UTF-8 (a byte-order mark is allowed), RFC 4180 quoting, and a
 * header row. Returns rows as records keyed by normalised header names. A file that is not UTF-8,
 * or a cell holding NUL or an unpaired surrogate, is refused as a whole (CsvEncodingError, a 400
 * naming the row and column) before anything reads its rows. And CSV writing for downloads: one
 * field writer, safe to open in a spreadsheet.
 */
import { UnreadableInputError, type FieldError } from './errors.js';
import { textFault, textFaultMessage } from './text.js';

export class CsvEncodingError extends UnreadableInputError {
  constructor(errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}

/** At most this many cells are named when a file holds bad characters. */
const MAX_CELL_ERRORS = 20;

export function decodeUtf8(bytes: Buffer): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.codePointAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new CsvEncodingError([{ field: 'file', message: 'the file is not UTF-8 text; save it as "CSV UTF-8"' }]);
  }
}

/**
 * Cells that cannot be stored, named by row (the header is row 0, data rows count from 1, blank
 * lines skipped, as in every row report) and column (its header, or its position).
 */
function cellErrors(rows: string[][]): FieldError[] {
  const header = rows[0] ?? [];
  const errors: FieldError[] = [];
  for (let r = 0; r < rows.length && errors.length < MAX_CELL_ERRORS; r++)
    rows[r]!.forEach((cell, c) => {
      const fault = textFault(cell);
      if (!fault || errors.length >= MAX_CELL_ERRORS) return;
      const name = r > 0 && header[c] !== undefined && !textFault(header[c]!) ? normaliseHeader(header[c]!) : '';
      errors.push({
        field: `row ${r}${r === 0 ? ' (header)' : ''}, column ${name || c + 1}`,
        message: textFaultMessage(fault),
      });
    });
  return errors.length ? errors : [{ field: 'file', message: 'contains a character that is not allowed' }];
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const filled = rows.filter((r) => r.some((f) => f.trim() !== ''));
  // two native scans of the whole text; cells are looked at only when one of them finds something
  if (text.includes('\u0000') || !text.isWellFormed()) throw new CsvEncodingError(cellErrors(filled));
  return filled;
}

export const normaliseHeader = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Records keyed by header; `line` is the 1-based data row number (the header is row 0). */
export function csvRecords(text: string): {
  headers: string[];
  records: { line: number; values: Record<string, string> }[];
} {
  const [head, ...body] = parseCsv(text);
  const headers = (head ?? []).map(normaliseHeader);
  return {
    headers,
    records: body.map((r, i) => ({
      line: i + 1,
      values: Object.fromEntries(headers.map((h, j) => [h, (r[j] ?? '').trim()])),
    })),
  };
}

/** A strict YYYY-MM-DD that is a real calendar date. */
export function isCalendarDate(s: string): boolean {
  if (s.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  // Arithmetic rather than a Date per value: an import checks half a million of these.
  const y = Number(s.slice(0, 4)),
    m = Number(s.slice(5, 7)),
    d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

/**
 * One CSV field, quoted when needed. A value a spreadsheet would run as a formula (a leading =, +,
 * -, @, tab or carriage return) gets a leading apostrophe, unless it is a plain number.
 */
export function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV text for download: UTF-8 with a byte-order mark (so spreadsheet programs read accents correctly), CRLF line ends. */
export function toCsv(header: readonly unknown[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
