/**
 * Caches shared through Redis (issue 15 #3), with a real redis-server: a second gateway builds its
 * catalog from the upstream answers the first one cached (no upstream request), answers the first
 * one's cached responses, and reuses its derived behaviour tables; a write through one drops the
 * other's cached answers; with Redis gone mid-run a gateway keeps answering from memory, logs the
 * outage once, and shares again when Redis is back. The two-process test is replicas.test.ts.
 */
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheObserver } from '../../src/cache.ts';
import type { Env } from '../../src/config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { startTestRedis } from '../support/redisServer.ts';
import { capturingLogger, startTcpSwitch, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const started = await startTestRedis();
const redis = 'skip' in started ? null : started;
if ('skip' in started) console.warn(`shared cache suite skipped: ${started.skip}`);

const SEEDED: Env = { LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' };
const WRITE_TOKEN = 'lg_fixture_write_8b2d4e60';
const DASHBOARD = `query Dashboard($first: Int!) {
  sessions(first: $first) { totalCount edges { node { id date project subject { id genotype } } } }
}`;
const LATEST_WEIGHT = `query($id: String!) { subject(id: $id) { id latestWeight { weightG } } }`;

/** Lookups per cache name since the last `take`. */
function countingObserver() {
  let counts = new Map<string, { hits: number; misses: number }>();
  const of = (name: string) => {
    const found = counts.get(name) ?? { hits: 0, misses: 0 };
    counts.set(name, found);
    return found;
  };
  const observer: CacheObserver = {
    hit: (name) => void of(name).hits++,
    miss: (name) => void of(name).misses++,
  };
  return {
    observer,
    take() {
      const taken = counts;
      counts = new Map();
      return (name: string) => taken.get(name) ?? { hits: 0, misses: 0 };
    },
  };
}

async function post(
  gw: RunningGateway,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
) {
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<Record<string, unknown>>;
}

describe.skipIf(!redis)('caches shared through Redis', () => {
  let upstreams: Upstreams;
  const gateways: RunningGateway[] = [];
  const a = countingObserver();
  const b = countingObserver();
  let gwA: RunningGateway;
  let gwB: RunningGateway;
  beforeAll(async () => {
    upstreams = await startUpstreams();
    const env = upstreams.env({
      ...SEEDED,
      LABGRAPH_REDIS_URL: redis?.url,
      LABGRAPH_REDIS_PREFIX: redis?.prefix(),
    });
    gwA = await startGateway(env, { cacheObserver: a.observer });
    gateways.push(gwA);
    upstreams.resetCounts();
    gwB = await startGateway(env, { cacheObserver: b.observer });
    gateways.push(gwB);
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await upstreams?.stop();
    await redis?.stop();
  });

  it('a second gateway builds its catalog from the upstream answers the first one cached', () => {
    const counts = upstreams.counts();
    expect(counts.codeocean).toBe(0);
    expect(counts.finds).toBe(0);
    const lookups = b.take();
    expect(lookups('codeocean.subjectAssets').hits).toBeGreaterThan(0);
    expect(lookups('codeocean.subjectAssets').misses).toBe(0);
  });

  it('answers with the other gateway’s cached response', async () => {
    const fromA = await post(gwA, DASHBOARD, { first: 30 });
    expect(fromA.errors).toBeUndefined();
    b.take();
    expect(await post(gwB, DASHBOARD, { first: 30 })).toEqual(fromA);
    expect(b.take()('response')).toEqual({ hits: 1, misses: 0 });
  });

  it('reuses the derived behaviour tables the other gateway computed (by ETag)', async () => {
    const trials = (field: string) => `{ session(ref: "676909_2023-12-13") { trials { ${field} } } }`;
    expect((await post(gwA, trials('startTime'))).errors).toBeUndefined();
    b.take();
    expect((await post(gwB, trials('stimName'))).errors).toBeUndefined(); // another document: no response hit
    const lookups = b.take();
    expect(lookups('response').misses).toBe(1);
    expect(lookups('behaviour.sessionTasks')).toEqual({ hits: 1, misses: 0 });
  });

  it('drops the other gateway’s cached answers after a write', async () => {
    await post(gwB, LATEST_WEIGHT, { id: '676909' });
    await post(gwB, LATEST_WEIGHT, { id: '676909' });
    expect(b.take()('response')).toEqual({ hits: 1, misses: 1 });
    const recorded = await post(
      gwA,
      `mutation($input: RecordWeightInput!) { recordWeight(input: $input) { userErrors { code } } }`,
      { input: { subject: '676909', weightG: 22.2, dateTime: '2030-02-01T08:00:00' } },
      WRITE_TOKEN,
    );
    expect(recorded.data).toEqual({ recordWeight: { userErrors: [] } });
    await post(gwB, LATEST_WEIGHT, { id: '676909' });
    expect(b.take()('response')).toEqual({ hits: 0, misses: 1 });
  });
});

describe.skipIf(!redis)('a Redis outage mid-run', () => {
  it('keeps answering from memory, logs it once, and shares again when Redis is back', async () => {
    const local = await startTestRedis();
    if ('skip' in local) return;
    const relay = await startTcpSwitch(local.port);
    const { logger, lines } = capturingLogger();
    const gw = await startGateway(
      { LABGRAPH_REDIS_URL: `redis://127.0.0.1:${relay.port}`, LABGRAPH_REDIS_PREFIX: local.prefix() },
      { logger },
    );
    try {
      const messages = () => lines.map((line) => JSON.parse(line).msg as string);
      const outages = () => messages().filter((m) => m.startsWith('redis unreachable')).length;
      const answer = await post(gw, DASHBOARD, { first: 10 });
      expect(answer.errors).toBeUndefined();
      relay.set(false);
      for (let i = 0; i < 5; i++) {
        expect(await post(gw, DASHBOARD, { first: 10 + (i % 2) })).toMatchObject({ data: expect.anything() });
        expect((await post(gw, DASHBOARD, { first: 10 })).data).toEqual(answer.data);
      }
      expect(outages()).toBe(1);
      relay.set(true);
      for (let i = 0; i < 100 && !messages().some((m) => m.startsWith('redis is back')); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(messages().filter((m) => m.startsWith('redis is back'))).toHaveLength(1);
      expect((await post(gw, DASHBOARD, { first: 10 })).data).toEqual(answer.data);
      expect(outages()).toBe(1);
    } finally {
      await gw.close();
      await relay.stop();
      await local.stop();
    }
  });
});
