/** Manifest content rules: bins, the two served formats byte for byte, and the content-hash id. */
import { describe, expect, it } from 'vitest';
import {
  binCount,
  checkBinSize,
  frameCountOfIntervals,
  type ManifestContent,
  type ManifestEntry,
  manifestBody,
  manifestId,
} from '../../src/domain/manifest.ts';

const ENTRY: ManifestEntry = {
  sessionId: '676909_2023-12-14',
  alfPath: 'dynamic-routing/Subjects/676909/2023-12-14/001',
  datasetId: null,
  resolvedRevision: null,
  inputUri: 's3://bucket/DynamicRouting1_676909_20231214_123456.hdf5',
  frameCount: 48_301,
  nbinned: 420,
};

describe('manifest content', () => {
  it('counts frames as intervals + 1 and bins them down', () => {
    expect(frameCountOfIntervals(48_300)).toBe(48_301);
    expect(binCount(48_301, 115)).toBe(420);
    expect(binCount(114, 115)).toBe(0);
    expect(binCount(230, 115)).toBe(2);
  });

  it('BIN_SIZE_NOT_POSITIVE for anything but a whole number > 0', () => {
    for (const bad of [0, -5, 1.5]) expect(checkBinSize(bad)?.code).toBe('BIN_SIZE_NOT_POSITIVE');
    expect(checkBinSize(1)).toBeNull();
  });

  it('writes JSONL as one canonical object per line', () => {
    expect(manifestBody('JSONL', [ENTRY, { ...ENTRY, sessionId: 'b' }])).toBe(
      '{"alfPath":"dynamic-routing/Subjects/676909/2023-12-14/001","datasetId":null,"frameCount":48301,"inputUri":"s3://bucket/DynamicRouting1_676909_20231214_123456.hdf5","nbinned":420,"resolvedRevision":null,"sessionId":"676909_2023-12-14"}\n' +
        '{"alfPath":"dynamic-routing/Subjects/676909/2023-12-14/001","datasetId":null,"frameCount":48301,"inputUri":"s3://bucket/DynamicRouting1_676909_20231214_123456.hdf5","nbinned":420,"resolvedRevision":null,"sessionId":"b"}\n',
    );
    expect(manifestBody('JSONL', [])).toBe('');
  });

  it("writes SEGMENTATION_V1 as slapp's manifest without log_level", () => {
    const body = manifestBody('SEGMENTATION_V1', [ENTRY, { ...ENTRY, sessionId: 'b', nbinned: 1 }]);
    expect(JSON.parse(body)).toEqual({
      manifest: [
        { experiment_id: '676909_2023-12-14', input_video: ENTRY.inputUri, nbinned: 420 },
        { experiment_id: 'b', input_video: ENTRY.inputUri, nbinned: 1 },
      ],
    });
    expect(manifestBody('SEGMENTATION_V1', [])).toBe('{"manifest":[]}\n');
  });

  it('gives the same content the same id, and any change another', () => {
    const content: ManifestContent = {
      selectionId: 1,
      format: 'JSONL',
      binSize: 115,
      dataset: null,
      entries: [ENTRY],
      problems: [],
    };
    const id = manifestId(content);
    expect(id).toMatch(/^mf-[0-9a-f]{24}$/);
    expect(manifestId({ ...content, entries: [{ ...ENTRY }] })).toBe(id);
    expect(manifestId({ ...content, binSize: 100 })).not.toBe(id);
    expect(manifestId({ ...content, selectionId: 2 })).not.toBe(id);
    expect(manifestId({ ...content, format: 'SEGMENTATION_V1' })).not.toBe(id);
    expect(
      manifestId({ ...content, problems: [{ code: 'MISSING_RECORDS', sessionIds: ['x'], message: 'x' }] }),
    ).not.toBe(id);
  });

  it('the dataset asked for and each resolved dataset and revision are part of the id', () => {
    const request = '{"collection":"behavior","name":"*.hdf5","revision":null}';
    const resolved = (revision: string): ManifestContent => ({
      selectionId: 1,
      format: 'JSONL',
      binSize: 115,
      dataset: request,
      entries: [{ ...ENTRY, datasetId: '676909_2023-12-14/behavior/x.hdf5', resolvedRevision: revision }],
      problems: [],
    });
    const original = manifestId(resolved(''));
    // Only the resolved revision differs (same file, same frames): another manifest.
    expect(manifestId(resolved('2024-01-10'))).not.toBe(original);
    expect(manifestId(resolved(''))).toBe(original);
    expect(manifestId({ ...resolved(''), dataset: request.replace('null', '""') })).not.toBe(original);
    expect(manifestId({ ...resolved(''), dataset: null })).not.toBe(original);
  });
});
