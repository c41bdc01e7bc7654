/**
 * ONE contract for the registry on every backend: embedded PGlite always, and a real PostgreSQL
 * server when LABGRAPH_TEST_POSTGRES_URL is set (each run in a scratch schema). Covers migrations,
 * reference upserts, uniqueness by constraint, the session upsert and number allocation under
 * concurrency, idempotency records committed with their write, and the record reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry, type RegistrySource, type SessionInput } from '../../src/sources/registry/index.ts';
import {
  contractBackends,
  createScratchSchema,
  POSTGRES_SKIP_REASON,
  type ScratchSchema,
  TEST_POSTGRES_URL,
} from '../support/registryBackends.ts';
import { sessionInput, subjectInput } from '../support/registryInputs.ts';

const ADMIN = 'test-admin';
const MID = '676909';
const OTHER_MID = '1234567';

const backends = contractBackends('registry contract');

const session = (overrides: Partial<SessionInput> = {}): SessionInput =>
  sessionInput({ subjectMid: MID, date: '2023-12-13', number: 1, ...overrides });

async function seedReference(registry: RegistrySource): Promise<void> {
  const result = await registry.write(ADMIN, null, async (tx) => {
    for (const username of ['alice', 'bob']) {
      await tx.upsertUser({ username, email: null, firstName: null, lastName: null }, ADMIN);
    }
    await tx.upsertLab(
      { name: 'dynamic-routing', institution: 'AIND', timezone: 'America/Los_Angeles' },
      ADMIN,
    );
    await tx.upsertNamed('projects', { name: 'DynamicRouting', description: null }, ADMIN);
    await tx.upsertNamed('procedures', { name: 'Behavior training/tasks', description: null }, ADMIN);
    await tx.upsertNamed('water_types', { name: 'Water', description: null }, ADMIN);
    await tx.upsertDataRepository({ name: 'aind-s3', dataUrl: 's3://aind-bucket/' }, ADMIN);
    for (const mid of [MID, OTHER_MID]) {
      await tx.insertSubject(
        subjectInput({
          mid,
          birthDate: '2023-05-01',
          strain: 'C57BL/6J',
          genotype: 'wt/wt',
          projects: ['DynamicRouting'],
        }),
        ADMIN,
      );
    }
    return { commit: true };
  });
  expect(result.status).toBe('committed');
}

/** The SQLSTATE a failed statement reports (both drivers put it in `code`). */
async function sqlStateOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe.each(backends)('registry contract on $name', (backend) => {
  let registry: RegistrySource;

  beforeAll(async () => {
    registry = await openRegistry(await backend.open());
    expect(await registry.isEmpty()).toBe(true);
    await seedReference(registry);
  }, 180_000);
  afterAll(async () => {
    await registry?.close();
    await backend.cleanup();
  });

  it('names its backend without credentials', () => {
    expect(registry.kind).toBe(backend.name);
    expect(registry.describe()).not.toMatch(/labgraph_test:|password/);
  });

  it('upserts reference data by name and lists unknown names once, in input order', async () => {
    expect(await registry.isEmpty()).toBe(false);
    await registry.write(ADMIN, null, async (tx) => ({
      commit: (
        await tx.upsertUser(
          { username: 'alice', email: 'a@lab.org', firstName: 'Alice', lastName: null },
          'x',
        )
      ).username,
    }));
    const alice = (await registry.users()).find((user) => user.username === 'alice');
    expect(alice).toMatchObject({ email: 'a@lab.org', firstName: 'Alice', createdBy: ADMIN });
    expect(await registry.missing('users', ['zed', 'alice', 'amy', 'zed'])).toEqual(['zed', 'amy']);
    expect(await registry.missing('projects', ['DynamicRouting'])).toEqual([]);
    expect(await registry.missing('water_types', [])).toEqual([]);
    expect((await registry.dataRepositories())[0]).toMatchObject({
      name: 'aind-s3',
      dataUrl: 's3://aind-bucket/',
    });
  });

  it('keeps subjects unique by MID and dates as YYYY-MM-DD strings', async () => {
    const [subject] = await registry.subjects([MID]);
    expect(subject).toMatchObject({
      mid: MID,
      birthDate: '2023-05-01',
      projects: ['DynamicRouting'],
      sex: 'M',
    });
    const again = await registry.write(ADMIN, null, async (tx) => ({
      commit: (await tx.insertSubject({ ...subject!, lab: 'dynamic-routing' }, ADMIN)) === null,
    }));
    expect(again).toEqual({ status: 'committed', value: true });
  });

  it('refuses what the constraints forbid', async () => {
    const write = (input: SessionInput) =>
      registry.write(ADMIN, null, async (tx) => ({
        commit: (await tx.upsertSession(input, ADMIN)).session.id,
      }));
    expect(await sqlStateOf(write(session({ number: 0 })))).toBe('23514');
    expect(await sqlStateOf(write(session({ number: 1000 })))).toBe('23514');
    expect(await sqlStateOf(write(session({ users: ['nobody'] })))).toBe('23503');
    expect(await sqlStateOf(write(session({ endTime: new Date('2023-12-13T20:00:00Z') })))).toBe('23514');
    const badMid = registry.write(ADMIN, null, async (tx) => ({
      commit: Boolean(await tx.insertSubject({ ...(await tx.subjects([MID]))[0]!, mid: '12ab' }, ADMIN)),
    }));
    expect(await sqlStateOf(badMid)).toBe('23514');
    expect(await registry.sessions({ subjectMids: [MID] })).toEqual([]);
  });

  it('upserts sessions on (subject, date, number) and replaces their links', async () => {
    const first = await registry.write(ADMIN, null, async (tx) => {
      const { session: row, created } = await tx.upsertSession(
        session({
          number: 2,
          users: ['bob', 'alice'],
          procedures: ['Behavior training/tasks'],
          json: { rig: 'NP3' },
        }),
        ADMIN,
      );
      return { commit: { id: row.id, created } };
    });
    const second = await registry.write(ADMIN, null, async (tx) => {
      const { session: row, created } = await tx.upsertSession(
        session({ number: 2, taskProtocol: 'DynamicRouting1', projects: ['DynamicRouting'] }),
        ADMIN,
      );
      return { commit: { id: row.id, created } };
    });
    expect(first).toMatchObject({ status: 'committed', value: { created: true } });
    expect(second).toMatchObject({ status: 'committed', value: { created: false } });
    const stored = await registry.sessionByKey(MID, '2023-12-13', 2);
    expect(stored).toMatchObject({
      date: '2023-12-13',
      number: 2,
      taskProtocol: 'DynamicRouting1',
      users: ['alice'],
      projects: ['DynamicRouting'],
      procedures: [],
      json: null,
    });
    expect(stored?.startTime.toISOString()).toBe('2023-12-13T21:43:40.000Z');
    expect(await registry.sessionByKey(MID, '2023-12-13', 3)).toBeNull();
  });

  it('allocates 50 distinct session numbers to 50 concurrent writers of one subject and day', async () => {
    const date = '2024-01-05';
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        registry.write(ADMIN, null, async (tx) => {
          await tx.lock(`session-number/${MID}/${date}`);
          const number = await tx.nextSessionNumber(MID, date);
          await tx.upsertSession(
            session({ date, number, startTime: new Date('2024-01-05T18:00:00Z') }),
            ADMIN,
          );
          return { commit: number };
        }),
      ),
    );
    const numbers = results.map((result) => (result.status === 'committed' ? result.value : -1));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('commits a write with its idempotency record, replays it, and refuses the key with other input', async () => {
    const claim = { key: 'weigh-1', inputSha256: 'a'.repeat(64) };
    const weigh = (grams: number) => async (tx: Parameters<Parameters<RegistrySource['write']>[2]>[0]) => {
      const row = await tx.insertWeighing(
        {
          subjectMid: OTHER_MID,
          dateTime: new Date('2024-02-01T17:00:00Z'),
          weightG: grams,
          username: 'alice',
        },
        ADMIN,
      );
      return { commit: { id: row.id } };
    };
    const first = await registry.write('alice', claim, weigh(21.5));
    const replay = await registry.write('alice', claim, weigh(21.5));
    const reused = await registry.write('alice', { ...claim, inputSha256: 'b'.repeat(64) }, weigh(22));
    const otherCaller = await registry.write('bob', claim, weigh(21.5));
    expect(first.status).toBe('committed');
    expect(replay).toEqual({ status: 'replayed', value: first.status === 'committed' ? first.value : null });
    expect(reused).toEqual({ status: 'keyReused' });
    expect(otherCaller.status).toBe('committed');
    expect((await registry.weighings([OTHER_MID])).map((row) => row.weightG)).toEqual([21.5, 21.5]);
  });

  it('rolls a refused unit of work back together with its claim', async () => {
    const claim = { key: 'refused-1', inputSha256: 'c'.repeat(64) };
    const refused = await registry.write('alice', claim, async (tx) => {
      await tx.insertWeighing(
        { subjectMid: OTHER_MID, dateTime: new Date('2024-03-01T17:00:00Z'), weightG: 30, username: 'alice' },
        ADMIN,
      );
      return { rollback: 'NOT_TODAY' };
    });
    expect(refused).toEqual({ status: 'rolledBack', reason: 'NOT_TODAY' });
    expect(await registry.weighings([OTHER_MID], { from: new Date('2024-03-01T00:00:00Z') })).toEqual([]);
    const retried = await registry.write('alice', claim, async () => ({ commit: 'ok' }));
    expect(retried).toEqual({ status: 'committed', value: 'ok' });
  });

  it('lets exactly one of many concurrent writers with one key write; the others replay', async () => {
    const claim = { key: 'water-race', inputSha256: 'd'.repeat(64) };
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        registry.write('alice', claim, async (tx) => {
          const row = await tx.insertWaterAdministration(
            {
              subjectMid: OTHER_MID,
              dateTime: new Date('2024-04-01T16:00:00Z'),
              volumeMl: 1.25,
              waterType: 'Water',
              adlib: false,
              sessionId: null,
              username: 'alice',
            },
            ADMIN,
          );
          return { commit: { id: row.id } };
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'committed')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'replayed')).toHaveLength(11);
    expect(await registry.waterAdministrations([OTHER_MID])).toHaveLength(1);
  });

  it('reads records newest first within inclusive time bounds, and each subject’s latest weight', async () => {
    const times = ['2024-05-01T10:00:00Z', '2024-05-02T10:00:00Z', '2024-05-03T10:00:00Z'];
    await registry.write(ADMIN, null, async (tx) => {
      for (const [i, time] of times.entries()) {
        await tx.insertWeighing(
          { subjectMid: MID, dateTime: new Date(time), weightG: 20 + i, username: 'bob' },
          ADMIN,
        );
      }
      await tx.insertWaterAdministration(
        {
          subjectMid: MID,
          dateTime: new Date(times[0]!),
          volumeMl: null,
          waterType: 'Water',
          adlib: true,
          sessionId: null,
          username: 'bob',
        },
        ADMIN,
      );
      return { commit: null };
    });
    const bounded = await registry.weighings([MID], { from: new Date(times[0]!), to: new Date(times[1]!) });
    expect(bounded.map((row) => row.weightG)).toEqual([21, 20]);
    const latest = await registry.latestWeighings([MID, OTHER_MID, '7777777']);
    expect(latest.map((row) => [row.subjectMid, row.weightG])).toEqual([
      [OTHER_MID, 21.5],
      [MID, 22],
    ]);
    const [water] = await registry.waterAdministrations([MID]);
    expect(water).toMatchObject({ volumeMl: null, adlib: true, waterType: 'Water' });
    const noVolume = registry.write(ADMIN, null, async (tx) => {
      await tx.insertWaterAdministration({ ...water!, adlib: false }, ADMIN);
      return { commit: null };
    });
    expect(await sqlStateOf(noVolume)).toBe('23514');
  });

  it('finds identical records written within the last seconds', async () => {
    const record = {
      subjectMid: MID,
      dateTime: new Date('2024-05-03T10:00:00Z'),
      value: 22,
      username: 'bob',
    };
    const found = await registry.write(ADMIN, null, async (tx) => ({
      commit: {
        same: (await tx.recentDuplicates('weighings', record, 60)).length,
        otherValue: (await tx.recentDuplicates('weighings', { ...record, value: 22.1 }, 60)).length,
        nullVolume: (
          await tx.recentDuplicates(
            'water_administrations',
            { ...record, dateTime: new Date('2024-05-01T10:00:00Z'), value: null },
            60,
          )
        ).length,
      },
    }));
    expect(found).toEqual({ status: 'committed', value: { same: 1, otherValue: 0, nullVolume: 1 } });
  });

  it('upserts dataset types and data formats by name; patterns and extensions unique case-insensitively', async () => {
    const written = await registry.write(ADMIN, null, async (tx) => {
      const hdf5 = await tx.upsertDatasetType(
        { name: 'behavior', filenamePattern: '*.hdf5', description: 'task file' },
        ADMIN,
      );
      await tx.upsertDatasetType({ name: 'trials.table', filenamePattern: null, description: null }, ADMIN);
      await tx.upsertDatasetType({ name: 'spikes.times', filenamePattern: null, description: null }, ADMIN);
      await tx.upsertDataFormat({ name: 'npy', fileExtension: '.npy', description: 'NumPy' }, ADMIN);
      await tx.upsertDataFormat({ name: 'hdf5', fileExtension: '.hdf5', description: null }, ADMIN);
      return { commit: hdf5.name };
    });
    expect(written).toEqual({ status: 'committed', value: 'behavior' });
    // An upsert by name updates the pattern and description, keeping who created it.
    await registry.write('someone-else', null, async (tx) => ({
      commit: (
        await tx.upsertDatasetType(
          { name: 'behavior', filenamePattern: 'DynamicRouting1_*.HDF5', description: 'v2' },
          'someone-else',
        )
      ).name,
    }));
    expect(await registry.datasetTypes(['behavior', 'nope'])).toEqual([
      {
        name: 'behavior',
        filenamePattern: 'DynamicRouting1_*.HDF5',
        description: 'v2',
        createdBy: ADMIN,
        createdAt: expect.any(Date),
      },
    ]);
    expect((await registry.datasetTypes()).map((t) => t.name)).toEqual([
      'behavior',
      'spikes.times',
      'trials.table',
    ]);
    expect(await registry.dataFormats(['npy'])).toEqual([
      {
        name: 'npy',
        fileExtension: '.npy',
        description: 'NumPy',
        createdBy: ADMIN,
        createdAt: expect.any(Date),
      },
    ]);
    expect((await registry.dataFormats()).map((f) => f.name)).toEqual(['hdf5', 'npy']);

    const upsertType = (name: string, filenamePattern: string | null) =>
      registry.write(ADMIN, null, async (tx) => ({
        commit: (await tx.upsertDatasetType({ name, filenamePattern, description: null }, ADMIN)).name,
      }));
    const upsertFormat = (name: string, fileExtension: string) =>
      registry.write(ADMIN, null, async (tx) => ({
        commit: (await tx.upsertDataFormat({ name, fileExtension, description: null }, ADMIN)).name,
      }));
    expect(await sqlStateOf(upsertType('other', 'dynamicrouting1_*.hdf5'))).toBe('23505');
    expect(await sqlStateOf(upsertType('blank', '  '))).toBe('23514');
    expect(await sqlStateOf(upsertFormat('numpy', '.NPY'))).toBe('23505');
    expect(await sqlStateOf(upsertFormat('tarball', '.tar.gz'))).toBe('23514');
    expect(await sqlStateOf(upsertFormat('bare', 'npy'))).toBe('23514');
    expect((await registry.datasetTypes()).map((t) => t.name)).toEqual([
      'behavior',
      'spikes.times',
      'trials.table',
    ]);
    expect((await registry.dataFormats()).map((f) => f.name)).toEqual(['hdf5', 'npy']);
  });
});

describe('embedded PGlite registry on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labgraph-registry-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('keeps what was written across a restart, and migrates only once', async () => {
    const first = await openRegistry({ backend: 'pglite', dir });
    await first.write(ADMIN, null, async (tx) => ({
      commit: (
        await tx.upsertUser({ username: 'carol', email: null, firstName: null, lastName: null }, ADMIN)
      ).username,
    }));
    await first.close();
    const second = await openRegistry({ backend: 'pglite', dir });
    expect((await second.users()).map((user) => user.username)).toEqual(['carol']);
    expect(second.describe()).toContain(dir);
    await second.close();
    // PGlite's initdb on disk takes seconds, many more on a loaded machine.
  }, 180_000);
});

describe.skipIf(!TEST_POSTGRES_URL)(
  `two registries on one PostgreSQL server${TEST_POSTGRES_URL ? '' : ` (${POSTGRES_SKIP_REASON})`}`,
  () => {
    const scratches: ScratchSchema[] = [];
    afterAll(async () => {
      for (const scratch of scratches) await scratch.drop();
    });

    // Kysely finds its bookkeeping tables by name in any schema unless told which: the second
    // registry used to skip creating its own and then fail on `kysely_migration_lock`.
    it('each migrates in its own schema, whichever starts first', async () => {
      for (let i = 0; i < 2; i++) scratches.push(await createScratchSchema(TEST_POSTGRES_URL!));
      for (const scratch of scratches) {
        const registry = await openRegistry({ backend: 'postgres', url: scratch.url });
        expect(await registry.users()).toEqual([]);
        await registry.close();
      }
    }, 120_000);
  },
);
