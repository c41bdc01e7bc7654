/**
 * Datasets end to end through the GraphQL API on the seeded fixture lab, with "today" fixed by the
 * gateway's clock: registerDatasets (statuses, every file and call error, dry run, atomic,
 * idempotency), ONE's automatic-revision table row by row, protection by tags, markDatasetsExist,
 * updates and deletes, and the reads (Session.datasets with ONE's filters and last-before rule,
 * collections, revisions, Query.dataset, node, sessions(filter: hasDataset)).
 */
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RegistrySource } from '../../src/sources/registry/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const SEEDED = { LABGRAPH_LOG_LEVEL: 'silent', LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' };
const TOKENS = { admin: 'lg_fixture_admin_3f9c1a7e', write: 'lg_fixture_write_8b2d4e60' };
/** 13:00 in Los Angeles on 2024-06-15: "today" for the revision rule. */
const CLOCK = new Date('2024-06-15T20:00:00Z');
const TODAY = '2024-06-15';
const REPO = 'aind-scratch-data';

type Data = Record<string, unknown>;
interface UserErrorShape {
  code: string;
  field: string[] | null;
  message: string;
}
interface Result {
  requestedPath: string;
  registeredPath: string | null;
  status: string;
  revision: string | null;
  default: boolean | null;
  datasetType: string | null;
  error: UserErrorShape | null;
  dataset: { id: string; protected: boolean; fileRecords: { repository: string; exists: boolean }[] } | null;
}
interface RegisterPayload {
  replayed: boolean;
  dryRun: boolean | null;
  userErrors: UserErrorShape[];
  results: Result[] | null;
}

let gw: RunningGateway;
let registry: RegistrySource;

async function post(query: string, variables: Data, token?: string): Promise<ExecutionResult<Data>> {
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<Data>;
}

async function mutate<T>(name: string, query: string, input: Data, token = TOKENS.write): Promise<T> {
  const result = await post(query, { input }, token);
  expect(result.errors).toBeUndefined();
  return result.data?.[name] as T;
}

const REGISTER = `mutation($input: RegisterDatasetsInput!) {
  registerDatasets(input: $input) {
    replayed dryRun userErrors { code field message }
    results {
      requestedPath registeredPath status revision default datasetType error { code field message }
      dataset { id protected fileRecords { repository exists } }
    }
  }
}`;
const DATASETS_OP = (name: string) => `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) {
  ${name}(input: $input) { replayed userErrors { code field message } datasets { id protected default qc tags { name } fileRecords { repository exists } } }
}`;

let sessionCount = 0;
/** A fresh registered session of subject 700001 (a new day each time). */
async function newSession(): Promise<string> {
  sessionCount += 1;
  const date = `2024-05-${String(sessionCount).padStart(2, '0')}`;
  const payload = await mutate<{ userErrors: unknown[] }>(
    'registerSession',
    'mutation($input: RegisterSessionInput!) { registerSession(input: $input) { userErrors { code } } }',
    { subject: '700001', date, number: 1 },
  );
  expect(payload.userErrors).toEqual([]);
  return `700001_${date}`;
}

const file = (relativePath: string, hash = 'a1', fileSize = 100) => ({ relativePath, fileSize, hash });

async function register(session: string, files: Data[], extra: Data = {}): Promise<RegisterPayload> {
  return mutate<RegisterPayload>('registerDatasets', REGISTER, {
    session,
    files,
    repository: REPO,
    ...extra,
  });
}

async function protect(ids: string[]): Promise<void> {
  const payload = await mutate<{ userErrors: unknown[] }>('tagDatasets', DATASETS_OP('tagDatasets'), {
    datasets: ids,
    tags: ['protected'],
  });
  expect(payload.userErrors).toEqual([]);
}

/** Registers one file and protects its dataset. */
async function registerProtected(session: string, path: string): Promise<void> {
  const { results } = await register(session, [file(path)]);
  expect(results?.[0]?.error).toBeNull();
  await protect([results![0]!.dataset!.id]);
}

async function datasetCount(): Promise<number> {
  return (await registry.datasets({ sessions: (await registry.sessions()).map((s) => ({ ...s })) })).length;
}

beforeAll(async () => {
  gw = await startGateway(SEEDED, { clock: () => CLOCK });
  registry = await gw.gateway.services.registry();
  const tag = await mutate<{ userErrors: unknown[] }>(
    'upsertTag',
    'mutation($input: UpsertTagInput!) { upsertTag(input: $input) { name userErrors { code } } }',
    { name: 'protected', protected: true, description: 'frozen for a paper' },
    TOKENS.admin,
  );
  expect(tag.userErrors).toEqual([]);
}, 180_000);
afterAll(async () => gw?.close());

describe('registerDatasets', () => {
  it('creates, keeps, updates: one result per file in input order, with the type, default and file record', async () => {
    const session = await newSession();
    const files = [
      file('alf/licks.times.npy'),
      file('behavior/DynamicRouting1_700001_20240501_091500.hdf5', 'b1'),
    ];
    const first = await register(session, files);
    expect(
      first.results?.map((r) => [r.requestedPath, r.status, r.revision, r.default, r.datasetType]),
    ).toEqual([
      ['alf/licks.times.npy', 'CREATED', '', true, 'licks.times'],
      ['behavior/DynamicRouting1_700001_20240501_091500.hdf5', 'CREATED', '', true, 'behavior'],
    ]);
    expect(first.results?.[0]?.dataset).toMatchObject({
      id: `${session}/alf/licks.times.npy`,
      fileRecords: [{ repository: REPO, exists: true }],
    });
    const again = await register(session, [files[1]!, files[0]!]);
    expect(again.results?.map((r) => r.status)).toEqual(['UNCHANGED', 'UNCHANGED']);
    const changed = await register(session, [file('alf/licks.times.npy', 'a2')], { exists: false });
    expect(changed.results?.[0]).toMatchObject({ status: 'UPDATED', registeredPath: 'alf/licks.times.npy' });
    expect(changed.results?.[0]?.dataset?.fileRecords).toEqual([{ repository: REPO, exists: false }]);
    const marked = await mutate<{ datasets: { fileRecords: unknown[] }[] }>(
      'markDatasetsExist',
      DATASETS_OP('markDatasetsExist'),
      { repository: REPO, datasets: [`${session}/alf/licks.times.npy`] },
    );
    expect(marked.datasets[0]?.fileRecords).toEqual([{ repository: REPO, exists: true }]);
  });

  it('reports every file error on its own file and writes the good ones; nothing is dropped', async () => {
    const session = await newSession();
    const before = await datasetCount();
    const payload = await register(session, [
      file('alf/#a#/#b#/x.times.npy'),
      file('alf/x.times.xyz'),
      file('alf/foo.bar.npy'),
      { ...file('alf/spikes.times.npy'), qc: 'GREAT' },
      { ...file('alf/spikes.clusters.npy'), fileSize: -1 },
      file('alf/licks.times.npy'),
      file('alf/licks.times.npy'),
    ]);
    expect(
      payload.results?.map((r) => [r.status, r.error?.code ?? null, r.error?.field?.join('.') ?? null]),
    ).toEqual([
      ['REJECTED', 'INVALID_ALF_PATH', 'files.0.relativePath'],
      ['REJECTED', 'UNKNOWN_EXTENSION', 'files.1.relativePath'],
      ['REJECTED', 'NO_DATASET_TYPE', 'files.2.relativePath'],
      ['REJECTED', 'INVALID_QC', 'files.3.qc'],
      ['REJECTED', 'INVALID_VALUE', 'files.4.fileSize'],
      ['CREATED', null, null],
      ['REJECTED', 'INVALID_VALUE', 'files.6.relativePath'],
    ]);
    expect(payload.results?.[3]?.error?.message).toMatch(/NOT_SET, PASS, WARNING, FAIL, CRITICAL/);
    expect(await datasetCount()).toBe(before + 1);
  });

  it('names every candidate of an ambiguous dataset type', async () => {
    for (const [name, filenamePattern] of [
      ['ambiguous.one', '*.ambig.npy'],
      ['ambiguous.two', 'amb*.npy'],
    ]) {
      const result = await post(
        'mutation($input: UpsertDatasetTypeInput!) { upsertDatasetType(input: $input) { userErrors { code } } }',
        { input: { name, filenamePattern } },
        TOKENS.admin,
      );
      expect(result.errors).toBeUndefined();
    }
    const payload = await register(await newSession(), [file('ambiguous.ambig.npy')]);
    expect(payload.results?.[0]?.error).toMatchObject({ code: 'AMBIGUOUS_DATASET_TYPE' });
    expect(payload.results?.[0]?.error?.message).toMatch(/ambiguous\.one.*ambiguous\.two/);
  });

  it('refuses the whole call for an unknown session or repository, writing nothing', async () => {
    const session = await newSession();
    const unknown = await register('700001_2031-01-01', [file('alf/licks.times.npy')]);
    expect(unknown.results).toBeNull();
    expect(unknown.userErrors.map((e) => [e.code, e.field])).toEqual([['SESSION_NOT_FOUND', ['session']]]);
    const noRepo = await register(session, [file('alf/licks.times.npy')], { repository: 'nowhere' });
    expect(noRepo.userErrors.map((e) => e.code)).toEqual(['REPOSITORY_NOT_FOUND']);
    expect(noRepo.userErrors[0]?.message).toContain(REPO);
    const empty = await register(session, []);
    expect(empty.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_VALUE', ['files']]]);
    expect(
      (await registry.datasets({ sessions: [{ subjectMid: '700001', date: session.slice(7), number: 1 }] }))
        .length,
    ).toBe(0);
  });

  it('reports FILE_RECORD_CONFLICT when another dataset holds the repository path', async () => {
    const session = await newSession();
    const { results } = await register(session, [file('alf/licks.times.npy')]);
    const holder = await registry.datasets({
      sessions: [{ subjectMid: '700001', date: session.slice(7), number: 1 }],
    });
    const path = `700001/${session.slice(7)}/001/alf/spikes.times.npy`;
    await registry.write('test', null, async (tx) => ({
      commit: await tx.putFileRecord(
        { datasetId: holder[0]!.id, repository: 'aind-private-data', relativePath: path, exists: true },
        'test',
      ),
    }));
    expect(results?.[0]?.status).toBe('CREATED');
    const clash = await register(session, [file('alf/spikes.times.npy')], {
      repository: 'aind-private-data',
    });
    expect(clash.results?.[0]?.error).toMatchObject({ code: 'FILE_RECORD_CONFLICT' });
    expect(clash.results?.[0]?.error?.message).toContain(path);
  });

  it('dry run answers as a real run would and writes nothing; atomic rolls every file back', async () => {
    const session = await newSession();
    const files = [file('alf/licks.times.npy'), file('alf/spikes.times.npy')];
    const before = await datasetCount();
    const dry = await register(session, files, { dryRun: true, idempotencyKey: 'dry-1' });
    expect(dry).toMatchObject({ dryRun: true, replayed: false, userErrors: [] });
    expect(dry.results?.map((r) => [r.status, r.registeredPath])).toEqual([
      ['CREATED', 'alf/licks.times.npy'],
      ['CREATED', 'alf/spikes.times.npy'],
    ]);
    expect(dry.results?.[0]?.dataset).toBeNull();
    expect(await datasetCount()).toBe(before);
    const real = await register(session, files, { idempotencyKey: 'dry-1-real' });
    expect(real.results?.map((r) => r.status)).toEqual(['CREATED', 'CREATED']);
    const atomic = await register(session, [file('alf/licks.times.npy', 'new'), file('alf/foo.bar.npy')], {
      atomic: true,
    });
    expect(atomic.results).toBeNull();
    expect(atomic.userErrors.map((e) => [e.code, e.field?.join('.')])).toEqual([
      ['NO_DATASET_TYPE', 'files.1.relativePath'],
    ]);
    const [licks] = await registry.datasets({
      sessions: [{ subjectMid: '700001', date: session.slice(7), number: 1 }],
    });
    expect(licks?.hash).toBe('a1');
  });

  it('moves only the default flag between revisions, in the same transaction', async () => {
    const session = await newSession();
    await register(session, [file('alf/licks.times.npy'), file('alf/#2024-02-01#/licks.times.npy')]);
    await register(session, [file('alf/#2024-01-01#/licks.times.npy')], { default: false });
    const rows = await registry.datasets({
      sessions: [{ subjectMid: '700001', date: session.slice(7), number: 1 }],
    });
    expect(rows.map((r) => [r.revision, r.isDefault])).toEqual([
      ['', false],
      ['2024-01-01', false],
      ['2024-02-01', true],
    ]);
  });
});

describe("ONE's automatic-revision table through the mutation (today = 2024-06-15)", () => {
  const registerAgain = async (session: string, path: string, policy = 'AUTO') =>
    (await register(session, [file(path, 'new-bytes')], { revisionPolicy: policy })).results![0]!;

  it('nothing protected: the file stays where asked', async () => {
    const session = await newSession();
    await register(session, [file('alf/licks.times.npy')]);
    expect(await registerAgain(session, 'alf/licks.times.npy')).toMatchObject({
      status: 'UPDATED',
      revision: '',
    });
  });

  it('[{today:F}, {"":T}] → #today#', async () => {
    const session = await newSession();
    await registerProtected(session, 'alf/licks.times.npy');
    await register(session, [file(`alf/#${TODAY}#/licks.times.npy`)]);
    expect(await registerAgain(session, 'alf/licks.times.npy')).toMatchObject({
      status: 'REVISED',
      registeredPath: `alf/#${TODAY}#/licks.times.npy`,
      revision: TODAY,
    });
  });

  it('[{today:T}] → #todaya#', async () => {
    const session = await newSession();
    await registerProtected(session, `alf/#${TODAY}#/licks.times.npy`);
    expect(await registerAgain(session, 'alf/licks.times.npy')).toMatchObject({
      status: 'REVISED',
      revision: `${TODAY}a`,
    });
  });

  it('[{todaya:T}, {today:T}] → #todayb#', async () => {
    const session = await newSession();
    await registerProtected(session, `alf/#${TODAY}#/licks.times.npy`);
    await registerProtected(session, `alf/#${TODAY}a#/licks.times.npy`);
    expect(await registerAgain(session, 'alf/licks.times.npy')).toMatchObject({ revision: `${TODAY}b` });
  });

  it('[{x:F}, {y:T}] → #today#', async () => {
    const session = await newSession();
    await registerProtected(session, 'alf/#y#/licks.times.npy');
    await register(session, [file('alf/#x#/licks.times.npy')]);
    expect(await registerAgain(session, 'alf/licks.times.npy')).toMatchObject({
      status: 'REVISED',
      revision: TODAY,
    });
  });

  it('[{todayA:T}] → #todayB#', async () => {
    const session = await newSession();
    await registerProtected(session, `alf/#${TODAY}A#/licks.times.npy`);
    expect(await registerAgain(session, 'alf/licks.times.npy')).toMatchObject({ revision: `${TODAY}B` });
  });

  it('#tag1# → tag1, protected → tag1a; FAIL_IF_PROTECTED refuses and writes nothing', async () => {
    const session = await newSession();
    await registerProtected(session, 'alf/#tag1#/licks.times.npy');
    const refused = await registerAgain(session, 'alf/#tag1#/licks.times.npy', 'FAIL_IF_PROTECTED');
    expect(refused).toMatchObject({ status: 'REJECTED', error: { code: 'PROTECTED' } });
    expect(refused.error?.message).toContain('alf/#tag1a#/licks.times.npy');
    expect(await registerAgain(session, 'alf/#tag1#/licks.times.npy')).toMatchObject({
      status: 'REVISED',
      registeredPath: 'alf/#tag1a#/licks.times.npy',
    });
  });

  it('past z is REVISION_EXHAUSTED', async () => {
    const session = await newSession();
    const suffixes = ['', ...'abcdefghijklmnopqrstuvwxyz'];
    const { results } = await register(
      session,
      suffixes.map((s) => file(`alf/#r${s}#/licks.times.npy`)),
    );
    await protect(results!.map((r) => r.dataset!.id));
    expect(await registerAgain(session, 'alf/#r#/licks.times.npy')).toMatchObject({
      status: 'REJECTED',
      error: { code: 'REVISION_EXHAUSTED' },
    });
  });

  it('a replayed key never creates another revision, and a repeat without a key is UNCHANGED', async () => {
    const session = await newSession();
    await registerProtected(session, 'alf/licks.times.npy');
    const input = { files: [file('alf/licks.times.npy', 'v2')], idempotencyKey: `revise-${session}` };
    const first = await register(session, input.files, { idempotencyKey: input.idempotencyKey });
    const replay = await register(session, input.files, { idempotencyKey: input.idempotencyKey });
    const repeat = await register(session, input.files);
    expect(first.results?.[0]).toMatchObject({ status: 'REVISED', revision: TODAY });
    expect(replay).toMatchObject({ replayed: true, results: [{ status: 'REVISED', revision: TODAY }] });
    expect(repeat.results?.[0]).toMatchObject({ status: 'UNCHANGED', revision: TODAY });
    const revisions = await post(`{ session(ref: "${session}") { revisions } }`, {});
    expect(revisions.data).toEqual({ session: { revisions: ['', TODAY] } });
  });
});

describe('protection, tags, updates and deletes', () => {
  it('refuses to patch, delete or unprotect a protected dataset unless an admin forces it', async () => {
    const session = await newSession();
    await registerProtected(session, 'alf/licks.times.npy');
    const id = `${session}/alf/licks.times.npy`;
    for (const op of ['updateDatasets', 'deleteDatasets', 'untagDatasets']) {
      const extra =
        op === 'updateDatasets' ? { qc: 'FAIL' } : op === 'untagDatasets' ? { tags: ['protected'] } : {};
      const refused = await mutate<{ userErrors: UserErrorShape[] }>(op, DATASETS_OP(op), {
        datasets: [id],
        ...extra,
      });
      expect(refused.userErrors.map((e) => e.code)).toEqual(['PROTECTED']);
    }
    const writerForce = await post(
      DATASETS_OP('deleteDatasets'),
      { input: { datasets: [id], force: true } },
      TOKENS.write,
    );
    expect(writerForce.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'admin' });
    const patched = await mutate<{ datasets: { qc: string; default: boolean }[] }>(
      'updateDatasets',
      DATASETS_OP('updateDatasets'),
      { datasets: [id], qc: 'WARNING', force: true },
      TOKENS.admin,
    );
    expect(patched.datasets[0]?.qc).toBe('WARNING');
    const deleted = await mutate<{ userErrors: unknown[]; datasets: unknown[] }>(
      'deleteDatasets',
      DATASETS_OP('deleteDatasets'),
      { datasets: [id], force: true },
      TOKENS.admin,
    );
    expect(deleted).toMatchObject({ userErrors: [], datasets: [] });
    expect((await post(`{ dataset(id: "${id}") { id } }`, {})).data).toEqual({ dataset: null });
  });

  it('names unknown datasets and tags', async () => {
    const session = await newSession();
    await register(session, [file('alf/licks.times.npy')]);
    const missing = await mutate<{ userErrors: UserErrorShape[] }>(
      'tagDatasets',
      DATASETS_OP('tagDatasets'),
      {
        datasets: [`${session}/alf/nope.times.npy`],
        tags: ['protected'],
      },
    );
    expect(missing.userErrors.map((e) => e.code)).toEqual(['DATASET_NOT_FOUND']);
    expect(missing.userErrors[0]?.message).toContain('nope.times.npy');
    const noTag = await mutate<{ userErrors: UserErrorShape[] }>('tagDatasets', DATASETS_OP('tagDatasets'), {
      datasets: [`${session}/alf/licks.times.npy`],
      tags: ['no-such-tag'],
    });
    expect(noTag.userErrors.map((e) => e.code)).toEqual(['TAG_NOT_FOUND']);
  });
});

describe('reads', () => {
  it("lists Session.datasets with ONE's filters and last-before rule, collections and revisions", async () => {
    const session = await newSession();
    await register(session, [
      file('alf/licks.times.npy'),
      file('alf/#2024-01-01#/licks.times.npy'),
      file('alf/#2024-03-01#/licks.times.npy'),
      { ...file('alf/spikes.times.npy'), qc: 'FAIL' },
      file('behavior/DynamicRouting1_700001_20240501_091500.hdf5'),
    ]);
    const list = async (filter: Data) => {
      const result = await post(
        `query($ref: String!, $filter: DatasetFilter) { session(ref: $ref) { collections revisions
          datasets(filter: $filter, first: 50) { totalCount edges { node { relativePath revision default qc } } } } }`,
        { ref: session, filter },
      );
      expect(result.errors).toBeUndefined();
      const s = result.data?.session as {
        collections: string[];
        revisions: string[];
        datasets: { edges: { node: Data }[] };
      };
      return { ...s, paths: s.datasets.edges.map((e) => e.node.relativePath) };
    };
    const all = await list({});
    expect(all.collections).toEqual(['alf', 'behavior']);
    expect(all.revisions).toEqual(['', '2024-01-01', '2024-03-01']);
    expect(all.paths).toHaveLength(5);
    expect((await list({ revision: '2024-02-15', name: '*licks*' })).paths).toEqual([
      'alf/#2024-01-01#/licks.times.npy',
    ]);
    expect((await list({ revision: '2023-12-31', collection: 'alf' })).paths).toEqual([
      'alf/licks.times.npy',
      'alf/spikes.times.npy',
    ]);
    expect((await list({ defaultOnly: true, collection: 'alf' })).paths).toEqual([
      'alf/#2024-03-01#/licks.times.npy',
      'alf/spikes.times.npy',
    ]);
    expect((await list({ qcAtMost: 'WARNING', datasetType: 'spikes.times' })).paths).toEqual([]);
    expect((await list({ existsIn: REPO, name: '*.HDF5' })).paths).toEqual([
      'behavior/DynamicRouting1_700001_20240501_091500.hdf5',
    ]);
    const id = `${session}/alf/#2024-01-01#/licks.times.npy`;
    const one = await post(
      `query($id: ID!) { node(id: $id) { id ... on Dataset { revision datasetType dataFormat fileSize
      fileRecords { repository relativePath exists uri } session { id } } } dataset(id: "${id}") { id } }`,
      { id },
    );
    expect(one.errors).toBeUndefined();
    expect(one.data?.node).toMatchObject({
      id,
      revision: '2024-01-01',
      datasetType: 'licks.times',
      dataFormat: 'npy',
      fileSize: 100,
      session: { id: session },
      fileRecords: [
        {
          repository: REPO,
          relativePath: `700001/${session.slice(7)}/001/alf/#2024-01-01#/licks.times.npy`,
          exists: true,
          uri: `s3://aind-scratch-data/700001/${session.slice(7)}/001/alf/#2024-01-01#/licks.times.npy`,
        },
      ],
    });
    expect(one.data?.dataset).toEqual({ id });
  });

  it('finds sessions whose listed dataset types all exist, with QC at most a level', async () => {
    const session = await newSession();
    await register(session, [
      { ...file('alf/spikes.clusters.npy'), qc: 'PASS' },
      file('alf/units.table.pqt'),
    ]);
    await register(session, [file('alf/epochs.table.pqt')], { exists: false });
    const ids = async (filter: Data) => {
      const result = await post(
        'query($filter: SessionFilter) { sessions(filter: $filter, first: 100) { edges { node { id } } } }',
        { filter: { subject: '700001', ...filter } },
      );
      expect(result.errors).toBeUndefined();
      return (result.data!.sessions as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id);
    };
    expect(await ids({ hasDataset: ['spikes.clusters', 'units.table'] })).toEqual([session]);
    expect(await ids({ hasDataset: ['spikes.clusters', 'epochs.table'] })).toEqual([]);
    expect(await ids({ hasDataset: ['spikes.clusters'], datasetQcAtMost: 'PASS' })).toEqual([session]);
    expect(await ids({ hasDataset: ['units.table'], datasetQcAtMost: 'NOT_SET' })).toEqual([session]);
    expect(await ids({ hasDataset: ['spikes.clusters'], datasetQcAtMost: 'NOT_SET' })).toEqual([]);
  });

  it('reads the datasets of many sessions with one registry query', async () => {
    const spy = vi.spyOn(registry, 'datasets');
    const result = await post(
      '{ sessions(first: 100, filter: { subject: "700001" }) { totalCount edges { node { id collections datasets { totalCount } } } } }',
      {},
    );
    expect(result.errors).toBeUndefined();
    const sessions = (result.data!.sessions as { totalCount: number }).totalCount;
    expect(sessions).toBeGreaterThan(5);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
