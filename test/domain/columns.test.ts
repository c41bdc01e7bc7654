/**
 * Column tables: typed column access with its errors, rows as objects (NaN as null on request),
 * row selection for every column kind, row accessors that refuse values of another type, and column
 * selection that names what it does not know.
 */
import { describe, expect, it } from 'vitest';
import {
  boolColumn,
  type ColumnTable,
  finiteNumberOrNull,
  numericColumn,
  rowObject,
  rowObjects,
  selectColumns,
  selectRows,
  stringColumn,
  tableRows,
} from '../../src/domain/columns.ts';
import { BadUserInputError } from '../../src/errors.ts';

const nan = Number.NaN;
const table: ColumnTable = {
  rowCount: 3,
  columns: [
    { name: 'f', kind: 'float', values: Float64Array.from([0.5, nan, 2]), description: '' },
    { name: 'i', kind: 'int', values: [1, 2, 3], description: '' },
    { name: 'b', kind: 'bool', values: [true, false, true], description: '' },
    { name: 's', kind: 'string', values: ['a', 'b', 'c'], description: '' },
    { name: 'l', kind: 'stringList', values: [['x'], [], ['y', 'z']], description: '' },
  ],
};

describe('typed column access', () => {
  it('returns the values of a column of the right kind', () => {
    expect(Array.from(numericColumn(table, 'f'))).toEqual([0.5, nan, 2]);
    expect(Array.from(numericColumn(table, 'i'))).toEqual([1, 2, 3]);
    expect(boolColumn(table, 'b')).toEqual([true, false, true]);
    expect(stringColumn(table, 's')).toEqual(['a', 'b', 'c']);
  });

  it.each<[string, () => unknown, string]>([
    ['numeric, absent', () => numericColumn(table, 'nope'), 'numeric column nope is not in the table'],
    ['numeric, a bool column', () => numericColumn(table, 'b'), 'numeric column b is not in the table'],
    ['numeric, a string column', () => numericColumn(table, 's'), 'numeric column s is not in the table'],
    ['bool, absent', () => boolColumn(table, 'nope'), 'boolean column nope is not in the table'],
    ['bool, an int column', () => boolColumn(table, 'i'), 'boolean column i is not in the table'],
    ['string, absent', () => stringColumn(table, 'nope'), 'string column nope is not in the table'],
    ['string, a list column', () => stringColumn(table, 'l'), 'string column l is not in the table'],
  ])('%s is an error', (_name, read, message) => {
    expect(read).toThrow(new Error(message));
  });
});

describe('rows', () => {
  it('rowObject keeps NaN unless asked, and skips columns shorter than the row', () => {
    const ragged: ColumnTable = {
      rowCount: 2,
      columns: [...table.columns, { name: 'short', kind: 'int', values: [7], description: '' }],
    };
    expect(rowObject(ragged, 1)).toEqual({ f: nan, i: 2, b: false, s: 'b', l: [] });
    expect(rowObject(ragged, 1, { nanAsNull: true })).toEqual({ f: null, i: 2, b: false, s: 'b', l: [] });
    expect(rowObject(ragged, 0, { nanAsNull: false })).toEqual({
      f: 0.5,
      i: 1,
      b: true,
      s: 'a',
      l: ['x'],
      short: 7,
    });
    expect(Object.keys(rowObject(ragged, 1))).toEqual(['f', 'i', 'b', 's', 'l']);
    expect(rowObjects(table, { nanAsNull: true }).map((row) => row.f)).toEqual([0.5, null, 2]);
  });

  it('selectRows slices every kind of column alike', () => {
    const kept = selectRows(table, (i) => i !== 1);
    expect(kept.rowCount).toBe(2);
    expect(kept.columns.map((c) => [c.name, c.kind, Array.from(c.values as ArrayLike<unknown>)])).toEqual([
      ['f', 'float', [0.5, 2]],
      ['i', 'int', [1, 3]],
      ['b', 'bool', [true, true]],
      ['s', 'string', ['a', 'c']],
      ['l', 'stringList', [['x'], ['y', 'z']]],
    ]);
    expect(kept.columns[0]?.values).toBeInstanceOf(Float64Array);
  });

  it('selectRows fills rows a column lacks with its kind’s empty value', () => {
    const short: ColumnTable = {
      rowCount: 2,
      columns: [
        { name: 'f', kind: 'float', values: [1], description: '' },
        { name: 'i', kind: 'int', values: [1], description: '' },
        { name: 'b', kind: 'bool', values: [true], description: '' },
        { name: 's', kind: 'string', values: ['a'], description: '' },
        { name: 'l', kind: 'stringList', values: [['a']], description: '' },
      ],
    };
    expect(
      selectRows(short, () => true).columns.map((c) => Array.from(c.values as ArrayLike<unknown>)),
    ).toEqual([
      [1, nan],
      [1, 0],
      [true, false],
      ['a', ''],
      [['a'], []],
    ]);
  });

  it('row accessors return a value only for its own type', () => {
    const mixed: ColumnTable = {
      rowCount: 1,
      columns: [
        { name: 'f', kind: 'float', values: [1.5], description: '' },
        { name: 'whole', kind: 'float', values: [2], description: '' },
        { name: 'inf', kind: 'float', values: [Number.POSITIVE_INFINITY], description: '' },
        { name: 'b', kind: 'bool', values: [false], description: '' },
        { name: 's', kind: 'string', values: ['1'], description: '' },
        { name: 'l', kind: 'stringList', values: [['a']], description: '' },
      ],
    };
    const [row] = tableRows(mixed);
    const read = (name: string) => [
      row?.float(name),
      row?.int(name),
      row?.bool(name),
      row?.string(name),
      row?.stringList(name),
    ];
    expect(row?.index).toBe(0);
    expect(read('f')).toEqual([1.5, null, null, null, null]);
    expect(read('whole')).toEqual([2, 2, null, null, null]);
    expect(read('inf')).toEqual([null, null, null, null, null]);
    expect(read('b')).toEqual([null, null, false, null, null]);
    expect(read('s')).toEqual([null, null, null, '1', null]);
    expect(read('l')).toEqual([null, null, null, null, ['a']]);
    expect(read('absent')).toEqual([null, null, null, null, null]);
  });

  it.each<[unknown, number | null]>([
    [1.5, 1.5],
    [0, 0],
    [nan, null],
    [Number.NEGATIVE_INFINITY, null],
    ['1', null],
    [null, null],
  ])('finiteNumberOrNull(%j) = %j', (value, expected) => {
    expect(finiteNumberOrNull(value)).toBe(expected);
  });
});

describe('selectColumns', () => {
  it('returns the asked columns in the asked order; all without a list', () => {
    expect(selectColumns(table, ['s', 'f']).columns.map((c) => c.name)).toEqual(['s', 'f']);
    expect(selectColumns(table, null)).toBe(table);
    expect(selectColumns(table, undefined)).toBe(table);
  });

  it.each<[string[], string]>([
    [['f', 'nope'], 'Unknown column "nope"'],
    [['x', 'f', 'y'], 'Unknown columns "x", "y"'],
  ])('refuses %j, listing the table’s columns', (names, message) => {
    const refused = (() => {
      try {
        selectColumns(table, names);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(BadUserInputError);
    expect((refused as BadUserInputError).message).toBe(
      `${message}. Accepted: column names of this table: f, i, b, s, l`,
    );
  });
});
