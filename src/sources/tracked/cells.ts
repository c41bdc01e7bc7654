/**
 * Spreadsheet cells → typed values, for the training workbooks (reference §1.2). exceljs hands us
 * numbers, strings, booleans, Dates (for date-formatted numbers), rich text, hyperlinks, formulas and
 * error values; `cellOf` reduces those to a plain value and the readers below turn it into what a
 * column means. A reader throws BadCell; the workbook parser adds workbook, sheet, row and column.
 */

/** A cell reduced to its value: formulas to their result, rich text and hyperlinks to their text. */
export type Cell = string | number | boolean | Date | null;

export class BadCell extends Error {
  override readonly name = 'BadCell';
}

export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return cellOf(value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join(''));
    }
    if ('result' in value) return cellOf(value.result);
    if ('formula' in value || 'sharedFormula' in value) return null; // never calculated
    if ('text' in value) return cellOf(value.text);
    if ('error' in value) return String(value.error);
  }
  throw new BadCell(`unreadable cell value ${JSON.stringify(value)}`);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The cell as text, the way the reference's sqlite mirror stores it (`str(v).strip()`), or null. */
export function readText(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return formatDateTime(cell).replace(/ 00:00:00$/, '');
  if (typeof cell === 'boolean') return cell ? 'True' : 'False';
  return String(cell);
}

const TRUE_TEXT = new Set(['true', '1', '1.0', 'yes', 'y']);
const FALSE_TEXT = new Set(['false', '0', '0.0', 'no', 'n']);

export function readBoolean(cell: Cell): boolean | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell;
  if (cell === 1 || cell === 0) return cell === 1;
  if (typeof cell === 'string') {
    const text = cell.toLowerCase();
    if (TRUE_TEXT.has(text)) return true;
    if (FALSE_TEXT.has(text)) return false;
  }
  throw new BadCell(`expected TRUE/FALSE or 1/0, found ${show(cell)}`);
}

export function readNumber(cell: Cell): number | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string') {
    if (cell.toLowerCase() === 'nan') return null;
    const n = Number(cell);
    if (cell !== '' && Number.isFinite(n)) return n;
  }
  throw new BadCell(`expected a number, found ${show(cell)}`);
}

/** Per-block counts, e.g. `[12, 30, 25]`; the reference reads every `[0-9]+` run. */
export function readIntegerList(cell: Cell): number[] {
  return readList(cell, /\d+/g, 'a list of whole numbers like [12, 30, 25]');
}

/**
 * Per-block values printed by numpy, e.g. `[ 2.1  1.53 nan]`; NaN kept. The reference pattern
 * `-*[0-9].[0-9]*|nan` leaves its `.` unescaped (any character); we read the same numbers with an
 * escaped dot and an optional exponent, so `[2.1,3]` does not glue `3]` into a number.
 */
export function readFloatList(cell: Cell): number[] {
  return readList(
    cell,
    /-?\d+(?:\.\d*)?(?:e[-+]?\d+)?|-?\.\d+|nan/gi,
    'a list of numbers like [ 2.1  1.53 nan]',
  );
}

function readList(cell: Cell, item: RegExp, expected: string): number[] {
  if (cell === null) return [];
  if (typeof cell === 'number') return [cell];
  if (typeof cell !== 'string') throw new BadCell(`expected ${expected}, found ${show(cell)}`);
  // Anything besides the numbers, brackets, commas and spaces means the cell is not a list.
  if (cell.replace(item, '').replace(/[\s,[\]]/g, '') !== '') {
    throw new BadCell(`expected ${expected}, found ${show(cell)}`);
  }
  return (cell.match(item) ?? []).map((text) => (text.toLowerCase() === 'nan' ? Number.NaN : Number(text)));
}

const DATETIME_TEXT = /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T_](\d{2}):?(\d{2}):?(\d{2})(?:\.\d+)?)?$/;
/** Excel serial days of 1900-01-01 … 2099-12-31 (1900 date system: day 0 = 1899-12-30). */
const SERIAL_RANGE = [2, 73_415] as const;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A wall-clock datetime `YYYY-MM-DD HH:MM:SS`. Excel datetimes carry no zone; exceljs returns them as
 * UTC Dates holding the wall-clock time, so UTC fields are the wall clock. Text forms
 * `20230307_125627` and `2023-03-07 12:56:27` (or a bare date, read as midnight) are accepted too.
 */
export function readDateTime(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return formatDateTime(cell);
  if (typeof cell === 'number' && cell >= SERIAL_RANGE[0] && cell <= SERIAL_RANGE[1]) {
    return formatDateTime(new Date(EXCEL_EPOCH_MS + cell * 86_400_000));
  }
  const m = typeof cell === 'string' ? DATETIME_TEXT.exec(cell) : null;
  if (m) {
    const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const text = `${y}-${mo}-${d} ${h}:${mi}:${s}`;
    // Date.UTC rolls 2023-02-30 over to March: a round trip catches impossible dates and times.
    if (!Number.isNaN(ms) && formatDateTime(new Date(ms)) === text) return text;
  }
  throw new BadCell(
    `expected a date/time (Excel datetime, 20230307_125627 or 2023-03-07 12:56:27), found ${show(cell)}`,
  );
}

/** A calendar date `YYYY-MM-DD` (a datetime's time is dropped). */
export function readDate(cell: Cell): string | null {
  return readDateTime(cell)?.slice(0, 10) ?? null;
}

/** Rounded to the second: Excel stores fractions of a day, which rarely land on whole milliseconds. */
function formatDateTime(date: Date): string {
  const d = new Date(Math.round(date.getTime() / 1000) * 1000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

function show(cell: Cell): string {
  if (cell instanceof Date) return `date ${formatDateTime(cell)}`;
  return typeof cell === 'string' ? JSON.stringify(cell) : String(cell);
}

/**
 * Header → column name the way the reference's sqlite mirror does it: strip, lowercase, `d'` → `dprime`,
 * drop characters outside `[\w _-]`, runs of spaces/hyphens → `_`. Typographic primes (`d’`, `d′`) count
 * as `d'` too, since spreadsheet autocorrect produces them.
 */
export function slugifyHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/d['’′]/g, 'dprime')
    .replace(/[^\w _-]/g, '')
    .replace(/[ -]+/g, '_');
}
