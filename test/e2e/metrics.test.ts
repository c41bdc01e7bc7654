/**
 * /metrics over the real protocols: the gateway talks HTTP to the CodeOcean test server and the wire
 * protocol to the DocDB server. Each test scrapes before and after a few requests and checks that the
 * counters moved by exactly what the requests cost — the upstream counters by what the test servers
 * themselves received, the GraphQL counters by the requests sent, the errors by their codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabSession, labAssets } from '../../fixtures/generator/lab.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { type Scrape, scrapeMetrics } from '../support/metricsScrape.ts';
import { postGraphQL, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const lab = buildLab();
const assets = labAssets(lab);
const taskSession = lab.sessions.find(
  (s: LabSession) =>
    s.task !== null && !s.task.broken && (s.yaml !== null || (s.sheet !== null && !s.sheet.ignore)),
);
const sortedWithRecord = assets.filter((a) => a.kind === 'sorted' && a.docdb !== 'none');
const rawAssets = assets.filter((a) => a.kind === 'raw');

const ASSET_BY_ID = `query AssetById($id: String!) { dataAsset(id: $id) { id name } }`;
const SORTER_OF = `query SorterOf($id: String!) { dataAsset(id: $id) { id sorterName } }`;
const CODEOCEAN_GET = { source: 'codeocean', backend: 'http', operation: 'getDataAsset' };

let upstreams: Upstreams;
let gateway: RunningGateway;

beforeAll(async () => {
  upstreams = await startUpstreams();
  // Without the response cache, so that every request reaches the source caches it is counted at.
  gateway = await startGateway(
    upstreams.env({ LABGRAPH_UPSTREAM_RETRIES: '1', LABGRAPH_RESPONSE_CACHE: 'false' }),
  );
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.stop();
});

const scrape = () => scrapeMetrics(gateway);
const asset = (list: typeof assets, index: number) => {
  const found = list[index];
  if (!found) throw new Error(`the fixture lab has fewer than ${index + 1} such assets`);
  return found;
};

describe('/metrics', () => {
  it('serves the Prometheus text format with process metrics and the gateway gauges', async () => {
    const response = await gateway.fetch(`${gateway.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = await scrape();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ])
      expect(after.has(name), name).toBe(true);

    const { body } = await postGraphQL<{
      sessions: { totalCount: number };
      subjects: { totalCount: number };
    }>(gateway, '{ sessions(first: 1) { totalCount } subjects(first: 1) { totalCount } }');
    expect(after.value('labgraph_catalog_entries', { kind: 'sessions' })).toBe(
      body.data?.sessions.totalCount,
    );
    expect(after.value('labgraph_catalog_entries', { kind: 'subjects' })).toBe(
      body.data?.subjects.totalCount,
    );
    expect(after.value('labgraph_catalog_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(after.value('labgraph_catalog_degraded_sources')).toBe(0);
    // The test registry is PGlite: one connection, always open, idle between requests.
    expect(after.value('labgraph_registry_connections', { backend: 'pglite', state: 'max' })).toBe(1);
    expect(after.value('labgraph_registry_connections', { backend: 'pglite', state: 'idle' })).toBe(1);
    expect(after.value('labgraph_registry_connections', { backend: 'pglite', state: 'waiting' })).toBe(0);
    // The catalog read the registry's sessions and subjects at startup.
    expect(
      after.value('labgraph_upstream_requests_total', { source: 'registry', operation: 'select' }),
    ).toBeGreaterThan(0);
  });

  it('counts GraphQL requests per operation, upstream requests as the server saw them, and cache hits', async () => {
    const id = asset(rawAssets, 0).id;
    upstreams.resetCounts();
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      const { body } = await postGraphQL(gateway, ASSET_BY_ID, { variables: { id } });
      expect(body.errors).toBeUndefined();
    }
    const after = await scrape();

    const labels = { operation_name: 'AssetById', operation_type: 'query' };
    expect(after.since(before, 'labgraph_graphql_requests_total', labels)).toBe(3);
    expect(after.since(before, 'labgraph_graphql_request_duration_seconds_count', labels)).toBe(3);
    // One GET upstream (the server counted it), then the cache answers: 1 miss, 2 hits.
    expect(upstreams.codeocean.count('getDataAsset')).toBe(1);
    expect(after.since(before, 'labgraph_upstream_requests_total', CODEOCEAN_GET)).toBe(1);
    expect(after.since(before, 'labgraph_upstream_request_duration_seconds_count', CODEOCEAN_GET)).toBe(1);
    expect(after.since(before, 'labgraph_cache_misses_total', { cache: 'codeocean.assets' })).toBe(1);
    expect(after.since(before, 'labgraph_cache_hits_total', { cache: 'codeocean.assets' })).toBe(2);
    expect(after.since(before, 'labgraph_upstream_retries_total')).toBe(0);
    expect(after.since(before, 'labgraph_graphql_errors_total')).toBe(0);
  });

  it('counts DocDB commands as the wire server received them', async () => {
    const id = asset(sortedWithRecord, 0).id;
    upstreams.resetCounts();
    const before = await scrape();
    const { body } = await postGraphQL<{ dataAsset: { sorterName: string | null } }>(gateway, SORTER_OF, {
      variables: { id },
    });
    expect(body.data?.dataAsset.sorterName).toBeTruthy();
    const after = await scrape();
    const { finds, getMores } = upstreams.counts();
    expect(finds).toBeGreaterThan(0);
    const mongo = { source: 'docdb', backend: 'mongodb' };
    expect(after.since(before, 'labgraph_upstream_requests_total', { ...mongo, operation: 'find' })).toBe(
      finds,
    );
    expect(after.since(before, 'labgraph_upstream_requests_total', { ...mongo, operation: 'getMore' })).toBe(
      getMores,
    );
    expect(after.since(before, 'labgraph_cache_misses_total', { cache: 'docdb.finds' })).toBe(finds);
  });

  it('counts task-file reads by the worker pool and the derived-table cache', async () => {
    if (!taskSession) throw new Error('the fixture lab has no readable task file');
    const trials = `{ session(ref: "${taskSession.id}") { trials { startTime } } }`;
    const workers = { source: 'taskfile', backend: 'workers' };
    const before = await scrape();
    const first = await postGraphQL<{ session: { trials: unknown[] } }>(gateway, trials);
    expect(first.body.data?.session.trials.length).toBeGreaterThan(0);
    const middle = await scrape();
    await postGraphQL(gateway, trials);
    const after = await scrape();

    expect(
      middle.since(before, 'labgraph_upstream_requests_total', { ...workers, operation: 'taskTables' }),
    ).toBe(1);
    expect(middle.since(before, 'labgraph_cache_misses_total', { cache: 'behaviour.tables' })).toBe(1);
    // Derived tables are kept by ETag: the second request reads no file.
    expect(after.since(middle, 'labgraph_upstream_requests_total', workers)).toBe(0);
    expect(after.since(middle, 'labgraph_cache_misses_total', { cache: 'behaviour.sessionTasks' })).toBe(0);
    expect(
      after.since(middle, 'labgraph_cache_hits_total', { cache: 'behaviour.sessionTasks' }),
    ).toBeGreaterThan(0);
  });

  it('counts a retried upstream request, a failed call and its error code', async () => {
    upstreams.resetCounts();
    const before = await scrape();
    // Retries = 1: a 503 then a good answer costs two requests, one of them a retry.
    upstreams.codeocean.failNext(1, 503);
    const recovered = await postGraphQL(gateway, ASSET_BY_ID, { variables: { id: asset(rawAssets, 1).id } });
    expect(recovered.body.errors).toBeUndefined();
    // Two 503s exhaust the retries: the field fails with UPSTREAM_UNAVAILABLE naming codeocean.
    upstreams.codeocean.failNext(2, 503);
    const failed = await postGraphQL(gateway, ASSET_BY_ID, { variables: { id: asset(rawAssets, 2).id } });
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const after = await scrape();

    expect(upstreams.codeocean.count('getDataAsset')).toBe(4);
    expect(after.since(before, 'labgraph_upstream_requests_total', CODEOCEAN_GET)).toBe(4);
    expect(after.since(before, 'labgraph_upstream_retries_total', CODEOCEAN_GET)).toBe(2);
    expect(
      after.since(before, 'labgraph_upstream_request_errors_total', { ...CODEOCEAN_GET, kind: 'error' }),
    ).toBe(3);
    expect(
      after.since(before, 'labgraph_graphql_errors_total', {
        code: 'UPSTREAM_UNAVAILABLE',
        source: 'codeocean',
      }),
    ).toBe(1);
    expect(after.since(before, 'labgraph_graphql_errors_total')).toBe(1);
  });

  it('counts errors by code: bad input, parse failures and refusals outside GraphQL', async () => {
    const before = await scrape();
    const bad = await postGraphQL(gateway, ASSET_BY_ID, { variables: { id: 'not-a-uuid' } });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const parse = await gateway.fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ sessions(' }),
    });
    expect(parse.status).toBe(400);
    expect((await gateway.fetch(`${gateway.url}/nothing-here`)).status).toBe(404);
    const after = await scrape();

    const delta = (code: string) => after.since(before, 'labgraph_graphql_errors_total', { code });
    expect(delta('BAD_USER_INPUT')).toBe(1);
    expect(delta('GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(delta('NOT_FOUND')).toBe(1);
    expect(after.since(before, 'labgraph_graphql_errors_total')).toBe(3);
    // The parse failure is still a GraphQL request (of unknown type); the 404 and the scrapes are not.
    expect(after.since(before, 'labgraph_graphql_requests_total')).toBe(2);
  });
});

describe('/metrics with LABGRAPH_METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789abcdef';
  let locked: RunningGateway;
  beforeAll(async () => {
    locked = await startGateway({ LABGRAPH_LOG_LEVEL: 'silent', LABGRAPH_METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await locked?.close();
  });

  it('answers only the bearer of the token', async () => {
    const anonymous = await locked.fetch(`${locked.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(
      ((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('UNAUTHENTICATED');
    expect(
      (await locked.fetch(`${locked.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const scraped: Scrape = await scrapeMetrics(locked, { authorization: `Bearer ${TOKEN}` });
    expect(scraped.has('labgraph_graphql_requests_total')).toBe(true);
  });
});
