/** Column registries: defaults of a declaration, tables built from values and rows, column-list checks. */
import { describe, expect, it } from 'vitest';
import {
  camelCase,
  checkColumnNames,
  columnSpecs,
  defineColumns,
  formerNameAliases,
  tableOf,
  tableOfRows,
  withFormerNames,
} from '../../src/domain/columnRegistry.ts';
import { selectColumns } from '../../src/domain/columns.ts';
import { BadUserInputError } from '../../src/errors.ts';

const COLUMNS = defineColumns({
  start_time: { kind: 'float', unit: 's', description: 'start' },
  trial_index: { kind: 'int', description: 'index' },
  is_hit: {
    kind: 'bool',
    description: 'hit',
    formerNames: [{ name: 'was_hit', description: 'd', deprecationReason: 'r' }],
  },
  label: { kind: 'string', description: 'label', field: null, optional: true },
  tags: { kind: 'stringList', description: 'tags', emptyMeansNone: true },
});

describe('defineColumns', () => {
  it('fills in the name, the camelCase field and the defaults, keeping declaration order', () => {
    expect(columnSpecs(COLUMNS).map((c) => [c.name, c.field])).toEqual([
      ['start_time', 'startTime'],
      ['trial_index', 'trialIndex'],
      ['is_hit', 'isHit'],
      ['label', null],
      ['tags', 'tags'],
    ]);
    expect(COLUMNS.start_time).toMatchObject({ optional: false, emptyMeansNone: false, formerNames: [] });
    expect(COLUMNS.label.optional).toBe(true);
    expect(COLUMNS.is_hit.formerNames[0]?.name).toBe('was_hit');
    expect(camelCase('cross_modality_dprime_2')).toBe('crossModalityDprime2');
  });
});

describe('tableOf / tableOfRows', () => {
  it('builds columns in registry order with kind, unit and definition; absent values are absent columns', () => {
    const table = tableOf(COLUMNS, 2, { is_hit: [true, false], start_time: [1, 2] });
    expect(table.columns).toEqual([
      { name: 'start_time', kind: 'float', values: [1, 2], description: 'start', unit: 's' },
      { name: 'is_hit', kind: 'bool', values: [true, false], description: 'hit' },
    ]);
  });

  it('drops all-NaN float columns only when asked and only when there are rows', () => {
    const nan = [Number.NaN, Number.NaN];
    expect(tableOf(COLUMNS, 2, { start_time: nan }, { dropAllNaN: true }).columns).toEqual([]);
    expect(tableOf(COLUMNS, 2, { start_time: nan }).columns).toHaveLength(1);
    expect(tableOf(COLUMNS, 0, { start_time: [] }, { dropAllNaN: true }).columns).toHaveLength(1);
  });

  it('refuses values of the wrong length', () => {
    expect(() => tableOf(COLUMNS, 3, { trial_index: [0, 1] })).toThrow(/trial_index has 2 values for 3 rows/);
  });

  it('transposes rows into typed columns (floats as Float64Array)', () => {
    const table = tableOfRows(COLUMNS, [
      { start_time: 0.5, trial_index: 0, is_hit: true, label: 'a', tags: ['x'] },
      { start_time: Number.NaN, trial_index: 1, is_hit: false, label: '', tags: [] },
    ]);
    expect(table.rowCount).toBe(2);
    expect(table.columns[0]?.values).toBeInstanceOf(Float64Array);
    expect(table.columns.map((c) => Array.from(c.values as ArrayLike<unknown>))).toEqual([
      [0.5, Number.NaN],
      [0, 1],
      [true, false],
      ['a', ''],
      [['x'], []],
    ]);
  });
});

describe('checkColumnNames', () => {
  const refusal = (names: string[]) => {
    try {
      checkColumnNames(COLUMNS, names);
    } catch (error) {
      expect(error).toBeInstanceOf(BadUserInputError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('passes every column (null) and distinct known names through', () => {
    expect(checkColumnNames(COLUMNS, null)).toBeNull();
    expect(checkColumnNames(COLUMNS, undefined)).toBeNull();
    expect(checkColumnNames(COLUMNS, ['tags', 'start_time'])).toEqual(['tags', 'start_time']);
    expect(checkColumnNames(COLUMNS, [])).toEqual([]);
  });

  it('refuses unknown names, listing the columns', () => {
    expect(refusal(['startTime'])).toBe(
      'Unknown column "startTime". Accepted: at most 6 distinct column names of this table: start_time, trial_index, is_hit, label, tags; or former names: was_hit (now is_hit)',
    );
  });

  it('refuses a name asked for twice', () => {
    expect(refusal(['is_hit', 'tags', 'is_hit', 'tags', 'is_hit'])).toMatch(
      /^Columns asked for twice: "is_hit", "tags"\. Accepted: at most 6 distinct/,
    );
    expect(refusal(['tags', 'tags'])).toMatch(/^Column asked for twice: "tags"\./);
  });

  it('refuses more names than the table accepts (columns and former names) before looking at them', () => {
    expect(refusal(Array(3000).fill('is_hit'))).toMatch(
      /^3000 column names asked for; this table accepts 6 names\./,
    );
    expect(refusal(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toMatch(/^7 column names asked for/);
  });
});

describe('former names are aliases (issue 16.5)', () => {
  const table = tableOf(COLUMNS, 2, {
    start_time: Float64Array.from([0.5, 1.5]),
    trial_index: [0, 1],
    is_hit: [true, false],
  });

  it('checkColumnNames accepts a former name beside the current ones', () => {
    expect(checkColumnNames(COLUMNS, ['was_hit', 'start_time'])).toEqual(['was_hit', 'start_time']);
    expect(checkColumnNames(COLUMNS, ['was_hit', 'is_hit'])).toEqual(['was_hit', 'is_hit']);
  });

  it("selectColumns serves a former name with the current column's values, under the name asked", () => {
    const selected = selectColumns(table, ['was_hit', 'trial_index'], formerNameAliases(COLUMNS));
    expect(selected.columns.map((c) => [c.name, c.kind, Array.from(c.values as ArrayLike<unknown>)])).toEqual(
      [
        ['was_hit', 'bool', [true, false]],
        ['trial_index', 'int', [0, 1]],
      ],
    );
  });

  it('withFormerNames renames the columns that had another name, and only those', () => {
    expect(withFormerNames(COLUMNS, table).columns.map((c) => c.name)).toEqual([
      'start_time',
      'trial_index',
      'was_hit',
    ]);
  });

  it('lists the former names among the accepted ones', () => {
    expect(() => checkColumnNames(COLUMNS, ['nope'])).toThrow(/former names: was_hit \(now is_hit\)/);
  });
});
