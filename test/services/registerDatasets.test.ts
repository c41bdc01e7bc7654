/**
 * registerDatasets under concurrency on every registry backend (PGlite always, real PostgreSQL when
 * LABGRAPH_TEST_POSTGRES_URL is set): clients registering the same file at once get one dataset, one
 * CREATED and the others UNCHANGED; a protected file registered at once by several clients gets one
 * new revision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDatasets } from '../../src/services/registerDatasets.ts';
import type { RegistryServiceDeps } from '../../src/services/registryWrites.ts';
import type { Caller } from '../../src/sources/identity/index.ts';
import { openRegistry, type RegistrySource } from '../../src/sources/registry/index.ts';
import { contractBackends } from '../support/registryBackends.ts';
import { sessionInput, subjectInput } from '../support/registryInputs.ts';

const BY = 'test-admin';
const SESSION = { subjectMid: '676909', date: '2023-12-13', number: 1 };
const caller = (user: string): Caller => ({ user, scopes: new Set(['read', 'write']), via: 'test' });

describe.each(contractBackends('registerDatasets concurrency'))('registerDatasets on $name', (backend) => {
  let registry: RegistrySource;
  let deps: RegistryServiceDeps;

  beforeAll(async () => {
    registry = await openRegistry(await backend.open());
    deps = {
      registry,
      zone: 'America/Los_Angeles',
      maxWeightG: {},
      gatewayVersion: 'test',
      onCommitted: () => {},
      now: () => new Date('2024-06-15T20:00:00Z'),
    };
    await registry.write(BY, null, async (tx) => {
      for (const username of ['alice', 'bob']) {
        await tx.upsertUser({ username, email: null, firstName: null, lastName: null }, BY);
      }
      await tx.upsertLab({ name: 'dynamic-routing', institution: null, timezone: null }, BY);
      await tx.upsertDataRepository({ name: 'aind-s3', dataUrl: 's3://aind/' }, BY);
      await tx.upsertDatasetType({ name: 'trials.table', filenamePattern: null, description: null }, BY);
      await tx.upsertDataFormat({ name: 'parquet', fileExtension: '.pqt', description: null }, BY);
      await tx.upsertTag({ name: 'frozen', protected: true, description: null }, BY);
      await tx.insertSubject(subjectInput({ mid: SESSION.subjectMid }), BY);
      await tx.upsertSession(sessionInput(SESSION), BY);
      return { commit: null };
    });
  }, 180_000);
  afterAll(async () => {
    await registry?.close();
    await backend.cleanup();
  });

  const registerAtOnce = (path: string, clients: number) =>
    Promise.all(
      Array.from({ length: clients }, (_, i) =>
        registerDatasets(deps, caller(i % 2 ? 'alice' : 'bob'), {
          session: '676909_2023-12-13',
          files: [{ relativePath: path, fileSize: 10, hash: 'same-bytes' }],
          repository: 'aind-s3',
        }),
      ),
    ).then((outcomes) =>
      outcomes.map((outcome) => {
        if (!('value' in outcome)) throw new Error(JSON.stringify(outcome.userErrors));
        return outcome.value.results[0]!;
      }),
    );

  it('gives two clients registering one file at once one dataset: one CREATED, one UNCHANGED', async () => {
    const results = await registerAtOnce('alf/trials.table.pqt', 2);
    expect(results.map((r) => r.status).sort()).toEqual(['CREATED', 'UNCHANGED']);
    expect(new Set(results.map((r) => r.datasetId)).size).toBe(1);
    const rows = await registry.datasets({ sessions: [SESSION] });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.fileRecords).toHaveLength(1);
  });

  it('gives a protected file registered by six clients at once one new revision', async () => {
    const [original] = await registry.datasets({ sessions: [SESSION] });
    await registry.write(BY, null, async (tx) => {
      await tx.tagDatasets([original!.id], ['frozen']);
      return { commit: null };
    });
    const results = await registerAtOnce('alf/trials.table.pqt', 6);
    expect(results.map((r) => r.status).sort()).toEqual(['REVISED', ...Array(5).fill('UNCHANGED')]);
    expect(new Set(results.map((r) => r.registeredPath))).toEqual(
      new Set(['alf/#2024-06-15#/trials.table.pqt']),
    );
    expect((await registry.datasets({ sessions: [SESSION] })).map((r) => [r.revision, r.isDefault])).toEqual([
      ['', false],
      ['2024-06-15', true],
    ]);
  });
});
