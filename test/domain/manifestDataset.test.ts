/**
 * Which registered dataset a manifest entry reads (ONE's load_dataset over a session's datasets: name
 * glob, exact collection, last revision ≤ R or the default one, one existing s3:// file record), the
 * checks on the request, the canonical request kept in the manifest's content, and FRAME_COUNT_MISMATCH.
 */
import { describe, expect, it } from 'vitest';
import { frameCountMismatch } from '../../src/domain/manifest.ts';
import {
  canonicalDatasetRequest,
  checkDatasetRequest,
  type ManifestDatasetRequest,
  type ResolvableDataset,
  resolveManifestDataset,
} from '../../src/domain/manifestDataset.ts';

const SESSION = { subjectMid: '676909', date: '2023-12-14', number: 1 };
const TASK = 'DynamicRouting1_676909_20231214_124311.hdf5';
const SCRATCH = { repository: 'aind-scratch-data', dataUrl: 's3://aind-scratch-data/' };

function dataset(
  collection: string,
  revision: string,
  name: string,
  options: Partial<Pick<ResolvableDataset, 'isDefault' | 'fileRecords'>> = {},
): ResolvableDataset {
  const folder = [collection, revision === '' ? '' : `#${revision}#`].filter((p) => p !== '').join('/');
  return {
    session: SESSION,
    collection,
    revision,
    name,
    isDefault: options.isDefault ?? false,
    fileRecords: options.fileRecords ?? [
      { ...SCRATCH, relativePath: `676909/2023-12-14/001/${folder}/${name}`, exists: true },
    ],
  };
}

const ORIGINAL = dataset('behavior', '', TASK);
const REVISED = dataset('behavior', '2024-01-10', TASK, { isDefault: true });
const LATER = dataset('behavior', '2024-02-01', TASK);
const request = (over: Partial<ManifestDatasetRequest> = {}): ManifestDatasetRequest => ({
  name: 'DynamicRouting1_*.hdf5',
  collection: 'behavior',
  revision: null,
  ...over,
});

describe('resolveManifestDataset', () => {
  const revisions = [ORIGINAL, REVISED, LATER];

  it.each([
    ['2024-01-09', ''],
    ['2024-01-10', '2024-01-10'],
    ['2024-01-31', '2024-01-10'],
    ['2099-01-01', '2024-02-01'],
    ['', ''],
  ])('revision %j → the last revision ≤ it: %j', (wanted, resolved) => {
    const outcome = resolveManifestDataset(revisions, request({ revision: wanted }));
    expect('dataset' in outcome && outcome.dataset.revision).toBe(resolved);
  });

  it('no revision → the default revision, with its id and file record URI', () => {
    expect(resolveManifestDataset(revisions, request())).toEqual({
      dataset: REVISED,
      datasetId: `676909_2023-12-14/behavior/#2024-01-10#/${TASK}`,
      uri: `s3://aind-scratch-data/676909/2023-12-14/001/behavior/#2024-01-10#/${TASK}`,
    });
  });

  it('matches the name as a case-insensitive glob, or exactly', () => {
    expect(resolveManifestDataset([ORIGINAL], request({ name: TASK, revision: '' }))).toMatchObject({
      dataset: ORIGINAL,
    });
    expect(
      resolveManifestDataset([ORIGINAL], request({ name: 'dynamicrouting1_*', revision: '' })),
    ).toMatchObject({ dataset: ORIGINAL });
  });

  it('INPUT_FILE_NOT_FOUND: no dataset of that name or collection', () => {
    for (const wanted of [request({ name: 'Behavior_*.mp4' }), request({ collection: 'raw' })]) {
      const outcome = resolveManifestDataset(revisions, wanted);
      expect(outcome).toMatchObject({ code: 'INPUT_FILE_NOT_FOUND' });
      expect('message' in outcome && outcome.message).toContain('no registered dataset matches');
    }
    expect(resolveManifestDataset([], request())).toMatchObject({ code: 'INPUT_FILE_NOT_FOUND' });
  });

  it('INPUT_FILE_NOT_FOUND: no revision ≤ R (no original), or no default revision', () => {
    const early = resolveManifestDataset([REVISED, LATER], request({ revision: '2023-12-31' }));
    expect(early).toEqual({
      code: 'INPUT_FILE_NOT_FOUND',
      message: `no revision ≤ "2023-12-31" of "DynamicRouting1_*.hdf5" in collection "behavior" (revisions: "2024-01-10", "2024-02-01")`,
    });
    const noDefault = resolveManifestDataset([ORIGINAL, LATER], request());
    expect(noDefault).toMatchObject({ code: 'INPUT_FILE_NOT_FOUND' });
    expect('message' in noDefault && noDefault.message).toContain('no default revision');
  });

  it('INPUT_FILE_NOT_FOUND: no file record exists in a repository with an s3:// URL', () => {
    const cases: ResolvableDataset['fileRecords'][] = [
      [],
      [{ ...SCRATCH, relativePath: `676909/2023-12-14/001/behavior/${TASK}`, exists: false }],
      [
        {
          repository: 'nas',
          dataUrl: null,
          relativePath: `676909/2023-12-14/001/behavior/${TASK}`,
          exists: true,
        },
      ],
      [
        {
          repository: 'gcs',
          dataUrl: 'gs://b/',
          relativePath: `676909/2023-12-14/001/behavior/${TASK}`,
          exists: true,
        },
      ],
    ];
    for (const fileRecords of cases) {
      const outcome = resolveManifestDataset(
        [dataset('behavior', '', TASK, { fileRecords })],
        request({ revision: '' }),
      );
      expect(outcome).toMatchObject({ code: 'INPUT_FILE_NOT_FOUND' });
      expect('message' in outcome && outcome.message).toContain('has no file record that exists');
    }
  });

  it('reads the first existing s3:// record by repository', () => {
    const fileRecords = [
      { repository: 'z-repo', dataUrl: 's3://z/', relativePath: 'p/f.hdf5', exists: true },
      { repository: 'b-repo', dataUrl: 's3://b/', relativePath: 'p/f.hdf5', exists: false },
      { repository: 'a-repo', dataUrl: null, relativePath: 'p/f.hdf5', exists: true },
      { repository: 'm-repo', dataUrl: 's3://m/x', relativePath: 'p/f.hdf5', exists: true },
    ];
    const outcome = resolveManifestDataset(
      [dataset('behavior', '', TASK, { fileRecords })],
      request({ revision: '' }),
    );
    expect(outcome).toMatchObject({ uri: 's3://m/x/p/f.hdf5' });
  });

  it('AMBIGUOUS_INPUT_FILE names every candidate: several files match', () => {
    const inRaw = dataset('raw', '', TASK);
    const other = dataset('behavior', '', 'DynamicRouting1_676909_20231214_130000.hdf5');
    const outcome = resolveManifestDataset(
      [ORIGINAL, inRaw, other],
      request({ collection: null, revision: '' }),
    );
    expect(outcome).toEqual({
      code: 'AMBIGUOUS_INPUT_FILE',
      message: `3 registered datasets match "DynamicRouting1_*.hdf5": 676909_2023-12-14/behavior/${TASK}, 676909_2023-12-14/raw/${TASK}, 676909_2023-12-14/behavior/DynamicRouting1_676909_20231214_130000.hdf5; name the collection or the file`,
    });
    // The collection narrows it to one file; its revisions are one candidate.
    expect(resolveManifestDataset([ORIGINAL, REVISED, inRaw], request({ revision: '' }))).toMatchObject({
      dataset: ORIGINAL,
    });
  });
});

describe('checkDatasetRequest', () => {
  it.each([
    [{ name: '' }, 'dataset.name'],
    [{ name: 'behavior/x.hdf5' }, 'dataset.name'],
    [{ name: 'x'.repeat(257) }, 'dataset.name'],
    [{ collection: '/behavior' }, 'dataset.collection'],
    [{ collection: 'behavior/#rev#' }, 'dataset.collection'],
    [{ collection: 'a//b' }, 'dataset.collection'],
    [{ revision: '#2024-01-01#' }, 'dataset.revision'],
    [{ revision: '..' }, 'dataset.revision'],
    [{ revision: 'a b' }, 'dataset.revision'],
  ])('%j → INVALID_VALUE on %s', (over, field) => {
    expect(checkDatasetRequest(request(over))).toMatchObject({
      code: 'INVALID_VALUE',
      field: field.split('.'),
    });
  });

  it('accepts globs, nested collections, the session folder and the original revision', () => {
    for (const over of [
      {},
      { collection: 'alf/probe00' },
      { collection: '' },
      { collection: null, revision: '' },
      { revision: '2024-01-10a' },
    ])
      expect(checkDatasetRequest(request(over))).toBeNull();
  });

  it('keeps the request as canonical JSON (null parts included)', () => {
    expect(canonicalDatasetRequest(request())).toBe(
      '{"collection":"behavior","name":"DynamicRouting1_*.hdf5","revision":null}',
    );
  });
});

describe('frameCountMismatch', () => {
  const input = { uri: 's3://b/in.hdf5', frameCount: 1001, lastFrame: 1000 };

  it('none when the file agrees with itself and with the task file', () => {
    expect(frameCountMismatch('s', input, null)).toBeNull();
    expect(frameCountMismatch('s', { ...input, lastFrame: null }, null)).toBeNull();
    expect(
      frameCountMismatch('s', input, { uri: 's3://b/task.hdf5', frameCount: 1001, lastFrame: null }),
    ).toBeNull();
  });

  it("the file's lastFrame + 1 differs from its frames", () => {
    expect(frameCountMismatch('s', { ...input, lastFrame: 1200 }, null)).toEqual({
      code: 'FRAME_COUNT_MISMATCH',
      sessionIds: ['s'],
      message: 's: s3://b/in.hdf5 holds 1001 frames (frameIntervals + 1) but its lastFrame says 1201',
    });
  });

  it("the dataset's frames differ from the session's task file", () => {
    expect(
      frameCountMismatch('s', input, { uri: 's3://b/task.hdf5', frameCount: 900, lastFrame: 899 }),
    ).toEqual({
      code: 'FRAME_COUNT_MISMATCH',
      sessionIds: ['s'],
      message: "s: s3://b/in.hdf5 holds 1001 frames but the session's task file s3://b/task.hdf5 holds 900",
    });
  });
});
