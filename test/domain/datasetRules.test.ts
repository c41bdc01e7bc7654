/** Dataset rules without I/O: QC, size and hash checks, file-record paths, dataset ids, and ONE's list filters. */
import { describe, expect, it } from 'vitest';
import { distinctSorted, type FilterableDataset, filterDatasets } from '../../src/domain/datasetFilter.ts';
import {
  datasetNodeId,
  fileRecordPath,
  fileRecordUri,
  fileSizeProblem,
  hashProblem,
  parseDatasetNodeId,
  readQc,
} from '../../src/domain/datasetRules.ts';
import { BadUserInputError } from '../../src/errors.ts';

describe('QC', () => {
  it.each([
    ['PASS', 10],
    ['warning', 30],
    [' 40 ', 40],
    ['NOT_SET', 0],
    ['critical', 50],
  ])('reads %j as %d', (text, value) => expect(readQc(text, 'qc')).toBe(value));

  it.each(['GREAT', '20', '', 'PASSED'])('refuses %j with INVALID_QC naming the accepted values', (text) => {
    expect(readQc(text, 'files.0.qc')).toMatchObject({
      code: 'INVALID_QC',
      field: ['files', '0', 'qc'],
      message: expect.stringContaining('NOT_SET, PASS, WARNING, FAIL, CRITICAL (or 0, 10, 30, 40, 50)'),
    });
  });
});

describe('sizes and hashes', () => {
  it.each([0, 1, 2 ** 40])('accepts %d bytes', (bytes) => expect(fileSizeProblem(bytes, 'f')).toBeNull());
  it.each([-1, 1.5, Number.NaN, 2 ** 60])('refuses %d bytes', (bytes) =>
    expect(fileSizeProblem(bytes, 'f')?.code).toBe('INVALID_VALUE'),
  );
  it('accepts an md5 or a SHA-256, or none; refuses blank, spaced or over 64 characters', () => {
    expect(hashProblem(null, 'h')).toBeNull();
    expect(hashProblem('d41d8cd98f00b204e9800998ecf8427e', 'h')).toBeNull();
    expect(hashProblem('e'.repeat(64), 'h')).toBeNull();
    for (const bad of ['', 'a b', 'e'.repeat(65)]) expect(hashProblem(bad, 'h')?.code).toBe('INVALID_VALUE');
  });
});

describe('places and ids', () => {
  const place = {
    subjectMid: '676909',
    date: '2023-12-13',
    number: 2,
    collection: 'alf/probe00',
    revision: '2024-01-01',
    name: 'spikes.times.npy',
  };

  it("puts file records at Alyx's relative path (no lab) and joins the repository URL", () => {
    expect(fileRecordPath(place)).toBe('676909/2023-12-13/002/alf/probe00/#2024-01-01#/spikes.times.npy');
    expect(fileRecordPath({ ...place, collection: '', revision: '' })).toBe(
      '676909/2023-12-13/002/spikes.times.npy',
    );
    expect(fileRecordUri('s3://bucket', 'a/b.npy')).toBe('s3://bucket/a/b.npy');
    expect(fileRecordUri('s3://bucket/', 'a/b.npy')).toBe('s3://bucket/a/b.npy');
    expect(fileRecordUri(null, 'a/b.npy')).toBeNull();
  });

  it('names a dataset <session id>/<path in session> and reads the id back', () => {
    const id = datasetNodeId(place);
    expect(id).toBe('676909_2023-12-13_1/alf/probe00/#2024-01-01#/spikes.times.npy');
    expect(parseDatasetNodeId(id)).toEqual(place);
    const first = { ...place, number: 1, collection: '', revision: '' };
    expect(datasetNodeId(first)).toBe('676909_2023-12-13/spikes.times.npy');
    expect(parseDatasetNodeId('676909_2023-12-13/spikes.times.npy')).toEqual(first);
  });

  it.each([
    '676909_2023-12-13',
    '676909_2023-12-13/',
    '676909_2023-12-13/#a#/#b#/x.npy',
    'x/y.npy',
    '676909_2023-12-13_999/x.npy',
  ])('%j is not a dataset id', (id) => expect(parseDatasetNodeId(id)).toBeNull());
});

describe("ONE's list filters", () => {
  const d = (
    collection: string,
    revision: string,
    name: string,
    extra: Partial<FilterableDataset> = {},
  ): FilterableDataset => ({
    collection,
    revision,
    name,
    datasetType: name.replace(/\.[^.]+$/, ''),
    qc: 0,
    isDefault: false,
    fileRecords: [],
    ...extra,
  });
  const rows = [
    d('alf', '', 'trials.table.pqt'),
    d('alf', '2024-01-01', 'trials.table.pqt'),
    d('alf', '2024-03-01', 'trials.table.pqt', { isDefault: true }),
    d('alf', '', 'licks.times.npy', { qc: 40, isDefault: true }),
    d('raw', '', 'Behavior.mp4', { fileRecords: [{ repository: 's3', exists: true }] }),
    d('raw', '2024-01-01', 'Behavior.mp4', { fileRecords: [{ repository: 's3', exists: false }] }),
  ];
  const names = (filter: Parameters<typeof filterDatasets>[1]) =>
    filterDatasets(rows, filter).map((r) => `${r.collection}/${r.revision}/${r.name}`);

  it('keeps, per file, the last revision at or before the one asked for', () => {
    expect(names({ revision: '2024-02-01' })).toEqual([
      'alf/2024-01-01/trials.table.pqt',
      'alf//licks.times.npy',
      'raw/2024-01-01/Behavior.mp4',
    ]);
    expect(names({ revision: '' })).toEqual([
      'alf//trials.table.pqt',
      'alf//licks.times.npy',
      'raw//Behavior.mp4',
    ]);
    expect(names({ revision: '2024-03-01', collection: 'alf', name: 'trials*' })).toEqual([
      'alf/2024-03-01/trials.table.pqt',
    ]);
  });

  it('picks the last revision among the datasets the other conditions keep', () => {
    expect(names({ revision: '2025-01-01', existsIn: 's3' })).toEqual(['raw//Behavior.mp4']);
  });

  it('filters by glob (case-insensitive), type, QC, default and repository', () => {
    expect(names({ name: '*.MP4' })).toEqual(['raw//Behavior.mp4', 'raw/2024-01-01/Behavior.mp4']);
    expect(names({ datasetType: 'licks.times' })).toEqual(['alf//licks.times.npy']);
    expect(names({ qcAtMost: 30, collection: 'alf', defaultOnly: true })).toEqual([
      'alf/2024-03-01/trials.table.pqt',
    ]);
    expect(names({ existsIn: 'elsewhere' })).toEqual([]);
    expect(names(null)).toHaveLength(rows.length);
  });

  it('refuses a name glob with a slash or too long', () => {
    expect(() => names({ name: 'alf/*' })).toThrow(BadUserInputError);
    expect(() => names({ name: '*'.repeat(300) })).toThrow(/file-name glob/);
  });

  it('lists distinct collections and revisions, "" first', () => {
    expect(distinctSorted(rows.map((r) => r.revision))).toEqual(['', '2024-01-01', '2024-03-01']);
    expect(distinctSorted(rows.map((r) => r.collection))).toEqual(['alf', 'raw']);
  });
});
