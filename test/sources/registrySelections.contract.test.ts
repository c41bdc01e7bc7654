/**
 * The registry's selections and manifests on every backend (PGlite always, PostgreSQL when
 * LABGRAPH_TEST_POSTGRES_URL is set): stored exactly as given (filter text byte for byte, id arrays in
 * order), listed with filters newest first, only the comment can change (the database refuses any
 * other update and any delete), and a manifest's content-hash id is inserted once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  migrateToLatest,
  openPglite,
  openPostgres,
  type RegistryDatabase,
} from '../../src/sources/registry/connect.ts';
import type { ManifestInput, RegistrySource, SelectionInput } from '../../src/sources/registry/index.ts';
import { createRegistrySource } from '../../src/sources/registry/registry.ts';
import {
  createScratchSchema,
  POSTGRES_SKIP_REASON,
  type ScratchSchema,
  TEST_POSTGRES_URL,
} from '../support/registryBackends.ts';

if (!TEST_POSTGRES_URL) console.warn(`registry selections contract: ${POSTGRES_SKIP_REASON}`);

const BACKENDS = ['pglite', ...(TEST_POSTGRES_URL ? ['postgres'] : [])] as const;

const SELECTION: SelectionInput = {
  gatewayVersion: '0.1.0',
  algorithm: 'v1-xoroshiro128plus-fisheryates',
  seed: 4294967295,
  unit: 'SESSION',
  dedupe: false,
  comment: 'first',
  selectedIds: ['b_2024-01-02', 'a_2024-01-01'],
  queries: [
    {
      label: 'opto',
      // Key order and spacing kept exactly: jsonb would normalise them, text does not.
      filter: '{"isOpto":true,"genotypeContains":"Ai32"}',
      filterSha256: 'a'.repeat(64),
      count: 2,
      candidateIds: ['a_2024-01-01', 'b_2024-01-02', 'c_2024-01-03'],
      selectedIds: ['b_2024-01-02', 'a_2024-01-01'],
    },
    {
      label: null,
      filter: '{}',
      filterSha256: 'b'.repeat(64),
      count: 0,
      candidateIds: [],
      selectedIds: [],
    },
  ],
};

describe.each(BACKENDS)('registry selections on %s', (backend) => {
  let database: RegistryDatabase;
  let registry: RegistrySource;
  let scratch: ScratchSchema | undefined;

  beforeAll(async () => {
    if (backend === 'postgres') {
      scratch = await createScratchSchema(TEST_POSTGRES_URL as string);
      database = openPostgres(scratch.url, 2);
    } else {
      database = await openPglite(undefined);
    }
    await migrateToLatest(database.db);
    registry = createRegistrySource(database);
  }, 120_000);
  afterAll(async () => {
    await registry?.close();
    await scratch?.drop();
  });

  const insert = async (input: SelectionInput, caller = 'alice') => {
    const result = await registry.write(caller, null, async (tx) => ({
      commit: (await tx.insertSelection(input, caller)).id,
    }));
    if (result.status !== 'committed') throw new Error(`insert ${result.status}`);
    return result.value as number;
  };

  it('stores a selection exactly and reads it back', async () => {
    const id = await insert(SELECTION);
    const [stored] = await registry.selections([id, 999_999]);
    expect(stored).toMatchObject({ ...SELECTION, id, createdBy: 'alice' });
    expect(stored?.createdAt).toBeInstanceOf(Date);
  });

  it('lists newest first, filtered by creator, label and time', async () => {
    const bob = await insert({ ...SELECTION, queries: [{ ...SELECTION.queries[0]!, label: 'bobs' }] }, 'bob');
    const ids = async (filter: Parameters<RegistrySource['listSelections']>[0]) =>
      (await registry.listSelections(filter)).map((s) => s.id);
    expect((await ids({}))[0]).toBe(bob);
    expect(await ids({ createdBy: 'bob' })).toEqual([bob]);
    expect(await ids({ label: 'bobs' })).toEqual([bob]);
    expect(await ids({ from: new Date('2999-01-01') })).toEqual([]);
    expect((await ids({ to: new Date() })).length).toBeGreaterThanOrEqual(2);
  });

  it('changes only the comment; the database refuses other updates and deletes', async () => {
    const id = await insert(SELECTION);
    const updated = await registry.write('alice', null, async (tx) => ({
      commit: (await tx.updateSelectionComment(id, 'second'))?.comment ?? null,
    }));
    expect(updated).toEqual({ status: 'committed', value: 'second' });
    const missing = await registry.write('alice', null, async (tx) => ({
      commit: (await tx.updateSelectionComment(999_999, 'x'))?.comment ?? null,
    }));
    expect(missing).toEqual({ status: 'committed', value: null });
    const { db } = database;
    await expect(sql`update selections set seed = 1 where id = ${id}`.execute(db)).rejects.toThrow(
      /immutable/,
    );
    await expect(
      sql`update selection_queries set count = 9 where selection_id = ${id}`.execute(db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`delete from selections where id = ${id}`.execute(db)).rejects.toThrow(
      /cannot be deleted/,
    );
    const [stored] = await registry.selections([id]);
    expect(stored).toMatchObject({ ...SELECTION, comment: 'second' });
  });

  it('inserts a manifest once per content id and refuses changes', async () => {
    const selectionId = await insert(SELECTION);
    const manifest: ManifestInput = {
      id: `mf-${'0'.repeat(24)}`,
      sha256: 'c'.repeat(64),
      selectionId,
      format: 'JSONL',
      binSize: 115,
      dataset: null,
      entries: '[{"sessionId":"a_2024-01-01"}]',
      problems: '[]',
      gatewayVersion: '0.1.0',
    };
    const write = (caller: string) =>
      registry.write(caller, null, async (tx) => ({
        commit: (await tx.insertManifest(manifest, caller)).createdBy,
      }));
    expect(await write('alice')).toEqual({ status: 'committed', value: 'alice' });
    expect(await write('bob')).toEqual({ status: 'committed', value: 'alice' });
    expect(await registry.manifest(manifest.id)).toMatchObject({ ...manifest, createdBy: 'alice' });
    expect(await registry.manifest(`mf-${'1'.repeat(24)}`)).toBeNull();
    await expect(
      sql`update manifests set bin_size = 1 where id = ${manifest.id}`.execute(database.db),
    ).rejects.toThrow(/immutable/);
  });
});
