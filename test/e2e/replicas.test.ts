/**
 * Two replicas (issue 15 #4): two `labgraph serve` processes on one PostgreSQL registry and one
 * Redis. The same queries give identical answers; a mutation through A is visible through B on B's
 * next request; 20 concurrent registerSession calls split across both get distinct numbers; killing A
 * (SIGKILL) mid-load does not disturb B. The figures (requests, consistency checks, failures) are
 * printed at the end for the README. Needs LABGRAPH_TEST_POSTGRES_URL and a Redis (.ci/run provides
 * both); skips saying which is missing otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, killGatewayProcess, startGatewayProcess } from '../support/gatewayProcess.ts';
import { startTestRedis, type TestRedis } from '../support/redisServer.ts';
import {
  createScratchSchema,
  POSTGRES_SKIP_REASON,
  type ScratchSchema,
  TEST_POSTGRES_URL,
} from '../support/registryBackends.ts';

const started = TEST_POSTGRES_URL ? await startTestRedis() : null;
const skipReason = !TEST_POSTGRES_URL
  ? POSTGRES_SKIP_REASON
  : started && 'skip' in started
    ? started.skip
    : null;
if (skipReason) console.warn(`two-replica suite skipped: ${skipReason}`);
const redis = started && !('skip' in started) ? (started as TestRedis) : null;

const WRITE_TOKEN = 'lg_fixture_write_8b2d4e60';
const SUBJECT = '700001';
const QUERIES = [
  `{ sessions(first: 50) { totalCount edges { node { id date project subject { id genotype } trainingInfo { rigName } } } } }`,
  `{ session(ref: "676909_2023-12-13") { id trials { startTime stimName isHit } performance { blockIndex crossModalDprime } } }`,
  `{ subjects(first: 20) { totalCount edges { node { id sessions(first: 3) { edges { node { id } } } } } } }`,
  `{ subject(id: "${SUBJECT}") { id latestWeight { weightG } } }`,
];

const figures = { requests: 0, consistencyChecks: 0, failures: 0 };

type Body = { data?: Record<string, unknown> | null; errors?: { message: string }[] };

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  figures.requests++;
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Body;
    if (!response.ok || body.errors) figures.failures++;
    return body;
  } catch (error) {
    figures.failures++;
    throw error;
  }
}

/** One consistency check: both replicas answer `query` the same. */
async function expectSameAnswers(a: GatewayProcess, b: GatewayProcess, query: string) {
  const [fromA, fromB] = await Promise.all([post(a.url, query), post(b.url, query)]);
  figures.consistencyChecks++;
  expect(fromA.errors).toBeUndefined();
  expect(fromB).toEqual(fromA);
  return fromA;
}

const REGISTER = `mutation($input: RegisterSessionInput!) {
  registerSession(input: $input) { userErrors { code message } number session { id } }
}`;

describe.skipIf(skipReason !== null)('two replicas on one PostgreSQL registry and one Redis', () => {
  let schema: ScratchSchema;
  let a: GatewayProcess;
  let b: GatewayProcess;
  beforeAll(async () => {
    schema = await createScratchSchema(TEST_POSTGRES_URL!);
    const env = {
      LABGRAPH_REGISTRY_URL: schema.url,
      LABGRAPH_REDIS_URL: redis!.url,
      LABGRAPH_REDIS_PREFIX: redis!.prefix(),
    };
    a = await startGatewayProcess(env); // seeds the empty registry before B opens it
    b = await startGatewayProcess(env);
  }, 120_000);
  afterAll(async () => {
    console.log(
      `two replicas: ${figures.requests} requests, ${figures.consistencyChecks} consistency checks, ${figures.failures} failures`,
    );
    for (const replica of [a, b]) if (replica) await killGatewayProcess(replica);
    await schema?.drop();
    await redis?.stop();
  });

  it('the same queries give identical answers (each asked twice: computed, then cached)', async () => {
    for (const query of [...QUERIES, ...QUERIES]) await expectSameAnswers(a, b, query);
  });

  it('a mutation through A is visible through B on its next request', async () => {
    const weight = `{ subject(id: "${SUBJECT}") { latestWeight { weightG } } }`;
    await post(b.url, weight);
    const recorded = await post(
      a.url,
      `mutation($input: RecordWeightInput!) { recordWeight(input: $input) { userErrors { code } } }`,
      { input: { subject: SUBJECT, weightG: 24.6, dateTime: '2025-03-01T08:00:00' } },
      WRITE_TOKEN,
    );
    expect(recorded.data).toEqual({ recordWeight: { userErrors: [] } });
    expect((await post(b.url, weight)).data).toEqual({ subject: { latestWeight: { weightG: 24.6 } } });

    const ref = `${SUBJECT}_2025-03-02`;
    const find = `{ session(ref: "${ref}") { id } sessions(first: 0) { totalCount } }`;
    const before = (await post(b.url, find)).data as { session: null; sessions: { totalCount: number } };
    expect(before.session).toBeNull();
    const registered = await post(
      a.url,
      REGISTER,
      { input: { subject: SUBJECT, date: '2025-03-02', number: 1 } },
      WRITE_TOKEN,
    );
    expect(registered.data?.registerSession).toMatchObject({ userErrors: [], session: { id: ref } });
    expect((await post(b.url, find)).data).toEqual({
      session: { id: ref },
      sessions: { totalCount: before.sessions.totalCount + 1 },
    });
    await expectSameAnswers(a, b, find);
  });

  it('20 concurrent registerSession calls split across both give distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(
          (i % 2 === 0 ? a : b).url,
          REGISTER,
          { input: { subject: SUBJECT, date: '2025-03-03', idempotencyKey: `replicas-${i}` } },
          WRITE_TOKEN,
        ),
      ),
    );
    const numbers = results.map((result) => {
      const payload = result.data?.registerSession as { userErrors: unknown[]; number: number };
      expect(payload.userErrors).toEqual([]);
      return payload.number;
    });
    expect(new Set(numbers).size).toBe(20);
    await expectSameAnswers(a, b, `{ subject(id: "${SUBJECT}") { sessions(first: 100) { totalCount } } }`);
  });

  it('killing A mid-load does not disturb B', async () => {
    const failuresBefore = figures.failures;
    let bAnswers = 0;
    let stop = false;
    const clientOfB = async (n: number) => {
      while (!stop) {
        const body = await post(b.url, QUERIES[n % QUERIES.length]!);
        expect(body.errors).toBeUndefined();
        bAnswers++;
      }
    };
    const clientOfA = async () => {
      while (!stop) await fetch(`${a.url}/graphql?query=%7B__typename%7D`).catch(() => undefined);
    };
    const load = [...Array.from({ length: 4 }, (_, n) => clientOfB(n)), clientOfA(), clientOfA()];
    while (bAnswers < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    await killGatewayProcess(a);
    const answersAtKill = bAnswers;
    while (bAnswers < answersAtKill + 80) await new Promise((resolve) => setTimeout(resolve, 20));
    // B still takes writes after A is gone.
    const registered = await post(
      b.url,
      REGISTER,
      { input: { subject: SUBJECT, date: '2025-03-04', number: 1 } },
      WRITE_TOKEN,
    );
    stop = true;
    await Promise.all(load);
    expect(registered.data?.registerSession).toMatchObject({ userErrors: [] });
    expect(figures.failures).toBe(failuresBefore);
  }, 120_000);
});
