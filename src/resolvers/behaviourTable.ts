/**
 * ColumnTable: a behaviour table in columnar form for dataframe users — one typed value list per
 * column, under the reference snake_case names, so `pd.DataFrame({c.name: c.values…})` rebuilds it.
 */

import { type Column, type ColumnTable, finiteNumberOrNull } from '../domain/columns.ts';
import { builder } from './builder.ts';

export const ColumnKindEnum = builder.enumType('ColumnKind', {
  description: 'Type of the values of a table column; tells which `…Values` list holds them.',
  values: {
    FLOAT: { value: 'float', description: 'Numbers (floatValues); null where the reference has NaN.' },
    INT: { value: 'int', description: 'Whole numbers (intValues).' },
    BOOL: { value: 'bool', description: 'true/false (boolValues).' },
    STRING: { value: 'string', description: 'Text (stringValues).' },
    STRING_LIST: { value: 'stringList', description: 'A list of strings per row (stringListValues).' },
  } as const,
});

const ColumnRef = builder.objectRef<Column>('TableColumn').implement({
  description: 'One column of a table: its reference name, definition, unit and values in row order.',
  fields: (t) => ({
    name: t.string({
      description: 'Reference (npc_sessions) snake_case column name.',
      resolve: (c) => c.name,
    }),
    description: t.string({ description: 'Definition of the column.', resolve: (c) => c.description }),
    unit: t.string({
      nullable: true,
      description: 'Unit of the values (e.g. `s`), when they have one.',
      resolve: (c) => ('unit' in c ? (c.unit ?? null) : null),
    }),
    kind: t.field({ type: ColumnKindEnum, description: 'Type of the values.', resolve: (c) => c.kind }),
    floatValues: t.floatList({
      nullable: { list: true, items: true },
      description: 'The values of a FLOAT column (null items for NaN); null for other kinds.',
      resolve: (c) => (c.kind === 'float' ? Array.from(c.values, finiteNumberOrNull) : null),
    }),
    intValues: t.intList({
      nullable: true,
      description: 'The values of an INT column; null for other kinds.',
      resolve: (c) => (c.kind === 'int' ? c.values : null),
    }),
    boolValues: t.booleanList({
      nullable: true,
      description: 'The values of a BOOL column; null for other kinds.',
      resolve: (c) => (c.kind === 'bool' ? c.values : null),
    }),
    stringValues: t.stringList({
      nullable: true,
      description: 'The values of a STRING column; null for other kinds.',
      resolve: (c) => (c.kind === 'string' ? c.values : null),
    }),
    stringListValues: t.field({
      type: t.listRef(t.listRef('String')),
      nullable: true,
      description: 'The values of a STRING_LIST column; null for other kinds.',
      resolve: (c) => (c.kind === 'stringList' ? c.values : null),
    }),
  }),
});

export const ColumnTableRef = builder.objectRef<ColumnTable>('ColumnTable').implement({
  description: 'A table in columnar form: every column holds rowCount values.',
  fields: (t) => ({
    rowCount: t.int({ description: 'Number of rows.', resolve: (table) => table.rowCount }),
    columns: t.field({
      type: [ColumnRef],
      description: 'The columns, in the reference order (or the order asked for).',
      resolve: (table) => table.columns,
    }),
  }),
});
