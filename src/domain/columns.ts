/**
 * Column tables: the one shape every behaviour table (trials, performance, epochs) is computed in, so
 * GraphQL row objects and dataframe-style exports come from the same computation. Columns keep the
 * reference (npc_sessions) snake_case names and order; each carries its definition and unit from the
 * table's column registry (columnRegistry.ts).
 */
import { BadUserInputError } from '../errors.ts';

interface ColumnBase {
  /** snake_case name used by the reference tables (npc_sessions / NWB). */
  name: string;
  /** Definition of the column, from its registry: shown in schema descriptions and exports. */
  description: string;
  /** Unit of the values (e.g. `s`), when they have one. */
  unit?: string;
}

export type Column =
  | (ColumnBase & { kind: 'float'; values: Float64Array | number[] })
  | (ColumnBase & { kind: 'int'; values: number[] })
  | (ColumnBase & { kind: 'bool'; values: boolean[] })
  | (ColumnBase & { kind: 'string'; values: string[] })
  /** A list of strings per row (epoch `tags`, `interval_names`): the NWB ragged columns. */
  | (ColumnBase & { kind: 'stringList'; values: string[][] });

export type ColumnKind = Column['kind'];

export interface ColumnTable {
  rowCount: number;
  /** In reference output order. */
  columns: Column[];
}

export function column(table: ColumnTable, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The column's values as numbers (float or int); throws when absent or of another kind. */
export function numericColumn(table: ColumnTable, name: string): ArrayLike<number> {
  const c = column(table, name);
  if (c === undefined || (c.kind !== 'float' && c.kind !== 'int')) {
    throw new Error(`numeric column ${name} is not in the table`);
  }
  return c.values;
}

/** The column's values as booleans; throws when absent or of another kind. */
export function boolColumn(table: ColumnTable, name: string): boolean[] {
  const c = column(table, name);
  if (c === undefined || c.kind !== 'bool') throw new Error(`boolean column ${name} is not in the table`);
  return c.values;
}

/** The column's values as strings; throws when absent or of another kind. */
export function stringColumn(table: ColumnTable, name: string): string[] {
  const c = column(table, name);
  if (c === undefined || c.kind !== 'string') throw new Error(`string column ${name} is not in the table`);
  return c.values;
}

export type CellValue = number | boolean | string | string[] | null;

/**
 * One row as a plain object keyed by column name (what a GraphQL row resolver or a JSON export wants).
 * With `nanAsNull`, NaN floats become null (GraphQL Float and JSON cannot carry NaN).
 */
export function rowObject(
  table: ColumnTable,
  index: number,
  opts: { nanAsNull?: boolean } = {},
): Record<string, CellValue> {
  const row: Record<string, CellValue> = {};
  for (const c of table.columns) {
    const v = c.values[index];
    if (v === undefined) continue;
    row[c.name] = opts.nanAsNull === true && typeof v === 'number' && Number.isNaN(v) ? null : v;
  }
  return row;
}

/** All rows as plain objects. */
export function rowObjects(
  table: ColumnTable,
  opts: { nanAsNull?: boolean } = {},
): Record<string, CellValue>[] {
  return Array.from({ length: table.rowCount }, (_, i) => rowObject(table, i, opts));
}

/** The rows whose index `keep` says to keep, every column sliced alike. */
export function selectRows(table: ColumnTable, keep: (rowIndex: number) => boolean): ColumnTable {
  const indices: number[] = [];
  for (let i = 0; i < table.rowCount; i++) if (keep(i)) indices.push(i);
  return {
    rowCount: indices.length,
    columns: table.columns.map((c) => pickRows(c, indices)),
  };
}

function pickRows(c: Column, indices: readonly number[]): Column {
  switch (c.kind) {
    case 'float':
      return { ...c, values: Float64Array.from(indices, (i) => c.values[i] ?? Number.NaN) };
    case 'int':
      return { ...c, values: indices.map((i) => c.values[i] ?? 0) };
    case 'bool':
      return { ...c, values: indices.map((i) => c.values[i] ?? false) };
    case 'string':
      return { ...c, values: indices.map((i) => c.values[i] ?? '') };
    case 'stringList':
      return { ...c, values: indices.map((i) => c.values[i] ?? []) };
  }
}

/** True when every value of a float column is NaN (the reference drops such columns from trials). */
export function isAllNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) return false;
  return true;
}

/** A number GraphQL Float and JSON can carry: NaN and ±Infinity become null. */
export function finiteNumberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** One row of a table, read by column name; null when the column is absent or the value is not finite. */
export interface TableRow {
  readonly index: number;
  float(name: string): number | null;
  int(name: string): number | null;
  bool(name: string): boolean | null;
  string(name: string): string | null;
  stringList(name: string): string[] | null;
}

/** Row accessors sharing one name → column map (what the GraphQL row types read). */
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

/**
 * The columns asked for, in the order asked (all when `names` is null/undefined). A name in `aliases`
 * (a former name → its current one) serves that column under the name asked. A name this table lacks
 * (an opto column of a session without opto) is refused, listing the columns it has.
 */
export function selectColumns(
  table: ColumnTable,
  names: readonly string[] | null | undefined,
  aliases: ReadonlyMap<string, string> = new Map(),
): ColumnTable {
  if (names == null) return table;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const sourceOf = (name: string) => aliases.get(name) ?? name;
  refuseUnknownColumns(
    names.filter((n) => !byName.has(sourceOf(n))),
    `column names of this table: ${table.columns.map((c) => c.name).join(', ')}`,
  );
  return {
    rowCount: table.rowCount,
    columns: names.map((n) => ({ ...(byName.get(sourceOf(n)) as Column), name: n })),
  };
}

/** BAD_USER_INPUT naming the unknown column names (if any) and saying what is accepted. */
export function refuseUnknownColumns(unknown: readonly string[], accepted: string): void {
  if (unknown.length === 0) return;
  throw new BadUserInputError(`Unknown column${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}`, [
    accepted,
  ]);
}

/** `"a", "b"`: names as the caller wrote them, quoted. */
export const quoted = (names: readonly string[]): string => names.map((n) => JSON.stringify(n)).join(', ');
