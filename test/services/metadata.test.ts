/**
 * The metadata service's rules: a session's record is the first of its AIND names that has one, and a
 * malformed section fails with INVALID_DATA naming the section's URI while the others still read.
 */
import { describe, expect, it } from 'vitest';
import { InvalidDataError } from '../../src/errors.ts';
import { recordSection, sessionRecord } from '../../src/services/metadata.ts';
import { type DocDbRecord, parseDocDbRecord } from '../../src/sources/docdb/index.ts';

function record(name: string, fields: Record<string, unknown> = {}): DocDbRecord {
  const parsed = parseDocDbRecord({ name, ...fields }, undefined, { database: 'db', collection: 'records' });
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.record;
}

describe('sessionRecord', () => {
  const stored = new Map([
    ['behavior_676909_2023-12-13_13-43-40', record('behavior_676909_2023-12-13_13-43-40')],
    ['ecephys_676909_2023-12-13_13-43-40', record('ecephys_676909_2023-12-13_13-43-40')],
  ]);
  const reads = { recordByName: { load: async (name: string) => stored.get(name) ?? null } };

  it.each([
    [
      'the first name that has a record',
      ['ecephys_676909_2023-12-13_13-43-40', 'behavior_676909_2023-12-13_13-43-40'],
      'ecephys_676909_2023-12-13_13-43-40',
    ],
    [
      'skipping names without one',
      ['ecephys_1_2020-01-01_00-00-00', 'behavior_676909_2023-12-13_13-43-40'],
      'behavior_676909_2023-12-13_13-43-40',
    ],
    ['none', ['ecephys_1_2020-01-01_00-00-00'], null],
    ['no AIND names', [], null],
  ])('%s', async (_case, names, expected) => {
    expect((await sessionRecord(names, reads))?.name ?? null).toBe(expected);
  });
});

describe('recordSection', () => {
  const r = record('ecephys_676909_2023-12-13_13-43-40', {
    subject: { sex: 5 },
    rig: { rig_id: '323_EPHYS1_20231003' },
  });

  it('reads a present section as its view and an absent one as null', () => {
    expect(recordSection(r, 'rig')).toEqual({ rigId: '323_EPHYS1_20231003', modificationDate: null });
    expect(recordSection(r, 'session')).toBeNull();
  });

  it('fails a malformed section with INVALID_DATA naming the record and the section', () => {
    let error: unknown;
    try {
      recordSection(r, 'subject');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({
      uri: 'docdb://db/records/ecephys_676909_2023-12-13_13-43-40#subject',
      message: expect.stringMatching(
        /^DocDB record ecephys_676909_2023-12-13_13-43-40: subject is malformed: sex: /,
      ),
    });
  });
});
