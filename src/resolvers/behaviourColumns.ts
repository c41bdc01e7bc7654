/**
 * GraphQL fields over the columns of a behaviour table (trials, performance): one camelCase field per
 * reference snake_case column, described with the column's definition and unit. Row types (Trial,
 * BlockPerformance) declare their columns as specs and get their fields from here.
 */
import type { FieldRef, ObjectFieldBuilder, SchemaTypes } from '@pothos/core';
import type { TableRow } from '../behaviour/tables.ts';
import type { builder } from './builder.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

export type ColumnFieldType = 'Float' | 'Int' | 'Boolean' | 'String';

export interface ColumnFieldSpec {
  /** The reference snake_case column name. */
  column: string;
  type: ColumnFieldType;
  /** Floats are always nullable (NaN → null); other columns only when some tables lack them. */
  nullable: boolean;
  description: string;
  /** GraphQL field name; camelCase of the column by default. */
  field?: string;
  deprecationReason?: string;
}

/** `cross_modality_dprime` → `crossModalityDprime`. */
export const camelCase = (snake: string): string =>
  snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The fields of `specs`, each reading its column from the row `rowOf` picks out of the parent. */
export function columnFields<Parent>(
  t: ObjectFieldBuilder<Types, Parent>,
  rowOf: (parent: Parent) => TableRow | null,
  specs: readonly ColumnFieldSpec[],
): Record<string, FieldRef<Types, unknown, 'Object'>> {
  return Object.fromEntries(
    specs.map((spec) => [spec.field ?? camelCase(spec.column), field(t, rowOf, spec)]),
  );
}

function field<Parent>(
  t: ObjectFieldBuilder<Types, Parent>,
  rowOf: (parent: Parent) => TableRow | null,
  spec: ColumnFieldSpec,
): FieldRef<Types, unknown, 'Object'> {
  const { column, description, deprecationReason } = spec;
  const common = { description, ...(deprecationReason ? { deprecationReason } : {}) };
  const read = <V>(get: (row: TableRow) => V | null) =>
    spec.nullable
      ? (parent: Parent) => {
          const row = rowOf(parent);
          return row === null ? null : get(row);
        }
      : (parent: Parent) => required(rowOf(parent), get, column);
  switch (spec.type) {
    case 'Float':
      return t.float({ ...common, nullable: true, resolve: read((r) => r.float(column)) });
    case 'Int':
      return spec.nullable
        ? t.int({ ...common, nullable: true, resolve: read((r) => r.int(column)) })
        : t.int({ ...common, resolve: read((r) => r.int(column)) as (p: Parent) => number });
    case 'Boolean':
      return spec.nullable
        ? t.boolean({ ...common, nullable: true, resolve: read((r) => r.bool(column)) })
        : t.boolean({ ...common, resolve: read((r) => r.bool(column)) as (p: Parent) => boolean });
    case 'String':
      return spec.nullable
        ? t.string({ ...common, nullable: true, resolve: read((r) => r.string(column)) })
        : t.string({ ...common, resolve: read((r) => r.string(column)) as (p: Parent) => string });
  }
}

/** A column every table of this kind has: its absence is a bug, reported as an unexpected error. */
function required<V>(row: TableRow | null, get: (row: TableRow) => V | null, column: string): V {
  const value = row === null ? null : get(row);
  if (value === null) throw new Error(`column ${column} has no value in row ${row?.index ?? '?'}`);
  return value;
}
