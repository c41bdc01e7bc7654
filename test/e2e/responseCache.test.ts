/**
 * The response cache (issue 14 #2): a repeated query is answered from the cache; the key holds the
 * variables and the caller's read scope; a mutation drops the cached answers holding what it changed
 * (a new session drops even `sessions { totalCount }`); answers with errors, or built while a source
 * was stood in for, are not kept; a cached answer never reaches a caller who may not read.
 * Hits and misses are counted through the gateway's cache observer (the hook the metrics use).
 */
import type { ExecutionResult } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CacheObserver } from '../../src/cache.ts';
import type { Env } from '../../src/config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { postGraphQL, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const SEEDED: Env = { LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' };
const TOKENS = { write: 'lg_fixture_write_8b2d4e60', read: 'lg_fixture_read_51a9c0d2' };
const SUBJECT = '676909';

type Data = Record<string, unknown>;

function countingObserver() {
  const counts = { hits: 0, misses: 0 };
  const observer: CacheObserver = {
    hit: (cache) => void (cache === 'response' && counts.hits++),
    miss: (cache) => void (cache === 'response' && counts.misses++),
  };
  return {
    observer,
    /** The lookups since the last call. */
    take() {
      const taken = { ...counts };
      counts.hits = 0;
      counts.misses = 0;
      return taken;
    },
  };
}

async function post(gw: RunningGateway, query: string, variables: Data = {}, token?: string) {
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<Data>;
}

const DASHBOARD = `query Dashboard($first: Int!) {
  sessions(first: $first) { totalCount edges { node { id date project subject { id genotype } } } }
}`;
const TOTAL = '{ sessions(first: 0) { totalCount } }';
const LATEST_WEIGHT = `query($id: String!) { subject(id: $id) { id latestWeight { weightG } } }`;

describe('the response cache on the embedded lab', () => {
  const lookups = countingObserver();
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway(SEEDED, { cacheObserver: lookups.observer });
  });
  afterAll(() => gw.close());

  it('answers a repeated query from the cache, identically', async () => {
    const first = await post(gw, DASHBOARD, { first: 20 });
    expect(lookups.take()).toEqual({ hits: 0, misses: 1 });
    const second = await post(gw, DASHBOARD, { first: 20 });
    expect(lookups.take()).toEqual({ hits: 1, misses: 0 });
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
  });

  it('keys by the variables', async () => {
    await post(gw, DASHBOARD, { first: 3 });
    lookups.take();
    const other = await post(gw, DASHBOARD, { first: 4 });
    expect(lookups.take()).toEqual({ hits: 0, misses: 1 });
    expect(other.data?.sessions).toMatchObject({ edges: Array(4).fill(expect.anything()) });
  });

  it('does not keep an answer with errors', async () => {
    const query = '{ session(ref: "not a session") { id } }';
    for (let i = 0; i < 2; i++) expect((await post(gw, query)).errors?.length).toBeGreaterThan(0);
    expect(lookups.take()).toEqual({ hits: 0, misses: 2 });
  });

  it('drops the subject’s cached answers when a weighing is recorded', async () => {
    const before = await post(gw, LATEST_WEIGHT, { id: SUBJECT });
    await post(gw, LATEST_WEIGHT, { id: SUBJECT });
    expect(lookups.take()).toEqual({ hits: 1, misses: 1 });
    const recorded = await post(
      gw,
      `mutation($input: RecordWeightInput!) { recordWeight(input: $input) { userErrors { code } } }`,
      { input: { subject: SUBJECT, weightG: 23.4, dateTime: '2030-01-02T08:00:00' } },
      TOKENS.write,
    );
    expect(recorded.data).toEqual({ recordWeight: { userErrors: [] } });
    lookups.take();
    const after = await post(gw, LATEST_WEIGHT, { id: SUBJECT });
    expect(lookups.take()).toEqual({ hits: 0, misses: 1 });
    expect(after.data).toEqual({ subject: { id: SUBJECT, latestWeight: { weightG: 23.4 } } });
    expect(after.data).not.toEqual(before.data);
  });

  it('drops every list that could hold a newly registered session, even a bare totalCount', async () => {
    const total = async () => {
      const { data } = await post(gw, TOTAL);
      return (data as { sessions: { totalCount: number } }).sessions.totalCount;
    };
    const before = await total();
    expect(await total()).toBe(before);
    expect(lookups.take()).toEqual({ hits: 1, misses: 1 });
    const registered = await post(
      gw,
      `mutation($input: RegisterSessionInput!) { registerSession(input: $input) { userErrors { code } } }`,
      { input: { subject: SUBJECT, date: '2030-01-03', number: 1 } },
      TOKENS.write,
    );
    expect(registered.data).toEqual({ registerSession: { userErrors: [] } });
    expect(await total()).toBe(before + 1);
  });
});

describe('the response cache with read auth', () => {
  const lookups = countingObserver();
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway({ LABGRAPH_READ_AUTH: 'token' }, { cacheObserver: lookups.observer });
  });
  afterAll(() => gw.close());

  it('serves a cached answer only to a caller holding the read scope', async () => {
    const query = '{ sessions(first: 2) { edges { node { id } } } }';
    const answer = await post(gw, query, {}, TOKENS.read);
    expect(answer.errors).toBeUndefined();
    expect(await post(gw, query, {}, TOKENS.read)).toEqual(answer);
    expect(lookups.take()).toEqual({ hits: 1, misses: 1 });
    for (const token of [undefined, 'lg_not_a_token']) {
      const refused = await post(gw, query, {}, token);
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // Refused callers neither looked in the cache nor filled it.
    expect(lookups.take()).toEqual({ hits: 0, misses: 0 });
  });
});

describe('the response cache during a DocDB outage', () => {
  const lookups = countingObserver();
  let upstreams: Upstreams;
  let gw: RunningGateway | undefined;
  beforeAll(async () => {
    upstreams = await startUpstreams({ mongoSwitch: 'on' });
  });
  afterEach(async () => {
    await gw?.close();
    upstreams.mongoSwitch?.set(true);
  });
  afterAll(() => upstreams.stop());

  const SHORT: Env = {
    LABGRAPH_UPSTREAM_TIMEOUT_MS: '1500',
    LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '700',
    LABGRAPH_UPSTREAM_RETRIES: '1',
  };

  it('does not keep an answer whose genotype the training sheet stood in for', async () => {
    gw = await startGateway(upstreams.env(SHORT), { cacheObserver: lookups.observer });
    upstreams.mongoSwitch?.set(false);
    // isOpto reads the genotype; without DocDB the sheet's genotype stands in, without an error.
    const query = '{ sessions(first: 3) { edges { node { id isOpto } } } }';
    lookups.take();
    for (let i = 0; i < 2; i++) {
      const response = await postGraphQL(gw, query, { deadlineMs: 10_000 });
      expect(response.body.errors).toBeUndefined();
    }
    expect(lookups.take()).toEqual({ hits: 0, misses: 2 });
    upstreams.mongoSwitch?.set(true);
    // Once the driver is connected again the complete answer is kept: a later ask is a hit.
    let hits = 0;
    for (let i = 0; i < 20 && hits === 0; i++) {
      await postGraphQL(gw, query, { deadlineMs: 10_000 });
      hits = lookups.take().hits;
      if (hits === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(hits).toBe(1);
  });

  it('does not keep answers while the catalog stands in for a source that was down at startup', async () => {
    upstreams.mongoSwitch?.set(false);
    gw = await startGateway(upstreams.env(SHORT), { cacheObserver: lookups.observer });
    lookups.take();
    for (let i = 0; i < 2; i++) await postGraphQL(gw, TOTAL, { deadlineMs: 10_000 });
    expect(lookups.take()).toEqual({ hits: 0, misses: 2 });
  });
});
