/**
 * The registry's dataset tables on every backend (PGlite always, real PostgreSQL when
 * LABGRAPH_TEST_POSTGRES_URL is set): the key (session, collection, revision, name), one default
 * revision per file and (repository, relative path) are database constraints; reads aggregate tags
 * and file records; revisions list newest first with the original last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DatasetInput,
  openRegistry,
  type RegistrySource,
  type RegistryWriter,
} from '../../src/sources/registry/index.ts';
import { contractBackends } from '../support/registryBackends.ts';
import { sessionInput, subjectInput } from '../support/registryInputs.ts';

const ADMIN = 'test-admin';
const MID = '676909';
const SESSION = { subjectMid: MID, date: '2023-12-13', number: 1 };

async function sqlStateOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe.each(contractBackends('registry dataset contract'))('registry datasets on $name', (backend) => {
  let registry: RegistrySource;
  let sessionId: number;
  const run = <T extends import('../../src/sources/registry/index.ts').JsonValue>(
    work: (tx: RegistryWriter) => Promise<T>,
  ) =>
    registry
      .write(ADMIN, null, async (tx) => ({ commit: await work(tx) }))
      .then((result) => {
        if (result.status !== 'committed') throw new Error(`write ${result.status}`);
        return result.value;
      });
  const dataset = (overrides: Partial<DatasetInput> = {}): DatasetInput => ({
    sessionId,
    collection: 'alf',
    revision: '',
    name: '_ibl_trials.table.pqt',
    datasetType: 'trials.table',
    dataFormat: 'parquet',
    fileSize: 1024,
    hash: 'a'.repeat(32),
    version: '1.0',
    isDefault: true,
    qc: 0,
    ...overrides,
  });

  beforeAll(async () => {
    registry = await openRegistry(await backend.open());
    sessionId = await run(async (tx) => {
      await tx.upsertUser({ username: 'alice', email: null, firstName: null, lastName: null }, ADMIN);
      await tx.upsertLab({ name: 'dynamic-routing', institution: null, timezone: null }, ADMIN);
      for (const name of ['aind-s3', 'local']) {
        await tx.upsertDataRepository({ name, dataUrl: name === 'local' ? null : 's3://aind/' }, ADMIN);
      }
      await tx.insertSubject(subjectInput({ mid: MID }), ADMIN);
      const { session } = await tx.upsertSession(sessionInput(SESSION), ADMIN);
      await tx.upsertTag({ name: 'published', protected: true, description: 'frozen' }, ADMIN);
      await tx.upsertTag({ name: 'look-at', protected: false, description: null }, ADMIN);
      return session.id;
    });
  }, 180_000);
  afterAll(async () => {
    await registry?.close();
    await backend.cleanup();
  });

  it('keeps one dataset per (session, collection, revision, name): a second insert gets null', async () => {
    const first = await run((tx) => tx.insertDataset(dataset(), ADMIN));
    const again = await run((tx) => tx.insertDataset(dataset({ hash: 'b'.repeat(32) }), ADMIN));
    expect(first).toBeTypeOf('number');
    expect(again).toBeNull();
    const stored = await registry.datasetByKey({
      sessionId,
      collection: 'alf',
      revision: '',
      name: dataset().name,
    });
    expect(stored).toMatchObject({
      id: first,
      session: SESSION,
      hash: 'a'.repeat(32),
      fileSize: 1024,
      isDefault: true,
      qc: 0,
      tags: [],
      protected: false,
      fileRecords: [],
      createdBy: ADMIN,
    });
  });

  it('lets two concurrent writers of one key create one row', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(() =>
        run((tx) => tx.insertDataset(dataset({ name: 'race.times.npy', isDefault: false }), ADMIN)),
      ),
    );
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
  });

  it('refuses a second default revision of a file, a bad QC and a negative size', async () => {
    const second = run((tx) => tx.insertDataset(dataset({ revision: '2024-01-01' }), ADMIN));
    expect(await sqlStateOf(second)).toBe('23505');
    expect(
      await sqlStateOf(run((tx) => tx.insertDataset(dataset({ name: 'q.x.npy', qc: 20 as 10 }), ADMIN))),
    ).toBe('23514');
    expect(
      await sqlStateOf(run((tx) => tx.insertDataset(dataset({ name: 'q.y.npy', fileSize: -1 }), ADMIN))),
    ).toBe('23514');
  });

  it('moves the default flag to a new revision and lists revisions newest first, the original last', async () => {
    const newer = await run(async (tx) => {
      const id = await tx.insertDataset(dataset({ revision: '2024-01-01', isDefault: false }), ADMIN);
      if (id === null) throw new Error('not inserted');
      await tx.clearDefaultExcept(id);
      await tx.patchDataset(id, { isDefault: true, qc: 30 });
      return id;
    });
    await run(async (tx) => {
      await tx.insertDataset(dataset({ revision: '2024-02-01', isDefault: false }), ADMIN);
      return null;
    });
    const rows = await registry.datasets({ sessions: [SESSION] });
    const trials = rows.filter((row) => row.name === dataset().name);
    expect(trials.map((row) => [row.revision, row.isDefault])).toEqual([
      ['', false],
      ['2024-01-01', true],
      ['2024-02-01', false],
    ]);
    expect(trials.find((row) => row.id === newer)?.qc).toBe(30);
    const key = { sessionId, collection: 'alf', name: dataset().name };
    await run(async (tx) => {
      await tx.tagDatasets([trials[0]!.id], ['published', 'look-at']);
      return null;
    });
    expect(await registry.revisionsOf(key)).toEqual([
      { revision: '2024-02-01', protected: false },
      { revision: '2024-01-01', protected: false },
      { revision: '', protected: true },
    ]);
    const [original] = await registry.datasets({ ids: [trials[0]!.id] });
    expect(original).toMatchObject({
      protected: true,
      tags: [
        { name: 'look-at', protected: false },
        { name: 'published', protected: true },
      ],
    });
    await run(async (tx) => {
      await tx.unTagDatasets([trials[0]!.id], ['published']);
      return null;
    });
    expect((await registry.datasets({ ids: [trials[0]!.id] }))[0]?.protected).toBe(false);
  });

  it('keeps file records unique on (repository, relative path) and reports a clash with another dataset', async () => {
    const [a, b] = await run(async (tx) => [
      await tx.insertDataset(dataset({ name: 'a.times.npy', isDefault: false }), ADMIN),
      await tx.insertDataset(dataset({ name: 'b.times.npy', isDefault: false }), ADMIN),
    ]);
    const path = `${MID}/2023-12-13/001/alf/a.times.npy`;
    const put = (datasetId: number, repository: string, exists: boolean) =>
      run((tx) => tx.putFileRecord({ datasetId, repository, relativePath: path, exists }, ADMIN));
    expect(await put(a as number, 'aind-s3', true)).toBe('written');
    expect(await put(a as number, 'local', false)).toBe('written');
    expect(await put(b as number, 'aind-s3', true)).toBe('conflict');
    expect(await put(a as number, 'aind-s3', false)).toBe('written');
    const [row] = await registry.datasets({ ids: [a as number] });
    expect(row?.fileRecords).toEqual([
      { repository: 'aind-s3', relativePath: path, exists: false, dataUrl: 's3://aind/' },
      { repository: 'local', relativePath: path, exists: false, dataUrl: null },
    ]);
    expect(await run((tx) => tx.markFileRecords('aind-s3', [a as number, b as number], true))).toEqual([a]);
    await run(async (tx) => {
      await tx.resetFileRecords(a as number);
      return null;
    });
    expect((await registry.datasets({ ids: [a as number] }))[0]?.fileRecords.map((f) => f.exists)).toEqual([
      false,
      false,
    ]);
    await run(async (tx) => {
      await tx.deleteDatasets([a as number]);
      return null;
    });
    expect(await registry.datasets({ ids: [a as number] })).toEqual([]);
    expect(await put(b as number, 'aind-s3', true)).toBe('written');
  });

  it('reads datasets of many sessions in one call and nothing for an empty selector', async () => {
    expect(await registry.datasets({ sessions: [] })).toEqual([]);
    const rows = await registry.datasets({
      sessions: [SESSION, { subjectMid: MID, date: '2023-12-14', number: 1 }],
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.sessionId))).toEqual(new Set([sessionId]));
    expect((await registry.tags()).map((tag) => [tag.name, tag.protected])).toEqual([
      ['look-at', false],
      ['published', true],
    ]);
    expect(await registry.missing('tags', ['published', 'nope'])).toEqual(['nope']);
  });
});
