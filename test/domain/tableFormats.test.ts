/** Column tables as CSV, NDJSON, row accessors and column selections. */
import { describe, expect, it } from 'vitest';
import { type ColumnTable, selectColumns, tableRows } from '../../src/domain/columns.ts';
import { csvHeader, csvRow, ndjsonRow, tableLines } from '../../src/domain/tableFormats.ts';
import { BadUserInputError } from '../../src/errors.ts';

const TABLE: ColumnTable = {
  rowCount: 3,
  columns: [
    {
      name: 'response_time',
      kind: 'float',
      values: Float64Array.of(1.25, Number.NaN, 1e-7),
      description: 'd',
      unit: 's',
    },
    {
      name: 'dprime',
      kind: 'float',
      values: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0],
      description: 'd',
    },
    { name: 'trial_index', kind: 'int', values: [0, 1, 2], description: 'd' },
    { name: 'is_hit', kind: 'bool', values: [true, false, true], description: 'd' },
    { name: 'stim_name', kind: 'string', values: ['vis1', 'a, "quoted"\nname', ' padded'], description: 'd' },
    { name: 'tags', kind: 'stringList', values: [['task'], [], ['a', 'b']], description: 'd' },
  ],
};

describe('CSV', () => {
  it('has a header of the reference names and one CRLF-terminated line per row', () => {
    expect(csvHeader(TABLE)).toBe('response_time,dprime,trial_index,is_hit,stim_name,tags\r\n');
    expect(csvRow(TABLE, 0)).toBe('1.25,inf,0,true,vis1,"[""task""]"\r\n');
  });

  it('writes NaN as empty, booleans as true/false, and quotes text that needs it', () => {
    expect(csvRow(TABLE, 1)).toBe(',-inf,1,false,"a, ""quoted""\nname",[]\r\n');
    expect(csvRow(TABLE, 2)).toBe('1e-7,0,2,true," padded","[""a"",""b""]"\r\n');
  });

  it('streams the header first, then every row', () => {
    const lines = [...tableLines(TABLE, 'csv')];
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(csvHeader(TABLE));
  });
});

describe('NDJSON', () => {
  it('writes one object per row keyed by column name, non-finite numbers as null', () => {
    expect(JSON.parse(ndjsonRow(TABLE, 0))).toEqual({
      response_time: 1.25,
      dprime: null,
      trial_index: 0,
      is_hit: true,
      stim_name: 'vis1',
      tags: ['task'],
    });
    expect(JSON.parse(ndjsonRow(TABLE, 1)).response_time).toBeNull();
    expect([...tableLines(TABLE, 'ndjson')]).toHaveLength(3);
    expect(ndjsonRow(TABLE, 2).endsWith('}\n')).toBe(true);
  });
});

describe('row accessors', () => {
  it('read typed values, null for NaN, other kinds and absent columns', () => {
    const [first, second] = tableRows(TABLE);
    expect(first?.float('response_time')).toBe(1.25);
    expect(second?.float('response_time')).toBeNull();
    expect(first?.float('dprime')).toBeNull();
    expect(first?.int('trial_index')).toBe(0);
    expect(first?.bool('is_hit')).toBe(true);
    expect(first?.string('stim_name')).toBe('vis1');
    expect(first?.stringList('tags')).toEqual(['task']);
    expect(first?.bool('stim_name')).toBeNull();
    expect(first?.float('no_such_column')).toBeNull();
  });
});

describe('selectColumns', () => {
  it('keeps the asked columns in the asked order', () => {
    const selected = selectColumns(TABLE, ['is_hit', 'trial_index']);
    expect(selected.columns.map((c) => c.name)).toEqual(['is_hit', 'trial_index']);
    expect(selected.rowCount).toBe(3);
    expect(selectColumns(TABLE, null)).toBe(TABLE);
  });

  it('refuses unknown names, listing the ones it has', () => {
    expect(() => selectColumns(TABLE, ['isHit'])).toThrow(BadUserInputError);
    expect(() => selectColumns(TABLE, ['isHit'])).toThrow(/response_time, dprime, trial_index/);
  });
});
