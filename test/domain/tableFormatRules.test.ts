/**
 * CSV and NDJSON lines cell by cell: which texts CSV quotes (separators, quotes, line breaks, leading
 * or trailing blanks — not inner blanks), booleans, lists as JSON, non-finite numbers, and that each
 * format streams its own lines.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../src/domain/columns.ts';
import { csvHeader, csvRow, ndjsonRow, tableLines } from '../../src/domain/tableFormats.ts';

const textTable = (values: string[]): ColumnTable => ({
  rowCount: values.length,
  columns: [{ name: 'text', kind: 'string', values, description: '' }],
});

describe('CSV text cells', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['inner blank', 'inner blank'],
    [' leading', '" leading"'],
    ['trailing ', '"trailing "'],
    ['\tleading tab', '"\tleading tab"'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
  ])('%j → %s', (text, cell) => {
    expect(csvRow(textTable([text]), 0)).toBe(`${cell}\r\n`);
  });

  it('quotes header names the same way', () => {
    const table: ColumnTable = {
      rowCount: 0,
      columns: [{ name: 'a,b', kind: 'int', values: [], description: '' }],
    };
    expect(csvHeader(table)).toBe('"a,b"\r\n');
  });
});

describe('cells of every kind', () => {
  const table: ColumnTable = {
    rowCount: 2,
    columns: [
      { name: 'f', kind: 'float', values: [Number.POSITIVE_INFINITY, Number.NaN], description: '' },
      { name: 'i', kind: 'int', values: [-3, 0], description: '' },
      { name: 'b', kind: 'bool', values: [true, false], description: '' },
      { name: 's', kind: 'string', values: ['x', 'y'], description: '' },
      { name: 'l', kind: 'stringList', values: [['a', 'b'], []], description: '' },
    ],
  };

  it('CSV', () => {
    expect([csvRow(table, 0), csvRow(table, 1)]).toEqual([
      'inf,-3,true,x,"[""a"",""b""]"\r\n',
      ',0,false,y,[]\r\n',
    ]);
  });

  it('NDJSON', () => {
    expect([ndjsonRow(table, 0), ndjsonRow(table, 1)]).toEqual([
      '{"f":null,"i":-3,"b":true,"s":"x","l":["a","b"]}\n',
      '{"f":null,"i":0,"b":false,"s":"y","l":[]}\n',
    ]);
  });

  it('a row past a short column gives null in NDJSON, empty or false in CSV', () => {
    const short: ColumnTable = {
      rowCount: 1,
      columns: [
        { name: 'b', kind: 'bool', values: [], description: '' },
        { name: 's', kind: 'string', values: [], description: '' },
        { name: 'f', kind: 'float', values: [], description: '' },
      ],
    };
    expect(ndjsonRow(short, 0)).toBe('{"b":null,"s":null,"f":null}\n');
    expect(csvRow(short, 0)).toBe('false,,\r\n');
  });

  it('each format streams its own lines', () => {
    expect([...tableLines(table, 'csv')]).toEqual([csvHeader(table), csvRow(table, 0), csvRow(table, 1)]);
    expect([...tableLines(table, 'ndjson')]).toEqual([ndjsonRow(table, 0), ndjsonRow(table, 1)]);
  });
});
