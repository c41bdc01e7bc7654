/**
 * Cancellation over the real protocol: when a request's deadline passes (LABGRAPH_REQUEST_TIMEOUT_MS)
 * or its client disconnects, the CodeOcean call made for it is aborted — the test server sees the
 * connection closed before it answered — unless another request still waits for the same call, which
 * then completes and answers that request. The upstream's own time limits are far longer than the
 * request's, so only the cancellation can end the hung call.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLab, labAssets } from '../../fixtures/generator/lab.ts';
import { type RunningGateway, startGateway, startHttpGateway } from '../support/gateway.ts';
import { scrapeMetrics } from '../support/metricsScrape.ts';
import { postGraphQL, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const REQUEST_TIMEOUT_MS = 2_000;
const rawAssetIds = labAssets(buildLab())
  .filter((a) => a.kind === 'raw')
  .map((a) => a.id);
const ASSET = `query Asset($id: String!) { dataAsset(id: $id) { id name } }`;

let upstreams: Upstreams;
let nextAsset = 0;
/** A fresh asset per test: nothing cached, so each test's call really goes upstream. */
const freshAssetId = () => {
  const id = rawAssetIds[nextAsset++];
  if (!id) throw new Error('the fixture lab has too few raw assets for this suite');
  return id;
};

beforeAll(async () => {
  upstreams = await startUpstreams();
});
afterAll(() => upstreams?.stop());
afterEach(() => {
  upstreams.codeocean.setMode({ hang: false, hold: false });
  upstreams.codeocean.release();
});

const env = (requestTimeoutMs = REQUEST_TIMEOUT_MS) =>
  upstreams.env({
    LABGRAPH_REQUEST_TIMEOUT_MS: String(requestTimeoutMs),
    // Far past the request's deadline: only cancellation ends a hung call before the test does.
    LABGRAPH_UPSTREAM_TIMEOUT_MS: '60000',
    LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '60000',
  });

/** The logged CodeOcean GET of one asset (the server logs a request as soon as it arrives). */
const getOf = (id: string) => {
  const found = upstreams.codeocean.requests.filter((r) => r.route === 'getDataAsset' && r.path.endsWith(id));
  expect(found).toHaveLength(1);
  return found[0]!;
};
const arrived = (id: string) => vi.waitFor(() => getOf(id), { timeout: 10_000, interval: 20 });

describe('in-process gateway', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway(env());
  });
  afterAll(() => gateway?.close());

  it('aborts a hung upstream call at the request deadline: the server sees the connection closed', async () => {
    const id = freshAssetId();
    upstreams.codeocean.setMode({ hang: true });
    const before = await scrapeMetrics(gateway);
    const answer = await postGraphQL<{ dataAsset: null }>(gateway, ASSET, { variables: { id } });
    const error = answer.body.errors?.[0];
    expect(error?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    expect(error?.extensions?.timeoutMs).toBe(REQUEST_TIMEOUT_MS);
    await vi.waitFor(() => expect(getOf(id).closedByClient).toBe(true), { timeout: 5_000, interval: 20 });
    expect(getOf(id).outcome).toBe('hang');
    const after = await scrapeMetrics(gateway);
    const cancelled = { source: 'codeocean', operation: 'getDataAsset', kind: 'cancelled' };
    expect(after.since(before, 'labgraph_upstream_request_errors_total', cancelled)).toBe(1);
    // Not retried: nobody wants the answer any more.
    expect(upstreams.codeocean.count('getDataAsset')).toBeGreaterThan(0);
    expect(upstreams.codeocean.requests.filter((r) => r.path.endsWith(id))).toHaveLength(1);
  });

  it('keeps a shared call alive while a second request still waits for it', async () => {
    const id = freshAssetId();
    upstreams.codeocean.setMode({ hold: true });
    const first = postGraphQL<{ dataAsset: { id: string } | null }>(gateway, ASSET, { variables: { id } });
    await arrived(id);
    // The second request starts half a deadline later, so it outlives the first by that much.
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS / 2));
    const second = postGraphQL<{ dataAsset: { id: string } | null }>(gateway, ASSET, { variables: { id } });

    const firstAnswer = await first;
    expect(firstAnswer.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
    // Give a wrongful abort the time to reach the server before looking.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(getOf(id).closedByClient).toBe(false);

    upstreams.codeocean.release();
    const secondAnswer = await second;
    expect(secondAnswer.body.errors).toBeUndefined();
    expect(secondAnswer.body.data?.dataAsset?.id).toBe(id);
    // One upstream call served both requests, and it completed.
    expect(getOf(id).outcome).toBe(200);
    expect(getOf(id).closedByClient).toBe(false);
  });
});

describe('over HTTP', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    // A request deadline far away: only the disconnect can end the call within the test.
    gateway = await startHttpGateway(env(60_000));
  });
  afterAll(() => gateway?.close());

  it('aborts the upstream call when the client disconnects', async () => {
    const id = freshAssetId();
    upstreams.codeocean.setMode({ hang: true });
    const client = new AbortController();
    const request = gateway
      .fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ASSET, variables: { id } }),
        signal: client.signal,
      })
      .catch((error: unknown) => error);
    await arrived(id);
    client.abort();
    expect(await request).toMatchObject({ name: 'AbortError' });
    await vi.waitFor(() => expect(getOf(id).closedByClient).toBe(true), { timeout: 10_000, interval: 20 });
  });
});
