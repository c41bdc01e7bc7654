/** Which objects of a subject's folder make up one session, and which is its task file (pure). */
import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../src/errors.ts';
import {
  type ObjectInfo,
  selectSessionStimFiles,
  taskFilePrefix,
} from '../../src/sources/objectstore/index.ts';

const FOLDER = 'dynamic-routing/DynamicRoutingTask/Data/366122/';
const SESSION = { subject: '366122', date: '2023-05-05' };

function object(name: string, size: number, folder = FOLDER): ObjectInfo {
  const key = `${folder}${name}`;
  return {
    bucket: 'aind-scratch-data',
    key,
    size,
    etag: `etag-${name}`,
    lastModified: null,
    uri: `s3://aind-scratch-data/${key}`,
  };
}

const select = (listing: ObjectInfo[], options: { folder?: string } = { folder: FOLDER }) =>
  selectSessionStimFiles(listing, SESSION, options);

const keysOf = (files: { fileName: string }[]) => files.map((file) => file.fileName);

describe('selectSessionStimFiles', () => {
  it('keeps only the largest DynamicRouting* file of the day', () => {
    const result = select([
      object('DynamicRouting1_366122_20230505_120000.hdf5', 5_000),
      object('DynamicRouting1_366122_20230505_134550.hdf5', 9_000_000),
      object('DynamicRouting2_366122_20230505_150000.hdf5', 8_000_000),
    ]);
    expect(result.taskFile?.fileName).toBe('DynamicRouting1_366122_20230505_134550.hdf5');
    expect(result.taskFile).toMatchObject({
      scriptName: 'DynamicRouting1',
      startTime: '2023-05-05T13:45:50',
      isTest: false,
    });
    expect(result.otherStimFiles).toEqual([]);
  });

  it('drops 0-byte objects and reports them', () => {
    const empty = object('DynamicRouting1_366122_20230505_160000.hdf5', 0);
    const result = select([empty, object('DynamicRouting1_366122_20230505_134550.hdf5', 10)]);
    expect(result.taskFile?.fileName).toBe('DynamicRouting1_366122_20230505_134550.hdf5');
    expect(result.emptyFiles).toEqual([empty]);

    const onlyEmpty = select([empty]);
    expect(onlyEmpty.taskFile).toBeNull();
    expect(onlyEmpty.emptyFiles).toEqual([empty]);
  });

  it("ignores other subjects' and other days' files", () => {
    const result = select([
      object('DynamicRouting1_3661220_20230505_134550.hdf5', 99_999),
      object('DynamicRouting1_366123_20230505_134550.hdf5', 99_999),
      object('DynamicRouting1_366122_20230506_134550.hdf5', 99_999),
      object('DynamicRouting1_366122_20230504_134550.hdf5', 99_999),
      object('RFMapping_366122_20230506_140000.hdf5', 99_999),
      object('DynamicRouting1_366122_20230505_134550.hdf5', 10),
    ]);
    expect(result.taskFile?.fileName).toBe('DynamicRouting1_366122_20230505_134550.hdf5');
    expect(result.otherStimFiles).toEqual([]);
  });

  it('requires the reference name shape: .hdf5, a six-digit time, nothing after it', () => {
    const result = select([
      object('DynamicRouting1_366122_20230505_134550.h5', 50),
      object('DynamicRouting1_366122_20230505_1345.hdf5', 50),
      object('DynamicRouting1_366122_20230505_134550_2.hdf5', 50),
      object('DynamicRouting1_366122_20230505_134550.hdf5.bak', 50),
      object('.DynamicRouting1_366122_20230505_134550.hdf5', 50),
      object('20230505T134550.h5', 50),
    ]);
    expect(result.taskFile).toBeNull();
    expect(result.otherStimFiles).toEqual([]);
  });

  it('includes *_test_* files that contain the MID', () => {
    const result = select([
      object('DynamicRouting1_366122_test_20230505_101010.hdf5', 500),
      object('DynamicRouting1_test_366122_20230505_111111.hdf5', 400),
      object('Spontaneous_366122_test_20230505_090000.hdf5', 10),
      object('DynamicRouting1_999999_test_20230505_101010.hdf5', 9_999),
      object('DynamicRouting1_366122_test_20230506_101010.hdf5', 9_999),
    ]);
    expect(result.taskFile).toMatchObject({
      fileName: 'DynamicRouting1_366122_test_20230505_101010.hdf5',
      isTest: true,
      startTime: '2023-05-05T10:10:10',
    });
    expect(keysOf(result.otherStimFiles)).toEqual(['Spontaneous_366122_test_20230505_090000.hdf5']);
  });

  it('returns the sibling stim files of the session by start time, for epochs', () => {
    const result = select([
      object('RFMapping_366122_20230505_143000.hdf5', 300),
      object('DynamicRouting1_366122_20230505_134550.hdf5', 9_000),
      object('OptoTagging_366122_20230505_150000.hdf5', 200),
      object('Spontaneous_366122_20230505_133000.hdf5', 100),
      object('SpontaneousRewards_366122_20230505_133500.hdf5', 100),
      object('notes.txt', 5),
    ]);
    expect(result.taskFile?.fileName).toBe('DynamicRouting1_366122_20230505_134550.hdf5');
    expect(result.otherStimFiles.map((file) => [file.scriptName, file.startTime])).toEqual([
      ['Spontaneous', '2023-05-05T13:30:00'],
      ['SpontaneousRewards', '2023-05-05T13:35:00'],
      ['RFMapping', '2023-05-05T14:30:00'],
      ['OptoTagging', '2023-05-05T15:00:00'],
    ]);
  });

  it('keeps a file whose time digits are not a time of day, with a null start time, sorted last', () => {
    const result = select([
      object('Spontaneous_366122_20230505_996000.hdf5', 10),
      object('RFMapping_366122_20230505_140000.hdf5', 10),
    ]);
    expect(result.otherStimFiles.map((file) => [file.scriptName, file.startTime])).toEqual([
      ['RFMapping', '2023-05-05T14:00:00'],
      ['Spontaneous', null],
    ]);
  });

  it('breaks a size tie by key, whatever the listing order', () => {
    const a = object('DynamicRouting1_366122_20230505_100000.hdf5', 100);
    const b = object('DynamicRouting1_366122_20230505_110000.hdf5', 100);
    expect(select([a, b]).taskFile?.info).toBe(a);
    expect(select([b, a]).taskFile?.info).toBe(a);
  });

  it('with a folder, only looks at objects directly inside it', () => {
    const nested = object('DynamicRouting1_366122_20230505_134550.hdf5', 99, `${FOLDER}old/`);
    const direct = object('DynamicRouting1_366122_20230505_120000.hdf5', 10);
    expect(select([nested, direct]).taskFile?.info).toBe(direct);
    expect(select([nested, direct], { folder: FOLDER.slice(0, -1) }).taskFile?.info).toBe(direct);
    expect(select([nested, direct], {}).taskFile?.info).toBe(nested); // no folder: any depth
  });

  it('rejects a malformed subject or date', () => {
    expect(() => selectSessionStimFiles([], { subject: '36612', date: '2023-05-05' })).toThrow(
      BadUserInputError,
    );
    expect(() => selectSessionStimFiles([], { subject: '366122', date: '20230505' })).toThrow(
      BadUserInputError,
    );
  });
});

describe('taskFilePrefix', () => {
  it('fills a configured template', () => {
    expect(taskFilePrefix('1234567', 'fixtures/{subject}/behavior/')).toBe('fixtures/1234567/behavior/');
  });

  it('refuses subjects that are not MIDs and templates without a placeholder', () => {
    expect(() => taskFilePrefix('../366122', 'Data/{subject}/')).toThrow(BadUserInputError);
    expect(() => taskFilePrefix('366122', 'Data/')).toThrow(/\{subject\}/);
  });
});
