/**
 * exportManifest over registered datasets end to end, on PGlite and on the real PostgreSQL server
 * (LABGRAPH_TEST_POSTGRES_URL): datasets registered with registerDatasets, their bytes served by
 * s3rver over loopback. Entries carry the dataset's id, the revision ONE's rule resolved and its
 * file record's URI, with the frame count read from those bytes; every per-entry error
 * (INPUT_FILE_NOT_FOUND, AMBIGUOUS_INPUT_FILE, FRAME_COUNT_MISMATCH, INPUT_FILE_UNREADABLE) and
 * the request checks; the manifest's id follows the resolved revisions.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_BUCKET } from '../../fixtures/generator/lab.ts';
import { FIXTURE_TOKENS_FILE, PROJECT_ROOT } from '../../src/config.ts';
import type { ObjectStoreOperation } from '../../src/sources/objectstore/index.ts';
import { readTaskFile } from '../../src/sources/taskfile/index.ts';
import { FIXTURE_TOKENS, type RunningGateway, startGateway } from '../support/gateway.ts';
import { contractBackends } from '../support/registryBackends.ts';
import { cachedS3Store, type S3TestServer, s3rverStoreOptions, startS3Server } from '../support/s3Server.ts';
import { taskFileBytes, workedExampleTaskData } from '../support/taskFileBytes.ts';

type Data = Record<string, unknown>;
interface Entry {
  sessionId: string;
  datasetId: string | null;
  resolvedRevision: string | null;
  inputUri: string;
  frameCount: number;
  nbinned: number;
}
interface ExportPayload {
  userErrors: { code: string; field: string[] | null; message: string }[];
  manifest: {
    id: string;
    dataset: { name: string; collection: string | null; revision: string | null } | null;
    entries: Entry[];
    problems: { code: string; sessionIds: string[]; message: string }[];
  } | null;
}

const REPO = 'aind-scratch-data';
const TASK_FOLDER = 'dynamic-routing/DynamicRoutingTask/Data/676909/';
/** A catalog session with one task file; its dataset is registered as the original and a revision. */
const TASKED = {
  session: '676909_2023-12-14',
  date: '2023-12-14',
  file: 'DynamicRouting1_676909_20231214_124311.hdf5',
};
/** Another catalog session of the subject: its dataset holds the worked example (other frames than its own). */
const SWAPPED = {
  session: '676909_2023-10-31',
  date: '2023-10-31',
  file: 'DynamicRouting1_676909_20231031_144838.hdf5',
};
const WORKED = 'DynamicRouting1_700001_20240401_090000.hdf5';
/** `alf`-less registered sessions of the registry-only subject 700001, one per case. */
const CASES = {
  good: '2024-04-01',
  lastFrame: '2024-04-02',
  ambiguous: '2024-04-03',
  notThere: '2024-04-04',
  absent: '2024-04-05',
  unreadable: '2024-04-06',
  none: '2024-04-07',
  revisedOnly: '2024-04-08',
} as const;
const DATASET = { name: 'DynamicRouting1_*.hdf5', collection: 'behavior' };

const EXPORT = `mutation($input: ExportManifestInput!) {
  exportManifest(input: $input) {
    userErrors { code field message }
    manifest { id dataset { name collection revision }
      entries { sessionId datasetId resolvedRevision inputUri frameCount nbinned }
      problems { code sessionIds message } }
  }
}`;

/** The frame count straight from bytes, read with the task-file reader. */
const framesOf = async (bytes: Uint8Array) =>
  (await readTaskFile(bytes, 's3://test/x.hdf5')).frameIntervals.length + 1;

const backends = contractBackends('exportManifest over registered datasets');

describe.each(backends)('exportManifest with a registered dataset ($name)', (backend) => {
  let server: S3TestServer;
  let cacheDir: string;
  let gw: RunningGateway;
  /** Object-store requests the gateway sent to s3rver. */
  const requests: ObjectStoreOperation[] = [];
  const count = (operation: ObjectStoreOperation) => requests.filter((r) => r === operation).length;
  const bytes: Record<'tasked' | 'worked' | 'badLastFrame', Uint8Array> = {
    tasked: new Uint8Array(),
    worked: new Uint8Array(),
    badLastFrame: new Uint8Array(),
  };

  async function post(query: string, variables: Data, token: string = FIXTURE_TOKENS.write) {
    const response = await gw.fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as ExecutionResult<Data>;
    expect(result.errors).toBeUndefined();
    return result.data!;
  }

  async function registerSession(subject: string, date: string): Promise<void> {
    const data = await post(
      'mutation($input: RegisterSessionInput!) { registerSession(input: $input) { userErrors { code message } } }',
      { input: { subject, date, number: 1 } },
    );
    expect((data.registerSession as { userErrors: unknown[] }).userErrors).toEqual([]);
  }

  async function registerFiles(
    session: string,
    files: { relativePath: string; fileSize: number }[],
    extra: Data = {},
  ) {
    const data = await post(
      `mutation($input: RegisterDatasetsInput!) { registerDatasets(input: $input) {
        userErrors { code message } results { status error { code message } } } }`,
      { input: { session, repository: REPO, files, ...extra } },
    );
    const payload = data.registerDatasets as { userErrors: unknown[]; results: { error: unknown }[] };
    expect(payload.userErrors).toEqual([]);
    expect(payload.results.map((r) => r.error)).toEqual(files.map(() => null));
  }

  /** Registers `path` in the session and puts `body` at its file record (unless told not to). */
  async function registerFile(
    sessionId: string,
    path: string,
    body: Uint8Array | string | null,
    extra: Data = {},
  ): Promise<void> {
    const [subject, date, idx] = sessionId.split('_');
    const number = String(Number(idx ?? 0) + 1).padStart(3, '0');
    await registerFiles(sessionId, [{ relativePath: path, fileSize: body?.length ?? 1 }], extra);
    if (body !== null)
      await server.putObjects([{ bucket: REPO, key: `${subject}/${date}/${number}/${path}`, body }]);
  }

  async function selectionOf(sessionIds: string[]): Promise<string> {
    const queries = sessionIds.map((id) => {
      const [subject, date] = id.split('_');
      return { label: id, filter: { subject, date }, count: 1 };
    });
    const data = await post(
      `mutation($input: CreateSelectionInput!) { createSelection(input: $input) { userErrors { code message } selection { id selectedIds } } }`,
      { input: { seed: 7, queries } },
    );
    const payload = data.createSelection as {
      userErrors: unknown[];
      selection: { id: string; selectedIds: string[] };
    };
    expect(payload.userErrors).toEqual([]);
    expect(payload.selection.selectedIds).toEqual(sessionIds);
    return payload.selection.id;
  }

  async function exportManifest(input: Data): Promise<ExportPayload> {
    return (await post(EXPORT, { input })).exportManifest as ExportPayload;
  }

  /** The one problem of exporting a selection of this one session (and the same with allowPartial). */
  async function problemOf(sessionId: string, dataset: Data = DATASET) {
    const selectionId = await selectionOf([sessionId]);
    const failed = await exportManifest({ selectionId, dataset });
    expect(failed.manifest).toBeNull();
    expect(failed.userErrors).toHaveLength(1);
    const partial = (await exportManifest({ selectionId, dataset, allowPartial: true })).manifest!;
    expect(partial.entries).toEqual([]);
    expect(partial.problems).toEqual([
      { code: failed.userErrors[0]!.code, sessionIds: [sessionId], message: failed.userErrors[0]!.message },
    ]);
    return failed.userErrors[0]!;
  }

  beforeAll(async () => {
    const fixtureFolder = join(PROJECT_ROOT, 'fixtures', 's3', TASK_BUCKET, TASK_FOLDER);
    bytes.tasked = new Uint8Array(await readFile(join(fixtureFolder, TASKED.file)));
    bytes.worked = await taskFileBytes(workedExampleTaskData());
    bytes.badLastFrame = await taskFileBytes({ ...workedExampleTaskData(), lastFrame: 1200 });
    server = await startS3Server({ buckets: [TASK_BUCKET] });
    // The subject's task-file folder, so that catalog sessions have their task files.
    const names = await readdir(fixtureFolder);
    await server.putObjects(
      await Promise.all(
        names.map(async (name) => ({
          bucket: TASK_BUCKET,
          key: `${TASK_FOLDER}${name}`,
          body: new Uint8Array(await readFile(join(fixtureFolder, name))),
        })),
      ),
    );
    cacheDir = await mkdtemp(join(tmpdir(), 'labgraph-manifest-datasets-'));
    const registry = await backend.open();
    gw = await startGateway(
      {
        LABGRAPH_LOG_LEVEL: 'silent',
        LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml',
        // The fixture tokens are given by name: only the embedded registry falls back to them.
        LABGRAPH_TOKENS_FILE: FIXTURE_TOKENS_FILE,
        ...(registry.backend === 'postgres' ? { LABGRAPH_REGISTRY_URL: registry.url } : {}),
      },
      {
        sources: {
          objectStore: cachedS3Store(
            { ...s3rverStoreOptions(server.endpoint), onRequest: (operation) => requests.push(operation) },
            cacheDir,
          ),
        },
      },
    );

    await registerSession('676909', TASKED.date);
    await registerFile(TASKED.session, `behavior/${TASKED.file}`, bytes.tasked, { default: false });
    await registerFile(TASKED.session, `behavior/#2024-01-10#/${TASKED.file}`, bytes.tasked);
    await registerSession('676909', SWAPPED.date);
    await registerFile(SWAPPED.session, `behavior/${SWAPPED.file}`, bytes.worked);

    for (const date of Object.values(CASES)) await registerSession('700001', date);
    const at = (date: string) => `700001_${date}`;
    await registerFile(at(CASES.good), `behavior/${WORKED}`, bytes.worked);
    await registerFile(at(CASES.lastFrame), `behavior/${WORKED}`, bytes.badLastFrame);
    await registerFile(at(CASES.ambiguous), `behavior/${WORKED}`, bytes.worked);
    await registerFile(
      at(CASES.ambiguous),
      `behavior/DynamicRouting1_700001_20240403_100000.hdf5`,
      bytes.worked,
    );
    await registerFile(at(CASES.notThere), `behavior/${WORKED}`, bytes.worked, { exists: false });
    await registerFile(at(CASES.absent), `behavior/${WORKED}`, null);
    await registerFile(at(CASES.unreadable), `behavior/${WORKED}`, 'these bytes are not HDF5');
    await registerFile(at(CASES.revisedOnly), `behavior/#2024-01-10#/${WORKED}`, bytes.worked);
  }, 240_000);

  afterAll(async () => {
    await gw?.close();
    await server?.stop();
    await backend.cleanup();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('reads each session’s dataset: its id, the revision resolved, its file record and frames', async () => {
    const sessions = [TASKED.session, `700001_${CASES.good}`];
    const selectionId = await selectionOf(sessions);
    requests.length = 0;
    const { manifest, userErrors } = await exportManifest({ selectionId, binSize: 100, dataset: DATASET });
    // A HEAD and a GET per dataset file, and TASKED's task file (its frames are compared) downloaded once.
    expect({ head: count('head'), get: count('get') }).toEqual({ head: 2, get: 3 });
    expect(count('list')).toBeLessThanOrEqual(2);
    expect(userErrors).toEqual([]);
    expect(manifest!.dataset).toEqual({ ...DATASET, revision: null });
    const frames = [await framesOf(bytes.tasked), await framesOf(bytes.worked)];
    expect(manifest!.entries).toEqual([
      {
        sessionId: TASKED.session,
        datasetId: `${TASKED.session}/behavior/#2024-01-10#/${TASKED.file}`,
        resolvedRevision: '2024-01-10',
        inputUri: `s3://${REPO}/676909/2023-12-14/001/behavior/#2024-01-10#/${TASKED.file}`,
        frameCount: frames[0],
        nbinned: Math.floor(frames[0]! / 100),
      },
      {
        sessionId: `700001_${CASES.good}`,
        datasetId: `700001_${CASES.good}/behavior/${WORKED}`,
        resolvedRevision: '',
        inputUri: `s3://${REPO}/700001/${CASES.good}/001/behavior/${WORKED}`,
        frameCount: 1001,
        nbinned: 10,
      },
    ]);
    expect(frames[1]).toBe(1001);
    // The same export again: listings and heads cached, bytes read once per ETag — nothing upstream.
    requests.length = 0;
    expect((await exportManifest({ selectionId, binSize: 100, dataset: DATASET })).manifest!.id).toBe(
      manifest!.id,
    );
    expect(requests).toEqual([]);
  });

  it('takes the last revision ≤ the one asked for; the resolved revision changes the manifest id', async () => {
    const selectionId = await selectionOf([TASKED.session]);
    const at = async (revision: string) => {
      const { manifest } = await exportManifest({ selectionId, dataset: { ...DATASET, revision } });
      return manifest!;
    };
    const [before, on, after] = [await at('2024-01-09'), await at('2024-01-10'), await at('2099-12-31')];
    expect([before, on, after].map((m) => m.entries[0]!.resolvedRevision)).toEqual([
      '',
      '2024-01-10',
      '2024-01-10',
    ]);
    expect(before.entries[0]!.inputUri).toBe(`s3://${REPO}/676909/2023-12-14/001/behavior/${TASKED.file}`);
    expect(new Set([before.id, on.id, after.id]).size).toBe(3);
    // The same request and the same resolution: the same manifest.
    expect((await at('2024-01-10')).id).toBe(on.id);
    const taskFileManifest = (await exportManifest({ selectionId })).manifest!;
    expect(taskFileManifest.entries[0]).toMatchObject({
      datasetId: null,
      resolvedRevision: null,
      inputUri: `s3://${TASK_BUCKET}/${TASK_FOLDER}${TASKED.file}`,
      frameCount: before.entries[0]!.frameCount,
    });
    expect(taskFileManifest.id).not.toBe(before.id);
  });

  it('INPUT_FILE_NOT_FOUND: no such dataset, no revision ≤ R, no existing file record, no object', async () => {
    const none = await problemOf(`700001_${CASES.none}`);
    expect(none).toMatchObject({ code: 'INPUT_FILE_NOT_FOUND', field: ['selectionId'] });
    expect(none.message).toContain(
      'no registered dataset matches "DynamicRouting1_*.hdf5" in collection "behavior"',
    );
    const otherName = await problemOf(`700001_${CASES.good}`, { ...DATASET, name: 'Behavior_*.mp4' });
    expect(otherName.code).toBe('INPUT_FILE_NOT_FOUND');
    const early = await problemOf(`700001_${CASES.revisedOnly}`, { ...DATASET, revision: '2023-12-31' });
    expect(early.message).toContain('no revision ≤ "2023-12-31"');
    const notThere = await problemOf(`700001_${CASES.notThere}`);
    expect(notThere.message).toContain(`${REPO} (not there yet)`);
    const absent = await problemOf(`700001_${CASES.absent}`);
    expect(absent).toMatchObject({ code: 'INPUT_FILE_NOT_FOUND' });
    expect(absent.message).toContain(`s3://${REPO}/700001/${CASES.absent}/001/behavior/${WORKED} does not`);
  });

  it('AMBIGUOUS_INPUT_FILE names each candidate dataset', async () => {
    const problem = await problemOf(`700001_${CASES.ambiguous}`);
    expect(problem.code).toBe('AMBIGUOUS_INPUT_FILE');
    expect(problem.message).toContain(`700001_${CASES.ambiguous}/behavior/${WORKED}`);
    expect(problem.message).toContain(
      `700001_${CASES.ambiguous}/behavior/DynamicRouting1_700001_20240403_100000.hdf5`,
    );
    // Naming the file leaves one.
    const selectionId = await selectionOf([`700001_${CASES.ambiguous}`]);
    const named = await exportManifest({ selectionId, dataset: { name: WORKED } });
    expect(named.userErrors).toEqual([]);
  });

  it("FRAME_COUNT_MISMATCH: the file's lastFrame, or the session's task file, says otherwise", async () => {
    const own = await problemOf(`700001_${CASES.lastFrame}`);
    expect(own).toMatchObject({ code: 'FRAME_COUNT_MISMATCH' });
    expect(own.message).toContain('holds 1001 frames (frameIntervals + 1) but its lastFrame says 1201');
    const ownFrames = await framesOf(
      new Uint8Array(
        await readFile(join(PROJECT_ROOT, 'fixtures', 's3', TASK_BUCKET, TASK_FOLDER, SWAPPED.file)),
      ),
    );
    expect(ownFrames).not.toBe(1001);
    const swapped = await problemOf(SWAPPED.session);
    expect(swapped).toMatchObject({
      code: 'FRAME_COUNT_MISMATCH',
      message: `${SWAPPED.session}: s3://${REPO}/676909/2023-10-31/001/behavior/${SWAPPED.file} holds 1001 frames but the session's task file s3://${TASK_BUCKET}/${TASK_FOLDER}${SWAPPED.file} holds ${ownFrames}`,
    });
  });

  it('INPUT_FILE_UNREADABLE names the dataset file that is not a task file', async () => {
    const problem = await problemOf(`700001_${CASES.unreadable}`);
    expect(problem.code).toBe('INPUT_FILE_UNREADABLE');
    expect(problem.message).toContain(`s3://${REPO}/700001/${CASES.unreadable}/001/behavior/${WORKED}`);
  });

  it.each([
    [{ name: '' }, ['dataset', 'name']],
    [{ name: 'behavior/x.hdf5' }, ['dataset', 'name']],
    [{ name: '*.hdf5', collection: '../up' }, ['dataset', 'collection']],
    [{ name: '*.hdf5', revision: '#2024#' }, ['dataset', 'revision']],
  ])('%j → INVALID_VALUE, nothing stored', async (dataset, field) => {
    const selectionId = await selectionOf([`700001_${CASES.good}`]);
    const { userErrors, manifest } = await exportManifest({ selectionId, dataset });
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_VALUE', field]]);
    expect(manifest).toBeNull();
  });
});
