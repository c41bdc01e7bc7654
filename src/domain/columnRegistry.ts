/**
 * Column registries: one per behaviour table (trials, performance, legacy performance, epochs), each
 * column declared once with its reference name, GraphQL field, kind, unit, definition and former
 * names. The domain computations build their tables through `tableOf`, the GraphQL row types generate
 * their fields from the same entries (src/resolvers/behaviourColumns.ts), and the columnar form and the
 * CSV/NDJSON exports carry the kinds and definitions of the tables — so none of them can drift.
 */
import { BadUserInputError } from '../errors.ts';
import {
  type Column,
  type ColumnKind,
  type ColumnTable,
  isAllNaN,
  quoted,
  refuseUnknownColumns,
} from './columns.ts';

/** The clock of every time column without sync, as the column definitions name it. */
export const TASK_SECONDS =
  'seconds from the first frame of the task file (no sync: timed by the task\u2019s own frame clock)';

/** A column's earlier name, still served as a deprecated GraphQL field with the same values. */
export interface FormerName {
  /** The former snake_case name. */
  readonly name: string;
  /** Its GraphQL field: camelCase of the former name unless given. */
  readonly field?: string;
  readonly description: string;
  readonly deprecationReason: string;
}

/** What a registry declares for one column; `name` is its key in the registry. */
export interface ColumnDeclaration<K extends ColumnKind = ColumnKind> {
  readonly kind: K;
  readonly description: string;
  readonly unit?: string;
  /** GraphQL field: camelCase of the name by default; null for a column served in tables only. */
  readonly field?: string | null;
  readonly formerNames?: readonly FormerName[];
  /** Only some sessions' tables have it (opto, galvo): its field is null when it is absent. */
  readonly optional?: boolean;
  /** An empty string means there is none (its field gives null then). */
  readonly emptyMeansNone?: boolean;
}

/** One column of a registry, complete. */
export interface ColumnSpec<K extends ColumnKind = ColumnKind, N extends string = string>
  extends ColumnDeclaration<K> {
  /** snake_case name used by the reference tables (npc_sessions / NWB). */
  readonly name: N;
  readonly field: string | null;
  readonly formerNames: readonly FormerName[];
  readonly optional: boolean;
  readonly emptyMeansNone: boolean;
}

/** A table's columns by name; property order is the reference output order. */
export type ColumnRegistry<D extends Record<string, ColumnDeclaration> = Record<string, ColumnDeclaration>> =
  {
    readonly [N in keyof D & string]: ColumnSpec<D[N]['kind'], N>;
  };

/** `cross_modality_dprime` → `crossModalityDprime`. */
export const camelCase = (snake: string): string =>
  snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A registry from its declarations (in output order), with names and default field names filled in. */
export function defineColumns<const D extends Record<string, ColumnDeclaration>>(
  declarations: D,
): ColumnRegistry<D> {
  const entries = Object.entries(declarations).map(([name, d]) => [
    name,
    {
      ...d,
      name,
      field: d.field === undefined ? camelCase(name) : d.field,
      formerNames: d.formerNames ?? [],
      optional: d.optional ?? false,
      emptyMeansNone: d.emptyMeansNone ?? false,
    },
  ]);
  return Object.fromEntries(entries) as ColumnRegistry<D>;
}

/** The registry's columns in output order. */
export function columnSpecs(registry: ColumnRegistry): ColumnSpec[] {
  return Object.values(registry);
}

/** The values a column of kind K holds, one per row. */
export type ColumnValues<K extends ColumnKind> = Extract<Column, { kind: K }>['values'];

/** Computed values by column name, each typed by its column's kind; a missing name is a column absent. */
export type TableValues<R extends ColumnRegistry> = {
  [N in keyof R]?: ColumnValues<R[N]['kind']>;
};

/**
 * The table of `values`, columns in registry order with the registry's kind, unit and definition.
 * With `dropAllNaN`, float columns whose every value is NaN are left out (the reference trials table
 * does this) — except in an empty table, which keeps its columns so its shape stays known.
 */
export function tableOf<R extends ColumnRegistry>(
  registry: R,
  rowCount: number,
  values: TableValues<R>,
  opts: { dropAllNaN?: boolean } = {},
): ColumnTable {
  const columns: Column[] = [];
  for (const spec of columnSpecs(registry)) {
    const v = values[spec.name as keyof R];
    if (v === undefined) continue;
    if (v.length !== rowCount) {
      throw new Error(`column ${spec.name} has ${v.length} values for ${rowCount} rows`);
    }
    const column = columnOf(spec, v);
    if (opts.dropAllNaN === true && rowCount > 0 && column.kind === 'float' && isAllNaN(column.values))
      continue;
    columns.push(column);
  }
  return { rowCount, columns };
}

/** One row's value of a column of kind K. */
export type CellOf<K extends ColumnKind> = ColumnValues<K>[number];

/** A whole row: a value for every column of the registry, each typed by its column's kind. */
export type TableRowValues<R extends ColumnRegistry> = { [N in keyof R]: CellOf<R[N]['kind']> };

/** The table of rows computed one by one (a row per block), transposed into the registry's columns. */
export function tableOfRows<R extends ColumnRegistry>(
  registry: R,
  rows: readonly TableRowValues<R>[],
): ColumnTable {
  const values: Record<string, unknown[] | Float64Array> = {};
  for (const spec of columnSpecs(registry)) {
    const cells = rows.map((row) => row[spec.name as keyof R]);
    values[spec.name] = spec.kind === 'float' ? Float64Array.from(cells as number[]) : cells;
  }
  return tableOf(registry, rows.length, values as TableValues<R>);
}

function columnOf(spec: ColumnSpec, values: ColumnValues<ColumnKind>): Column {
  const unit = spec.unit === undefined ? {} : { unit: spec.unit };
  // TableValues ties each name's values to its kind, so the pair is one of Column's variants.
  return { name: spec.name, kind: spec.kind, values, description: spec.description, ...unit } as Column;
}

/** Each former name → the current name of its column (what `selectColumns` reads for an alias). */
export function formerNameAliases(registry: ColumnRegistry): ReadonlyMap<string, string> {
  return new Map(columnSpecs(registry).flatMap((spec) => spec.formerNames.map((f) => [f.name, spec.name])));
}

/**
 * The table with each column that had another name under that former name (the notebook-era header,
 * `?names=legacy` on the exports); columns that were never renamed keep theirs.
 */
export function withFormerNames(registry: ColumnRegistry, table: ColumnTable): ColumnTable {
  const formerOf = new Map(
    columnSpecs(registry).flatMap((spec) => {
      const former = spec.formerNames[0];
      return former === undefined ? [] : [[spec.name, former.name] as const];
    }),
  );
  return { ...table, columns: table.columns.map((c) => ({ ...c, name: formerOf.get(c.name) ?? c.name })) };
}

/**
 * Checks a caller's column list against a registry before any table is read: at most as many names
 * as the table accepts, each known — a current name or a former one (an alias of its column) — and
 * asked for once. Null/undefined means every column.
 */
export function checkColumnNames(
  registry: ColumnRegistry,
  names: readonly string[] | null | undefined,
): readonly string[] | null {
  if (names == null) return null;
  const current = Object.keys(registry);
  const aliases = formerNameAliases(registry);
  const knownCount = current.length + aliases.size;
  const formerList = [...aliases].map(([former, now]) => `${former} (now ${now})`).join(', ');
  const accepted =
    `at most ${knownCount} distinct column names of this table: ${current.join(', ')}` +
    (aliases.size > 0 ? `; or former names: ${formerList}` : '');
  if (names.length > knownCount) {
    throw new BadUserInputError(
      `${names.length} column names asked for; this table accepts ${knownCount} names`,
      [accepted],
    );
  }
  refuseUnknownColumns(
    names.filter((n) => !Object.hasOwn(registry, n) && !aliases.has(n)),
    accepted,
  );
  // Quadratic, but only over a list already capped at the number of names.
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (repeated.length > 0) {
    throw new BadUserInputError(
      `Column${repeated.length > 1 ? 's' : ''} asked for twice: ${quoted(repeated)}`,
      [accepted],
    );
  }
  return names;
}
