/**
 * The typed DocDB query → Mongo documents. Besides the expected shapes, two guarantees: hostile text
 * stays a literal VALUE (never an operator, field name or pattern), and the documents mean what the
 * types say when evaluated with real Mongo semantics (mingo).
 */
import fc from 'fast-check';
import { Query } from 'mingo';
import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  escapeRegex,
  toMongoFilter,
  toMongoFind,
  toMongoProjection,
  toMongoSort,
} from '../../src/sources/docdb/filter.ts';
import type { RecordFilter } from '../../src/sources/docdb/types.ts';

const matches = (filter: RecordFilter, document: Document) => new Query(toMongoFilter(filter)).test(document);

/** Every operator key the builder may emit; any other `$…` key would mean user text became syntax. */
const OPERATORS = new Set(['$eq', '$in', '$or', '$and', '$regex', '$gte', '$lt']);
const FIELDS = new Set([
  'name',
  'subject.subject_id',
  'data_description.subject_id',
  'external_links.Code Ocean',
  'data_description.data_level',
  'data_description.modality.abbreviation',
  'data_description.project_name',
  'created',
]);

/** All object keys in a filter document (values are not visited as keys, only walked into). */
function keysOf(value: unknown, keys: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) keysOf(item, keys);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      keys.push(key);
      keysOf(child, keys);
    }
  }
  return keys;
}

describe('toMongoFilter: shapes', () => {
  it.each<[string, RecordFilter, Document]>([
    ['empty filter matches everything', {}, {}],
    [
      'one name is an exact match',
      { names: ['ecephys_676909_2023-12-13_13-43-40'] },
      { name: { $eq: 'ecephys_676909_2023-12-13_13-43-40' } },
    ],
    ['several names use $in', { names: ['a', 'b'] }, { name: { $in: ['a', 'b'] } }],
    ['an empty name list matches nothing', { names: [] }, { name: { $in: [] } }],
    [
      'prefix is an anchored, escaped regex',
      { namePrefix: 'ecephys_676909' },
      { name: { $regex: '^ecephys_676909' } },
    ],
    ['an empty prefix is no clause', { namePrefix: '' }, {}],
    [
      'subject ids look in subject and data_description',
      { subjectIds: ['676909'] },
      {
        $or: [
          { 'subject.subject_id': { $eq: '676909' } },
          { 'data_description.subject_id': { $eq: '676909' } },
        ],
      },
    ],
    [
      'asset ids use the dotted external_links path (both formats)',
      { codeOceanAssetIds: ['u1', 'u2'] },
      { 'external_links.Code Ocean': { $in: ['u1', 'u2'] } },
    ],
    ['data level', { dataLevel: 'derived' }, { 'data_description.data_level': { $eq: 'derived' } }],
    [
      'modality (v1 path)',
      { modality: 'ecephys' },
      { 'data_description.modality.abbreviation': { $eq: 'ecephys' } },
    ],
    [
      'project',
      { projectName: 'Dynamic Routing' },
      { 'data_description.project_name': { $eq: 'Dynamic Routing' } },
    ],
    [
      'created bounds are second-prefix strings, the upper one exclusive of the next second',
      { createdFrom: new Date('2024-03-01T00:00:00.700Z'), createdTo: new Date('2024-03-01T23:59:59.200Z') },
      { created: { $gte: '2024-03-01T00:00:00', $lt: '2024-03-02T00:00:00' } },
    ],
    [
      'clauses are ANDed',
      { names: ['a'], dataLevel: 'raw' },
      { $and: [{ name: { $eq: 'a' } }, { 'data_description.data_level': { $eq: 'raw' } }] },
    ],
  ])('%s', (_label, filter, expected) => {
    expect(toMongoFilter(filter)).toEqual(expected);
  });
});

describe('toMongoFilter: hostile input stays literal', () => {
  const hostile = [
    '{"$where": "sleep(10000)"}',
    '.*',
    '$ne',
    '^',
    'a|b',
    '(unclosed',
    '[z-a]',
    '\\',
    'ecephys_676909_2023.12',
    "'; db.dropDatabase(); '",
    '$regex',
  ];

  it.each(hostile)('%j as a name matches only itself', (text) => {
    expect(matches({ names: [text] }, { name: text })).toBe(true);
    expect(matches({ names: [text] }, { name: 'ecephys_676909_2023-12-13_13-43-40' })).toBe(false);
    expect(matches({ names: [text] }, { name: { $ne: 1 } })).toBe(false);
  });

  it.each(hostile)('%j as a prefix matches only names starting with it', (text) => {
    expect(matches({ namePrefix: text }, { name: `${text}_tail` })).toBe(true);
    expect(matches({ namePrefix: text }, { name: 'ecephys_676909_2023-12-13_13-43-40' })).toBe(false);
  });

  it.each(hostile)('%j in subject, asset, modality and project fields is a value', (text) => {
    const filter: RecordFilter = {
      subjectIds: [text],
      codeOceanAssetIds: [text],
      modality: text,
      projectName: text,
    };
    const keys = keysOf(toMongoFilter(filter));
    expect(keys.filter((k) => k.startsWith('$') && !OPERATORS.has(k))).toEqual([]);
    expect(keys.filter((k) => !k.startsWith('$') && !FIELDS.has(k))).toEqual([]);
  });

  it('a dot in a prefix does not match any character', () => {
    expect(
      matches({ namePrefix: 'ecephys_676909_2023.12' }, { name: 'ecephys_676909_2023-12-13_13-43-40' }),
    ).toBe(false);
    expect(matches({ namePrefix: 'a(b' }, { name: 'a(b)c' })).toBe(true);
  });

  it('property: for any text, the prefix clause means startsWith and the names clause means equality', () => {
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[.*+?^${}()|[\]\\a-z0-9-]{0,12}$/));
    fc.assert(
      fc.property(text, text, (prefix, name) => {
        if (prefix !== '') expect(matches({ namePrefix: prefix }, { name })).toBe(name.startsWith(prefix));
        expect(matches({ names: [prefix] }, { name })).toBe(name === prefix);
        const keys = keysOf(toMongoFilter({ names: [prefix], namePrefix: prefix, subjectIds: [name] }));
        expect(keys.every((k) => OPERATORS.has(k) || FIELDS.has(k))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('escapeRegex output compiles and matches the text literally', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(new RegExp(`^${escapeRegex(s)}$`).test(s)).toBe(true);
      }),
    );
  });

  it('values that are not strings (callers bypassing the types) are refused, not interpreted', () => {
    const operator = { $ne: null } as unknown as string;
    expect(() => toMongoFilter({ names: [operator] })).toThrow(TypeError);
    expect(() => toMongoFilter({ namePrefix: operator })).toThrow(TypeError);
    expect(() => toMongoFilter({ subjectIds: [operator] })).toThrow(TypeError);
    expect(() => toMongoFilter({ codeOceanAssetIds: [operator] })).toThrow(TypeError);
    expect(() => toMongoFilter({ modality: operator })).toThrow(TypeError);
    expect(() => toMongoFilter({ createdFrom: new Date('nope') })).toThrow(TypeError);
  });
});

describe('toMongoFilter: meaning under Mongo semantics', () => {
  it('created bounds are inclusive at second precision, whatever the stored ISO spelling', () => {
    const filter: RecordFilter = {
      createdFrom: new Date('2024-03-01T00:00:00Z'),
      createdTo: new Date('2024-03-01T23:59:59Z'),
    };
    const inside = [
      '2024-03-01T00:00:00Z',
      '2024-03-01T00:00:00+00:00',
      '2024-03-01T23:59:59.999Z',
      '2024-03-01T12:00:00.123456Z',
    ];
    const outside = ['2024-02-29T23:59:59.999Z', '2024-03-02T00:00:00Z', '2024-03-02T00:00:00.000+00:00'];
    for (const created of inside) expect(matches(filter, { created }), created).toBe(true);
    for (const created of outside) expect(matches(filter, { created }), created).toBe(false);
  });

  it('asset ids match the dict and the legacy list format', () => {
    const filter: RecordFilter = { codeOceanAssetIds: ['16d46411-540a-4122-b47f-8cb2a15d593a'] };
    expect(
      matches(filter, { external_links: { 'Code Ocean': ['x', '16d46411-540a-4122-b47f-8cb2a15d593a'] } }),
    ).toBe(true);
    expect(
      matches(filter, { external_links: [{ 'Code Ocean': '16d46411-540a-4122-b47f-8cb2a15d593a' }] }),
    ).toBe(true);
    expect(matches(filter, { external_links: { 'Code Ocean': [] } })).toBe(false);
    expect(matches(filter, { external_links: {} })).toBe(false);
  });

  it('subject ids match records without a subject section through data_description', () => {
    const filter: RecordFilter = { subjectIds: ['674723'] };
    expect(matches(filter, { subject: null, data_description: { subject_id: '674723' } })).toBe(true);
    expect(matches(filter, { subject: { subject_id: '674723' } })).toBe(true);
    expect(matches(filter, { subject: { subject_id: '6747230' } })).toBe(false);
  });

  it('modality matches any entry of the modality list', () => {
    const doc = {
      data_description: { modality: [{ abbreviation: 'behavior' }, { abbreviation: 'ecephys' }] },
    };
    expect(matches({ modality: 'ecephys' }, doc)).toBe(true);
    expect(matches({ modality: 'fib' }, doc)).toBe(false);
  });
});

describe('projection, sort and paging', () => {
  it('projection keeps the top-level fields and the asked sections', () => {
    expect(toMongoProjection(['subject'])).toEqual({
      _id: 1,
      name: 1,
      created: 1,
      last_modified: 1,
      location: 1,
      external_links: 1,
      metadata_status: 1,
      schema_version: 1,
      subject: 1,
    });
    expect(toMongoProjection(undefined)).toBeUndefined();
  });

  it('sort defaults to created ascending and always breaks ties by _id', () => {
    expect(toMongoSort(undefined)).toEqual({ created: 1, _id: 1 });
    expect(toMongoSort({ field: 'name', direction: 'desc' })).toEqual({ name: -1, _id: 1 });
  });

  it('skip and limit must be non-negative integers (0 limit = none)', () => {
    expect(toMongoFind({ filter: {} })).toMatchObject({ skip: 0, limit: 0 });
    expect(toMongoFind({ filter: {}, skip: 5, limit: 10 })).toMatchObject({ skip: 5, limit: 10 });
    expect(() => toMongoFind({ filter: {}, limit: -1 })).toThrow(TypeError);
    expect(() => toMongoFind({ filter: {}, skip: 1.5 })).toThrow(TypeError);
  });
});
