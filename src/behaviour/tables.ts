/**
 * Column tables (src/domain/columns.ts) in the shapes users take them in: typed row accessors for
 * GraphQL row types, CSV and NDJSON lines for the export routes, and column selection for the
 * columnar GraphQL form. Pure: no I/O.
 */
import type { Column, ColumnTable } from '../domain/columns.ts';
import { BadUserInputError } from '../errors.ts';

/** One row of a table, read by column name; null when the column is absent or the value is not finite. */
export interface TableRow {
  readonly index: number;
  float(name: string): number | null;
  int(name: string): number | null;
  bool(name: string): boolean | null;
  string(name: string): string | null;
  stringList(name: string): string[] | null;
}

/** Row accessors sharing one name → column map. */
export function tableRows(table: ColumnTable): TableRow[] {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const valueAt = (name: string, index: number): unknown => byName.get(name)?.values[index];
  return Array.from({ length: table.rowCount }, (_, index) => ({
    index,
    float: (name) => finiteNumberOrNull(valueAt(name, index)),
    int: (name) => {
      const v = valueAt(name, index);
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    },
    bool: (name) => {
      const v = valueAt(name, index);
      return typeof v === 'boolean' ? v : null;
    },
    string: (name) => {
      const v = valueAt(name, index);
      return typeof v === 'string' ? v : null;
    },
    stringList: (name) => {
      const v = valueAt(name, index);
      return Array.isArray(v) ? (v as string[]) : null;
    },
  }));
}

/** A number GraphQL Float and JSON can carry: NaN and ±Infinity become null. */
export function finiteNumberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The columns asked for, in the order asked (all when `names` is null/undefined). */
export function selectColumns(table: ColumnTable, names: readonly string[] | null | undefined): ColumnTable {
  if (names == null) return table;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new BadUserInputError(
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
      [`column names of this table: ${table.columns.map((c) => c.name).join(', ')}`],
    );
  }
  return { rowCount: table.rowCount, columns: names.map((n) => byName.get(n) as Column) };
}

// ---- CSV (RFC 4180): header of the reference column names, NaN empty, booleans true/false ----

export function csvHeader(table: ColumnTable): string {
  return `${table.columns.map((c) => csvText(c.name)).join(',')}\r\n`;
}

export function csvRow(table: ColumnTable, index: number): string {
  return `${table.columns.map((c) => csvCell(c, index)).join(',')}\r\n`;
}

function csvCell(c: Column, index: number): string {
  switch (c.kind) {
    case 'float':
    case 'int':
      return csvNumber(c.values[index] ?? Number.NaN);
    case 'bool':
      return c.values[index] === true ? 'true' : 'false';
    case 'string':
      return csvText(c.values[index] ?? '');
    case 'stringList':
      return csvText(JSON.stringify(c.values[index] ?? []));
  }
}

/** Shortest round-trip decimal; NaN empty (read back as a missing value); infinities as pandas spells them. */
function csvNumber(value: number): string {
  if (Number.isNaN(value)) return '';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return String(value);
}

function csvText(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// ---- NDJSON: one JSON object per row, keyed by the reference column names; NaN as null ----

export function ndjsonRow(table: ColumnTable, index: number): string {
  const row: Record<string, unknown> = {};
  for (const c of table.columns) {
    const v = c.values[index];
    row[c.name] = typeof v === 'number' ? finiteNumberOrNull(v) : (v ?? null);
  }
  return `${JSON.stringify(row)}\n`;
}

export type TableFormat = 'csv' | 'ndjson';

export const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The table as text lines (the CSV header first), generated row by row so callers can stream them. */
export function* tableLines(table: ColumnTable, format: TableFormat): Generator<string> {
  if (format === 'csv') yield csvHeader(table);
  const line = format === 'csv' ? csvRow : ndjsonRow;
  for (let i = 0; i < table.rowCount; i++) yield line(table, i);
}
