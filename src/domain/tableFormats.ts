/**
 * Behaviour tables (column tables, src/domain/columns.ts) as text for dataframe users: CSV with a
 * header of the reference column names, or NDJSON with one object per row. Pure: the export routes
 * stream the lines these produce.
 */
import { type Column, type ColumnTable, finiteNumberOrNull } from './columns.ts';

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
