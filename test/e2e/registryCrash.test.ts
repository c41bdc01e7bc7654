/**
 * Acknowledged writes survive SIGKILL: a real gateway process takes weight and water mutations with
 * idempotency keys from concurrent clients and is killed mid-stream; after a restart on the same
 * store, every mutation answered with success is present exactly once, replaying every key leaves
 * each key with exactly one record, and replaying again creates nothing. On PGlite (a data
 * directory) always, and on a real PostgreSQL server when LABGRAPH_TEST_POSTGRES_URL is set.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  killGatewayProcess as kill,
  startGatewayProcess as startProcess,
} from '../support/gatewayProcess.ts';
import { createScratchSchema, POSTGRES_SKIP_REASON, TEST_POSTGRES_URL } from '../support/registryBackends.ts';
import { scratchRegistryDir } from '../support/registryTemplate.ts';

const TOKEN = 'lg_fixture_write_8b2d4e60';
const KEYS = 60;
const KILL_AFTER_SUCCESSES = 15;
const SUBJECT = '700001';
const BASE_TIME = Date.parse('2024-06-01T16:00:00Z');

/** Key i: a weighing (even) or a water administration (odd) at its own minute. */
function mutationOf(i: number): { name: string; query: string; input: Record<string, unknown> } {
  const dateTime = new Date(BASE_TIME + i * 60_000).toISOString();
  const idempotencyKey = `crash-${i}`;
  return i % 2 === 0
    ? {
        name: 'recordWeight',
        query:
          'mutation($input: RecordWeightInput!) { recordWeight(input: $input) { replayed userErrors { code } weighing { registryId } } }',
        input: { subject: SUBJECT, weightG: 20 + (i % 10) / 10, dateTime, idempotencyKey },
      }
    : {
        name: 'recordWaterAdministration',
        query:
          'mutation($input: RecordWaterAdministrationInput!) { recordWaterAdministration(input: $input) { replayed userErrors { code } waterAdministration { registryId } } }',
        input: { subject: SUBJECT, volumeMl: 0.5, dateTime, idempotencyKey },
      };
}

async function send(url: string, i: number): Promise<{ replayed: boolean; ok: boolean }> {
  const { name, query, input } = mutationOf(i);
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables: { input } }),
  });
  const body = (await response.json()) as {
    data?: Record<string, { replayed: boolean; userErrors: unknown[] }>;
  };
  const payload = body.data?.[name];
  return {
    replayed: payload?.replayed ?? false,
    ok: payload !== undefined && payload.userErrors.length === 0,
  };
}

/** How many records each key's minute holds (weighings for even keys, water for odd). */
async function recordsPerKey(url: string): Promise<number[]> {
  const window = `from: "${new Date(BASE_TIME).toISOString()}", to: "${new Date(BASE_TIME + KEYS * 60_000).toISOString()}"`;
  const query = `{ subject(id: "${SUBJECT}") {
    weighings(first: 100, ${window}) { edges { node { dateTime } } }
    waterAdministrations(first: 100, ${window}) { edges { node { dateTime } } } } }`;
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  type Edges = { edges: { node: { dateTime: string } }[] };
  const { data } = (await response.json()) as {
    data: { subject: { weighings: Edges; waterAdministrations: Edges } };
  };
  const counts = new Array<number>(KEYS).fill(0);
  for (const [list, parity] of [
    [data.subject.weighings, 0],
    [data.subject.waterAdministrations, 1],
  ] as const) {
    for (const { node } of list.edges) {
      const i = Math.round((Date.parse(node.dateTime) - BASE_TIME) / 60_000);
      if (i % 2 === parity) counts[i]! += 1;
    }
  }
  return counts;
}

async function crashAndRecover(store: Record<string, string>): Promise<void> {
  const first = await startProcess(store);
  const answered = new Set<number>();
  let next = 0;
  // Six clients send keys in turn until the process dies under them.
  const client = async () => {
    while (next < KEYS) {
      const i = next++;
      try {
        if ((await send(first.url, i)).ok) answered.add(i);
        if (answered.size >= KILL_AFTER_SUCCESSES) void kill(first);
      } catch {
        // the connection died with the process: this key was not answered
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, client));
  await kill(first);
  expect(answered.size).toBeGreaterThanOrEqual(KILL_AFTER_SUCCESSES);

  const second = await startProcess(store);
  try {
    const afterCrash = await recordsPerKey(second.url);
    for (const i of answered) expect(afterCrash[i], `key ${i} was acknowledged`).toBe(1);
    for (const count of afterCrash) expect(count).toBeLessThanOrEqual(1);

    for (let i = 0; i < KEYS; i++) expect((await send(second.url, i)).ok).toBe(true);
    expect(await recordsPerKey(second.url)).toEqual(new Array(KEYS).fill(1));
    const replays = await Promise.all(Array.from({ length: KEYS }, (_, i) => send(second.url, i)));
    expect(replays.every((r) => r.ok && r.replayed)).toBe(true);
    expect(await recordsPerKey(second.url)).toEqual(new Array(KEYS).fill(1));
  } finally {
    await kill(second);
  }
}

describe('SIGKILL under write load', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('loses no acknowledged write on PGlite', async () => {
    const scratch = await scratchRegistryDir();
    cleanups.push(scratch.remove);
    await crashAndRecover({ LABGRAPH_REGISTRY_DIR: scratch.dir });
  }, 300_000);

  it.skipIf(!TEST_POSTGRES_URL)(
    `loses no acknowledged write on PostgreSQL${TEST_POSTGRES_URL ? '' : ` (${POSTGRES_SKIP_REASON})`}`,
    async () => {
      const scratch = await createScratchSchema(TEST_POSTGRES_URL!);
      cleanups.push(scratch.drop);
      await crashAndRecover({ LABGRAPH_REGISTRY_URL: scratch.url });
    },
    300_000,
  );
});
