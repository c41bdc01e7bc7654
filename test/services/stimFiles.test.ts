/** Assigning a subject's stim files to its sessions, including two sessions on one day. */
import { describe, expect, it } from 'vitest';
import { allStimFiles, type DaySession, sessionStimFiles } from '../../src/services/stimFiles.ts';
import type { ObjectInfo } from '../../src/sources/objectstore/index.ts';

const FOLDER = 'Data/676909/';
const object = (name: string, size = 1000): ObjectInfo => ({
  bucket: 'b',
  key: `${FOLDER}${name}`,
  size,
  etag: `e-${name}`,
  lastModified: null,
  uri: `s3://b/${FOLDER}${name}`,
});

const LISTING = [
  object('DynamicRouting1_676909_20231213_134240.hdf5', 0),
  object('DynamicRouting1_676909_20231213_134340.hdf5', 5000),
  object('RFMapping_676909_20231213_134340.hdf5'),
  object('DynamicRouting1_676909_20231213_151002.hdf5', 4000),
  object('OptoTagging_676909_20231213_151002.hdf5'),
  object('DynamicRouting1_676909_20231214_124311.hdf5', 5000),
  object('sub/DynamicRouting1_676909_20231213_170000.hdf5', 9000),
];

const first = { id: '676909_2023-12-13', idx: 0, subject: '676909', date: '2023-12-13' };
const second = { id: '676909_2023-12-13_1', idx: 1, subject: '676909', date: '2023-12-13' };
const names = (files: ReturnType<typeof sessionStimFiles>) => allStimFiles(files).map((f) => f.fileName);

describe('sessionStimFiles', () => {
  it("takes the day's files of a lone session: the largest DynamicRouting file is the task file", () => {
    const files = sessionStimFiles(LISTING, first, [{ ...first, startTime: null }], FOLDER);
    expect(files.taskFile?.fileName).toBe('DynamicRouting1_676909_20231213_134340.hdf5');
    expect(names(files)).toEqual([
      'DynamicRouting1_676909_20231213_134340.hdf5',
      'RFMapping_676909_20231213_134340.hdf5',
      'OptoTagging_676909_20231213_151002.hdf5',
    ]);
    expect(files.emptyFiles.map((f) => f.key)).toEqual([
      `${FOLDER}DynamicRouting1_676909_20231213_134240.hdf5`,
    ]);
  });

  it('splits a day between sessions by nearest start time when every start is known', () => {
    const day: DaySession[] = [
      { id: first.id, idx: 0, startTime: '2023-12-13T13:43:40' },
      { id: second.id, idx: 1, startTime: '2023-12-13T15:10:02' },
    ];
    const a = sessionStimFiles(LISTING, first, day, FOLDER);
    const b = sessionStimFiles(LISTING, second, day, FOLDER);
    expect(names(a)).toEqual([
      'DynamicRouting1_676909_20231213_134340.hdf5',
      'RFMapping_676909_20231213_134340.hdf5',
    ]);
    expect(names(b)).toEqual([
      'DynamicRouting1_676909_20231213_151002.hdf5',
      'OptoTagging_676909_20231213_151002.hdf5',
    ]);
  });

  it("leaves the day's files with its first session when a start time is unknown", () => {
    const day: DaySession[] = [
      { id: first.id, idx: 0, startTime: '2023-12-13T13:43:40' },
      { id: second.id, idx: 1, startTime: null },
    ];
    expect(sessionStimFiles(LISTING, first, day, FOLDER).taskFile?.fileName).toBe(
      'DynamicRouting1_676909_20231213_134340.hdf5',
    );
    const later = sessionStimFiles(LISTING, second, day, FOLDER);
    expect(later).toEqual({ taskFile: null, tiedTaskFiles: [], otherStimFiles: [], emptyFiles: [] });
  });

  it('ignores files in sub-folders and other days', () => {
    const files = sessionStimFiles(LISTING, first, [], FOLDER);
    expect(names(files)).not.toContain('DynamicRouting1_676909_20231213_170000.hdf5');
    expect(names(files).some((n) => n.includes('20231214'))).toBe(false);
  });
});
