/**
 * The metadata service's rules over the embedded DocDB: the newest record wins per name and per
 * subject (one find per batch), a session's record is the first of its AIND names that has one, and
 * a malformed section fails with INVALID_DATA naming the section's URI while the others still read.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import DataLoader from 'dataloader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidDataError } from '../../src/errors.ts';
import {
  newestRecordsByName,
  newestSubjectRecords,
  recordSection,
  sessionRecord,
} from '../../src/services/metadata.ts';
import { createEmbeddedDocDb, type DocDbRecord, type DocDbSource } from '../../src/sources/docdb/index.ts';

const ECEPHYS = 'ecephys_676909_2023-12-13_13-43-40';
const BEHAVIOR = 'behavior_676909_2023-12-13_13-43-40';
const OTHER = 'behavior_700001_2024-01-01_10-00-00';

const documents = [
  {
    _id: 'old',
    name: ECEPHYS,
    created: '2023-12-14T00:00:00Z',
    subject: { subject_id: '676909', sex: 'Male' },
  },
  { _id: 'new', name: ECEPHYS, created: '2024-02-01T00:00:00Z', subject: { subject_id: '676909', sex: 5 } },
  { _id: 'beh', name: BEHAVIOR, created: '2023-12-15T00:00:00Z', rig: { rig_id: '323_EPHYS1_20231003' } },
  // No subject section: found by its data_description, but not a subject record.
  { _id: 'nosub', name: OTHER, created: '2024-01-02T00:00:00Z', data_description: { subject_id: '700001' } },
];

let dir: string;
let docdb: DocDbSource;
const finds: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'labgraph-metadata-service-'));
  const file = path.join(dir, 'data_assets.jsonl');
  await writeFile(file, `${documents.map((d) => JSON.stringify(d)).join('\n')}\n`);
  docdb = await createEmbeddedDocDb({ files: [file], onRequest: (operation) => void finds.push(operation) });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const recordsByName = () =>
  new DataLoader((names: readonly string[]) => newestRecordsByName({ docdb }, names));

describe('newest records', () => {
  it('per name: the newest of the records with that name, null for unknown names, one find', async () => {
    const before = finds.length;
    const records = await newestRecordsByName({ docdb }, [ECEPHYS, 'unknown', BEHAVIOR]);
    expect(records.map((r) => r?.docdbId ?? null)).toEqual(['new', null, 'beh']);
    expect(finds.length - before).toBe(1);
  });

  it('per subject: the newest record whose subject section reads (a malformed one is passed over)', async () => {
    const records = await newestSubjectRecords({ docdb }, ['676909', '700001']);
    expect(records.map((r) => r?.docdbId ?? null)).toEqual(['old', null]);
  });
});

describe('sessionRecord', () => {
  it.each([
    ['the first name that has a record', [ECEPHYS, BEHAVIOR], 'new'],
    ['skipping names without one', ['ecephys_1_2020-01-01_00-00-00', BEHAVIOR], 'beh'],
    ['none', ['ecephys_1_2020-01-01_00-00-00'], null],
    ['no AIND names', [], null],
  ])('%s', async (_case, names, expected) => {
    const record = await sessionRecord(names, { recordByName: recordsByName() });
    expect(record?.docdbId ?? null).toBe(expected);
  });
});

describe('recordSection', () => {
  let newest: DocDbRecord;
  let behavior: DocDbRecord;
  beforeAll(async () => {
    const [first, second] = await newestRecordsByName({ docdb }, [ECEPHYS, BEHAVIOR]);
    if (!first || !second) throw new Error('fixture records missing');
    [newest, behavior] = [first, second];
  });

  it('reads a present section as its view and an absent one as null', () => {
    expect(recordSection(behavior, 'rig')).toEqual({ rigId: '323_EPHYS1_20231003', modificationDate: null });
    expect(recordSection(behavior, 'session')).toBeNull();
  });

  it('fails a malformed section with INVALID_DATA naming the record and the section', () => {
    let error: unknown;
    try {
      recordSection(newest, 'subject');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({
      uri: `docdb://embedded/data_assets/${ECEPHYS}#subject`,
      message: expect.stringMatching(new RegExp(`^DocDB record ${ECEPHYS}: subject is malformed: sex: `)),
    });
  });
});
