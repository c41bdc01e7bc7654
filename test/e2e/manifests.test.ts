/**
 * exportManifest and GET /manifests/<id>.jsonl|.json end to end on the embedded lab: entries in
 * selection order with the frame counts the task-file reader reads from the same objects, the served
 * bytes hashing to `sha256`, the same content giving the same id, every error code (FRAME_COUNT_MISMATCH from a task file's own lastFrame), allowPartial, and byte-identical downloads after a restart on the same PGlite directory.
 */
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/canonicalJson.ts';
import { readTaskFile } from '../../src/sources/taskfile/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { scratchRegistryDir } from '../support/registryTemplate.ts';
import { taskFileBytes, workedExampleTaskData } from '../support/taskFileBytes.ts';

const WRITE = 'lg_fixture_write_8b2d4e60';
const TASK_FOLDER = 'aind-scratch-data/dynamic-routing/DynamicRoutingTask/Data';
/** A session whose task file the test copies (same size, a second later): two candidates, a tie. */
const TIED = { session: '667252_2023-06-12', file: 'DynamicRouting1_667252_20230612_111224.hdf5' };
const TIED_COPY = 'DynamicRouting1_667252_20230612_111225.hdf5';
/** A session whose task file the test overwrites with bytes that are not HDF5. */
const BROKEN = { session: '644867_2023-01-13', file: '644867/DynamicRouting1_644867_20230113_104811.hdf5' };
/** A session whose task file the test overwrites with one whose lastFrame disagrees with its frames. */
const MISCOUNTED = {
  session: '649943_2023-02-13',
  file: '649943/DynamicRouting1_649943_20230213_150719.hdf5',
};
type Data = Record<string, unknown>;

let scratch: Awaited<ReturnType<typeof scratchRegistryDir>>;
let s3Dir: string;
let gw: RunningGateway;

const env = () => ({
  LABGRAPH_LOG_LEVEL: 'silent',
  LABGRAPH_REGISTRY_SEED: 'none',
  LABGRAPH_REGISTRY_DIR: scratch.dir,
  LABGRAPH_S3_LOCAL_DIR: s3Dir,
});

async function post(query: string, variables: Data = {}): Promise<ExecutionResult<Data>> {
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<Data>;
}

interface Entry {
  sessionId: string;
  alfPath: string | null;
  datasetId: string | null;
  resolvedRevision: string | null;
  inputUri: string;
  frameCount: number;
  nbinned: number;
}
interface Manifest {
  id: string;
  sha256: string;
  url: string;
  selectionId: string;
  entries: Entry[];
  problems: { code: string; sessionIds: string[] }[];
}
interface ExportPayload {
  replayed: boolean;
  userErrors: { code: string; field: string[] | null; message: string }[];
  manifest: Manifest | null;
}

const EXPORT = `mutation($input: ExportManifestInput!) {
  exportManifest(input: $input) {
    replayed userErrors { code field message }
    manifest { id sha256 url selectionId
      entries { sessionId alfPath datasetId resolvedRevision inputUri frameCount nbinned }
      problems { code sessionIds } }
  }
}`;

async function exportManifest(input: Data): Promise<ExportPayload> {
  const result = await post(EXPORT, { input });
  expect(result.errors).toBeUndefined();
  return result.data!.exportManifest as ExportPayload;
}

async function selectionOf(
  filter: Data,
  count: number,
  extra: Data = {},
): Promise<{ id: string; selectedIds: string[] }> {
  const result = await post(
    `mutation($input: CreateSelectionInput!) { createSelection(input: $input) { userErrors { code } selection { id selectedIds } } }`,
    { input: { seed: 7, queries: [{ filter, count }], ...extra } },
  );
  const payload = result.data!.createSelection as {
    userErrors: unknown[];
    selection: { id: string; selectedIds: string[] };
  };
  expect(payload.userErrors).toEqual([]);
  return payload.selection;
}

/** The frame count straight from the object's bytes, read with the task-file reader. */
async function framesOf(uri: string): Promise<number> {
  const bytes = await readFile(path.join(s3Dir, uri.replace(/^s3:\/\//, '')));
  return (await readTaskFile(new Uint8Array(bytes), uri)).frameIntervals.length + 1;
}

/** Training sessions with one readable task file each (667252's is tied in this test's copy of the lab). */
const TRAINING = {
  isTraining: true,
  genotypeContains: 'Ai32',
  subjects: ['660023', '668759', '676909', '681532', '714753'],
};

beforeAll(async () => {
  scratch = await scratchRegistryDir();
  s3Dir = await mkdtemp(path.join(tmpdir(), 'labgraph-manifest-s3-'));
  await cp('fixtures/s3', s3Dir, { recursive: true });
  const folder = path.join(s3Dir, TASK_FOLDER, '667252');
  await copyFile(path.join(folder, TIED.file), path.join(folder, TIED_COPY));
  await writeFile(path.join(s3Dir, TASK_FOLDER, BROKEN.file), 'this is not an HDF5 file');
  await writeFile(
    path.join(s3Dir, TASK_FOLDER, MISCOUNTED.file),
    await taskFileBytes({ ...workedExampleTaskData(), lastFrame: 1500 }),
  );
  gw = await startGateway({ ...env(), LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' });
}, 180_000);
afterAll(async () => {
  await gw?.close();
  await scratch?.remove();
  await rm(s3Dir, { recursive: true, force: true });
});

describe('exportManifest', () => {
  it('lists the selected sessions in selection order with their task files and frame bins', async () => {
    const selection = await selectionOf(
      { ...TRAINING, subjects: ['676909', '681532', '714753', '668759'] },
      3,
    );
    const { manifest, userErrors } = await exportManifest({ selectionId: selection.id, binSize: 100 });
    expect(userErrors).toEqual([]);
    expect(manifest!.entries.map((e) => e.sessionId)).toEqual(selection.selectedIds);
    for (const entry of manifest!.entries) {
      expect(entry.inputUri).toMatch(new RegExp(`^s3://${TASK_FOLDER}/\\d+/DynamicRouting1_.*\\.hdf5$`));
      expect(entry.frameCount).toBe(await framesOf(entry.inputUri));
      expect(entry.nbinned).toBe(Math.floor(entry.frameCount / 100));
      expect(entry).toMatchObject({ datasetId: null, resolvedRevision: null });
    }
    const registered = manifest!.entries.find((e) => e.sessionId.startsWith('676909_'));
    if (registered)
      expect(registered.alfPath).toMatch(/^dynamic-routing\/Subjects\/676909\/\d{4}-\d{2}-\d{2}\/001$/);
  });

  it('serves the manifest at its url: bytes that hash to sha256, the same on every read', async () => {
    const selection = await selectionOf(TRAINING, 2);
    const { manifest } = await exportManifest({ selectionId: selection.id });
    expect(manifest!.url).toBe(`/manifests/${manifest!.id}.jsonl`);
    const response = await gw.fetch(`${gw.url}${manifest!.url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const body = await response.text();
    expect(sha256Hex(body)).toBe(manifest!.sha256);
    expect(response.headers.get('etag')).toBe(`"${manifest!.sha256}"`);
    expect(
      body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(manifest!.entries);
    expect(await (await gw.fetch(`${gw.url}${manifest!.url}`)).text()).toBe(body);
    const wrong = await gw.fetch(`${gw.url}/manifests/${manifest!.id}.json`);
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain(`.jsonl`);
    expect((await gw.fetch(`${gw.url}/manifests/mf-000000000000000000000000.jsonl`)).status).toBe(404);
  });

  it("SEGMENTATION_V1 is slapp's manifest at .json; the same content gets the same id", async () => {
    const selection = await selectionOf(TRAINING, 2);
    const first = (await exportManifest({ selectionId: selection.id, format: 'SEGMENTATION_V1' })).manifest!;
    const again = await exportManifest({ selectionId: selection.id, format: 'SEGMENTATION_V1' });
    expect(again.manifest!.id).toBe(first.id);
    expect(first.url).toBe(`/manifests/${first.id}.json`);
    const served = JSON.parse(await (await gw.fetch(`${gw.url}${first.url}`)).text()) as {
      manifest: { experiment_id: string; input_video: string; nbinned: number }[];
    };
    expect(served.manifest).toEqual(
      first.entries.map((e) => ({ experiment_id: e.sessionId, input_video: e.inputUri, nbinned: e.nbinned })),
    );
    const other = await exportManifest({ selectionId: selection.id, format: 'SEGMENTATION_V1', binSize: 60 });
    expect(other.manifest!.id).not.toBe(first.id);
  });
});

describe('exportManifest over the seeded registered dataset (README walk-through)', () => {
  it("reads 676909_2023-12-14's registered task file; the sessions without one are problems", async () => {
    const dataset = { name: 'DynamicRouting1_*.hdf5', collection: 'behavior' };
    const failed = await exportManifest({ selectionId: 'sel-1', dataset });
    expect(failed.manifest).toBeNull();
    expect(failed.userErrors.map((e) => e.code)).toEqual(['INPUT_FILE_NOT_FOUND', 'INPUT_FILE_NOT_FOUND']);
    const { manifest } = await exportManifest({ selectionId: 'sel-1', dataset, allowPartial: true });
    const uri = `s3://aind-scratch-data/676909/2023-12-14/001/behavior/DynamicRouting1_676909_20231214_124311.hdf5`;
    expect(manifest!.entries).toEqual([
      {
        sessionId: '676909_2023-12-14',
        alfPath: 'dynamic-routing/Subjects/676909/2023-12-14/001',
        datasetId: '676909_2023-12-14/behavior/DynamicRouting1_676909_20231214_124311.hdf5',
        resolvedRevision: '',
        inputUri: uri,
        frameCount: await framesOf(uri),
        nbinned: Math.floor((await framesOf(uri)) / 115),
      },
    ]);
    expect(manifest!.problems).toEqual([
      { code: 'INPUT_FILE_NOT_FOUND', sessionIds: ['667252_2023-06-12'] },
      { code: 'INPUT_FILE_NOT_FOUND', sessionIds: ['660023_2023-04-21'] },
    ]);
  });
});

describe('exportManifest errors', () => {
  it.each([
    [{ binSize: 0 }, 'BIN_SIZE_NOT_POSITIVE', ['binSize']],
    [{ binSize: -115 }, 'BIN_SIZE_NOT_POSITIVE', ['binSize']],
    [{ selectionId: 'sel-999999' }, 'SELECTION_NOT_FOUND', ['selectionId']],
    [{ selectionId: 'manifest-please' }, 'SELECTION_NOT_FOUND', ['selectionId']],
  ])('%j → %s', async (overrides, code, field) => {
    const selection = await selectionOf(TRAINING, 1);
    const { userErrors, manifest } = await exportManifest({ selectionId: selection.id, ...overrides });
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([[code, field]]);
    expect(manifest).toBeNull();
  });

  it('NOT_A_SESSION_SELECTION for a selection of subjects', async () => {
    const selection = await selectionOf(TRAINING, 1, { unit: 'SUBJECT' });
    const { userErrors } = await exportManifest({ selectionId: selection.id });
    expect(userErrors.map((e) => e.code)).toEqual(['NOT_A_SESSION_SELECTION']);
  });

  it('INPUT_FILE_NOT_FOUND for a session without a task file; allowPartial keeps the rest', async () => {
    const noTask = await selectionOf({ subject: '700001' }, 1);
    const failed = await exportManifest({ selectionId: noTask.id });
    expect(failed.userErrors.map((e) => e.code)).toEqual(['INPUT_FILE_NOT_FOUND']);
    expect(failed.userErrors[0]!.message).toContain(noTask.selectedIds[0]);
    const partial = await exportManifest({ selectionId: noTask.id, allowPartial: true });
    expect(partial.manifest).toMatchObject({
      entries: [],
      problems: [{ code: 'INPUT_FILE_NOT_FOUND', sessionIds: noTask.selectedIds }],
    });
  });

  it('AMBIGUOUS_INPUT_FILE when two task files of the session tie on size', async () => {
    const selection = await selectionOf({ subject: '667252', date: '2023-06-12' }, 1);
    expect(selection.selectedIds).toEqual([TIED.session]);
    const { userErrors } = await exportManifest({ selectionId: selection.id });
    expect(userErrors.map((e) => e.code)).toEqual(['AMBIGUOUS_INPUT_FILE']);
    expect(userErrors[0]!.message).toContain(TIED_COPY);
  });

  it('INPUT_FILE_UNREADABLE names the task file that is not a task file', async () => {
    const selection = await selectionOf({ subject: '644867', date: '2023-01-13' }, 1);
    expect(selection.selectedIds).toEqual([BROKEN.session]);
    const { userErrors } = await exportManifest({ selectionId: selection.id });
    expect(userErrors.map((e) => e.code)).toEqual(['INPUT_FILE_UNREADABLE']);
    expect(userErrors[0]!.message).toContain(BROKEN.file);
  });

  it("FRAME_COUNT_MISMATCH when the task file's lastFrame disagrees with its frames", async () => {
    const selection = await selectionOf({ subject: '649943', date: '2023-02-13' }, 1);
    expect(selection.selectedIds).toEqual([MISCOUNTED.session]);
    const { userErrors } = await exportManifest({ selectionId: selection.id });
    expect(userErrors).toEqual([
      {
        code: 'FRAME_COUNT_MISMATCH',
        field: ['selectionId'],
        message: `${MISCOUNTED.session}: s3://${TASK_FOLDER}/${MISCOUNTED.file} holds 1001 frames (frameIntervals + 1) but its lastFrame says 1501`,
      },
    ]);
    const partial = (await exportManifest({ selectionId: selection.id, allowPartial: true })).manifest!;
    expect(partial.problems.map((p) => p.code)).toEqual(['FRAME_COUNT_MISMATCH']);
  });

  it('MISSING_RECORDS lists selected sessions no source knows any more', async () => {
    const registry = await gw.gateway.services.registry();
    const known = (await selectionOf(TRAINING, 1)).selectedIds;
    const gone = ['999999_2020-01-01', '999998_2020-01-02'];
    const written = await registry.write('trainer', null, async (tx) => ({
      commit: (
        await tx.insertSelection(
          {
            gatewayVersion: 'test',
            algorithm: 'v1-xoroshiro128plus-fisheryates',
            seed: 1,
            unit: 'SESSION',
            dedupe: false,
            comment: 'sessions that vanished',
            selectedIds: [...gone, ...known],
            queries: [],
          },
          'trainer',
        )
      ).id,
    }));
    const id = `sel-${(written as { value: number }).value}`;
    const { userErrors } = await exportManifest({ selectionId: id });
    expect(userErrors.map((e) => e.code)).toEqual(['MISSING_RECORDS']);
    expect(userErrors[0]!.message).toContain(gone.join(', '));
    const partial = (await exportManifest({ selectionId: id, allowPartial: true })).manifest!;
    expect(partial.entries.map((e) => e.sessionId)).toEqual(known);
    expect(partial.problems).toEqual([{ code: 'MISSING_RECORDS', sessionIds: gone }]);
  });
});

describe('restart', () => {
  it('serves byte-identical manifests and reads after a restart on the same data directory', async () => {
    const selection = await selectionOf(TRAINING, 3);
    const { manifest } = await exportManifest({ selectionId: selection.id });
    const READ = `{ manifest(id: "${manifest!.id}") { id sha256 createdAt selectionId entries { sessionId frameCount nbinned inputUri } } }`;
    const before = [
      await (await gw.fetch(`${gw.url}${manifest!.url}`)).text(),
      await (await gw.fetch(`${gw.url}/graphql?query=${encodeURIComponent(READ)}`)).text(),
    ];
    await gw.close();
    gw = await startGateway(env());
    const after = [
      await (await gw.fetch(`${gw.url}${manifest!.url}`)).text(),
      await (await gw.fetch(`${gw.url}/graphql?query=${encodeURIComponent(READ)}`)).text(),
    ];
    expect(after).toEqual(before);
    expect(JSON.parse(after[1]!).data.manifest.id).toBe(manifest!.id);
  }, 120_000);
});
