/**
 * Stim files shared out between several sessions of one day, at the edges: nearest start to the
 * second, ties to the earlier session whatever order the sessions come in, an unknown start on any
 * session (even the first) keeping the day with the first, and listing entries without a start time.
 */
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
const session = (idx: number) => ({
  id: idx === 0 ? '676909_2023-12-13' : `676909_2023-12-13_${idx}`,
  idx,
  subject: '676909',
  date: '2023-12-13',
});
const day = (...starts: (string | null)[]): DaySession[] =>
  starts.map((start, idx) => ({
    id: session(idx).id,
    idx,
    startTime: start === null ? null : `2023-12-13T${start}`,
  }));
const names = (listing: ObjectInfo[], idx: number, sessions: DaySession[]) =>
  allStimFiles(sessionStimFiles(listing, session(idx), sessions, FOLDER)).map((f) => f.fileName);

describe('several sessions on one day', () => {
  const listing = [
    object('RFMapping_676909_20231213_090010.hdf5'),
    object('RFMapping_676909_20231213_115959.hdf5'),
    object('RFMapping_676909_20231213_134459.hdf5'),
    object('RFMapping_676909_20231213_134600.hdf5'),
    object('notes.txt'),
  ];
  const three = day('09:00:00', '12:00:00', '15:30:30');

  it('each file goes to the session whose start is nearest, to the second', () => {
    // 13:44:59 is 6299 s after 12:00:00 and 6331 s before 15:30:30; 13:46:00 is 6360 s and 6270 s.
    expect([0, 1, 2].map((idx) => names(listing, idx, three))).toEqual([
      ['RFMapping_676909_20231213_090010.hdf5'],
      ['RFMapping_676909_20231213_115959.hdf5', 'RFMapping_676909_20231213_134459.hdf5'],
      ['RFMapping_676909_20231213_134600.hdf5'],
    ]);
  });

  it('a file exactly between two starts goes to the earlier session, whatever the order given', () => {
    const between = [object('RFMapping_676909_20231213_110000.hdf5')];
    const sessions = day('10:00:00', '12:00:00');
    for (const order of [sessions, [...sessions].reverse()]) {
      expect([names(between, 0, order), names(between, 1, order)]).toEqual([
        ['RFMapping_676909_20231213_110000.hdf5'],
        [],
      ]);
    }
  });

  it('an unknown start on the first session keeps the whole day with it', () => {
    const sessions = day(null, '13:46:00');
    expect(names(listing, 0, sessions)).toHaveLength(4);
    expect(names(listing, 1, sessions)).toEqual([]);
  });

  it('a session the day list does not hold counts as one with an unknown start', () => {
    const onlyFirst = day('09:00:00');
    expect(names(listing, 1, onlyFirst)).toEqual([]);
    expect(names(listing, 0, [{ ...onlyFirst[0]!, id: session(1).id, idx: 1 }])).toHaveLength(4);
  });
});
