/**
 * GraphQL fields generated from a behaviour table's column registry (src/domain/columnRegistry.ts): one
 * field per column that has a GraphQL name, typed by the column's kind, described with its definition,
 * plus a deprecated field per former name. Trial, BlockPerformance and Epoch get their fields here, so
 * a field's type cannot disagree with its column.
 */
import type { FieldRef, ObjectFieldBuilder, SchemaTypes } from '@pothos/core';
import { type ColumnSpec, camelCase } from '../domain/columnRegistry.ts';
import type { TableRow } from '../domain/columns.ts';
import type { builder } from './builder.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

/** How one row type words and nulls its column fields. */
export interface ColumnFieldStyle {
  /** Appended to a float column's definition: what null stands for. */
  nullNote: string;
  /** Before every definition. */
  prefix?: string;
  /** End each description with "(Column `name`.)"; default true. */
  namesColumn?: boolean;
  /** Every scalar field may be null (the row itself may be missing, or the type always allowed it). */
  allNullable?: boolean;
}

const ABSENT_NOTE = ' Null when the session does not have this column (e.g. no opto).';
const NONE_NOTE = ' Null when there are none.';

/** Floats are nullable (NaN → null), lists never (empty instead); others as the column and style say. */
export function isNullableField(spec: ColumnSpec, style: ColumnFieldStyle): boolean {
  if (spec.kind === 'float') return true;
  if (spec.kind === 'stringList') return false;
  return style.allNullable === true || spec.optional || spec.emptyMeansNone;
}

function describe(spec: ColumnSpec, style: ColumnFieldStyle): string {
  const notes = [
    spec.kind === 'float' ? style.nullNote : '',
    spec.emptyMeansNone ? NONE_NOTE : '',
    spec.optional ? ABSENT_NOTE : '',
  ].join('');
  const suffix = style.namesColumn === false ? '' : ` (Column \`${spec.name}\`.)`;
  return `${style.prefix ?? ''}${spec.description}${notes}${suffix}`;
}

/** The fields of `columns` (and of their former names), each reading its column from `rowOf(parent)`. */
export function columnFields<Parent>(
  t: ObjectFieldBuilder<Types, Parent>,
  rowOf: (parent: Parent) => TableRow | null,
  columns: readonly ColumnSpec[],
  style: ColumnFieldStyle,
): Record<string, FieldRef<Types, unknown, 'Object'>> {
  const fields: [string, FieldRef<Types, unknown, 'Object'>][] = [];
  for (const spec of columns) {
    if (spec.field === null) continue;
    fields.push([spec.field, field(t, rowOf, spec, style, { description: describe(spec, style) })]);
    for (const former of spec.formerNames) {
      const { description, deprecationReason } = former;
      fields.push([
        former.field ?? camelCase(former.name),
        field(t, rowOf, spec, style, { description, deprecationReason }),
      ]);
    }
  }
  return Object.fromEntries(fields);
}

function field<Parent>(
  t: ObjectFieldBuilder<Types, Parent>,
  rowOf: (parent: Parent) => TableRow | null,
  spec: ColumnSpec,
  style: ColumnFieldStyle,
  common: { description: string; deprecationReason?: string },
): FieldRef<Types, unknown, 'Object'> {
  const { name } = spec;
  const nullable = isNullableField(spec, style);
  const read = <V>(get: (row: TableRow) => V | null) =>
    nullable
      ? (parent: Parent) => {
          const row = rowOf(parent);
          return row === null ? null : get(row);
        }
      : (parent: Parent) => required(rowOf(parent), get, name);
  switch (spec.kind) {
    case 'float':
      return t.float({ ...common, nullable: true, resolve: read((r) => r.float(name)) });
    case 'int':
      return nullable
        ? t.int({ ...common, nullable: true, resolve: read((r) => r.int(name)) })
        : t.int({ ...common, resolve: read((r) => r.int(name)) as (p: Parent) => number });
    case 'bool':
      return nullable
        ? t.boolean({ ...common, nullable: true, resolve: read((r) => r.bool(name)) })
        : t.boolean({ ...common, resolve: read((r) => r.bool(name)) as (p: Parent) => boolean });
    case 'string': {
      const get = spec.emptyMeansNone
        ? (r: TableRow) => r.string(name) || null
        : (r: TableRow) => r.string(name);
      return nullable
        ? t.string({ ...common, nullable: true, resolve: read(get) })
        : t.string({ ...common, resolve: read(get) as (p: Parent) => string });
    }
    case 'stringList':
      return t.stringList({ ...common, resolve: (parent) => rowOf(parent)?.stringList(name) ?? [] });
  }
}

/** A column every table of this kind has: its absence is a bug, reported as an unexpected error. */
function required<V>(row: TableRow | null, get: (row: TableRow) => V | null, column: string): V {
  const value = row === null ? null : get(row);
  if (value === null) throw new Error(`column ${column} has no value in row ${row?.index ?? '?'}`);
  return value;
}
