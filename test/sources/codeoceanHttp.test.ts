/**
 * The HTTP client against the loopback CodeOcean server: request shape (auth, headers, paging body),
 * retries (429 + Retry-After, 5xx), timeouts, persistent outages, rejected tokens, malformed records
 * and paging guards. Every test counts the requests the server saw; none measures time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildLab, labAssets } from '../../fixtures/generator/lab.ts';
import { InvalidDataError, UpstreamError } from '../../src/errors.ts';
import { withCodeOceanCache } from '../../src/sources/codeocean/cached.ts';
import {
  type CodeOceanHttpOptions,
  createCodeOceanHttpClient,
} from '../../src/sources/codeocean/httpClient.ts';
import type { RetryPolicy } from '../../src/sources/upstreamHttp.ts';
import { type CodeOceanTestServer, startCodeOceanServer } from '../support/codeOceanServer.ts';

const TOKEN = 'cop_http_test_secret_5f9a2c';
const POLICY: RetryPolicy = {
  retries: 3,
  minDelayMs: 5,
  maxDelayMs: 30,
  attemptTimeoutMs: 5_000,
  deadlineMs: 10_000,
};
const expected = labAssets(buildLab());

let server: CodeOceanTestServer;
beforeAll(async () => {
  server = await startCodeOceanServer({ token: TOKEN });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  server.setMode({ latencyMs: 0, hang: false, pageSize: 1000, pageOverlap: 0, malformed: false });
  server.clearFailures();
  server.resetRequests();
});

const client = (options: Partial<CodeOceanHttpOptions> = {}) =>
  createCodeOceanHttpClient({ domain: server.url, token: TOKEN, policy: POLICY, ...options });

/** The rejection, checked to be an Error that never mentions the token anywhere. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const err = error as Error;
  const everything = [err.message, err.stack, String(err.cause), JSON.stringify(err)].join('\n');
  expect(everything).not.toContain(TOKEN);
  expect(everything).not.toContain(Buffer.from(`${TOKEN}:`).toString('base64'));
  return err;
}

describe('CodeOcean HTTP client: request shape', () => {
  it('sends Basic auth with the token as user, JSON content type and Min-Server-Version', async () => {
    await client().getDataAsset(expected[0]!.id);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({
      route: 'getDataAsset',
      authorized: true,
      headers: { contentType: 'application/json', minServerVersion: '4.0.0' },
      path: `/api/v1/data_assets/${expected[0]!.id}`,
    });
  });

  it("searches subjects' assets in bulk with offset/limit paging, created ascending, archived false", async () => {
    await client({ pageSize: 25 }).getSubjectsDataAssets(['676909', '686740']);
    const page = { offset: 0, limit: 25, sort_field: 'created', sort_order: 'asc', archived: false };
    const bodies = server.requests.map((r) => r.body as { query: string; offset: number });
    // Names containing either subject, and `subject id` metadata naming either: a repeated field is an OR.
    expect(bodies.filter((b) => b.offset === 0)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ query: 'name:676909 name:686740', ...page }),
        expect.objectContaining({ query: 'subject id:676909 subject id:686740', ...page }),
      ]),
    );
    expect(new Set(bodies.map((b) => b.query)).size).toBe(2);
  });

  it('advances by the results received when the server returns fewer than the limit', async () => {
    server.setMode({ pageSize: 7 });
    const all = await client({ pageSize: 100 }).searchDataAssets({});
    expect(all).toHaveLength(expected.length);
    expect(server.count('search')).toBe(Math.ceil(expected.length / 7));
    expect(server.requests.map((r) => (r.body as { offset: number }).offset)).toEqual(
      Array.from({ length: Math.ceil(expected.length / 7) }, (_, i) => i * 7),
    );
  });

  it('de-duplicates records repeated across overlapping pages', async () => {
    server.setMode({ pageSize: 10, pageOverlap: 3 });
    const all = await client({ pageSize: 10 }).searchDataAssets({});
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    expect(all.map((a) => a.id).sort()).toEqual(expected.map((a) => a.id).sort());
  });

  it('stops at the page guard with an error naming codeocean', async () => {
    const error = await failure(client({ pageSize: 10, maxPages: 2 }).searchDataAssets({}));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/^codeocean: .*page limit \(2 pages of 10\)/);
    expect(server.count('search')).toBe(2);
  });

  it('caps the page size at the API maximum of 1000', async () => {
    await client({ pageSize: 5000 }).searchDataAssets({});
    expect((server.requests[0]!.body as { limit: number }).limit).toBe(1000);
  });
});

describe('CodeOcean HTTP client: retries and failures', () => {
  it('retries a 429 that carries Retry-After, then succeeds', async () => {
    server.failNext(2, 429, 1);
    const asset = await client().getDataAsset(expected[1]!.id);
    expect(asset?.id).toBe(expected[1]!.id);
    expect(server.requests.map((r) => r.outcome)).toEqual([429, 429, 200]);
  });

  it('retries a 500 once, then succeeds', async () => {
    server.failNext(1, 500);
    const results = await client().searchDataAssets({ query: 'tag:sorted' });
    expect(results.length).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.outcome)).toEqual([500, 200]);
  });

  it('turns a server that never answers into TIMEOUT naming codeocean, within the deadline', async () => {
    server.setMode({ hang: true });
    const policy: RetryPolicy = {
      retries: 5,
      minDelayMs: 5,
      maxDelayMs: 20,
      attemptTimeoutMs: 100,
      deadlineMs: 400,
    };
    const error = await failure(client({ policy }).getDataAsset(expected[2]!.id));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ source: 'codeocean', kind: 'TIMEOUT' });
    expect(error.message).toMatch(/^codeocean: get data asset failed/);
    expect(server.count()).toBeGreaterThanOrEqual(1);
    expect(server.count()).toBeLessThanOrEqual(policy.retries + 1);
  });

  it('gives up on a persistent 503 with UNAVAILABLE naming codeocean, after every retry', async () => {
    server.failNext(10, 503);
    const error = await failure(client({ policy: { ...POLICY, retries: 2 } }).searchDataAssets({}));
    expect(error).toMatchObject({ source: 'codeocean', kind: 'UNAVAILABLE' });
    expect(error.message).toContain('codeocean: search data assets failed after retries: HTTP 503');
    expect(server.count('search')).toBe(3);
  });

  it('reports a rejected token once, clearly, without retrying and without the token', async () => {
    const wrong = createCodeOceanHttpClient({
      domain: server.url,
      token: 'cop_wrong_token_xyz',
      policy: POLICY,
    });
    const error = await failure(wrong.searchDataAssets({}));
    expect(error).toMatchObject({ source: 'codeocean', kind: 'UNAVAILABLE' });
    expect(error.message).toBe(
      'codeocean: search data assets answered HTTP 401 (credentials rejected or lacking scope)',
    );
    expect(error.message).not.toContain('cop_wrong_token_xyz');
    expect(server.requests.map((r) => [r.authorized, r.outcome])).toEqual([[false, 401]]);
  });

  it('treats 404 as absent without retrying', async () => {
    expect(await client().getDataAsset('00000000-0000-4000-8000-0000000000aa')).toBeNull();
    expect(server.requests.map((r) => r.outcome)).toEqual([404]);
  });

  it('rejects a malformed record with InvalidDataError naming codeocean and the field', async () => {
    server.setMode({ malformed: true });
    const error = await failure(client().searchDataAssets({}));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error.message).toMatch(/^codeocean: a data asset record is malformed \(created: /);
    expect((error as InvalidDataError).uri).toBe(`${server.url}/api/v1/data_assets/search`);
  });

  it('describes itself without the token and refuses to start without one', () => {
    expect(client().describe()).toBe(`CodeOcean API at ${server.url} (token set, not shown)`);
    expect(() => createCodeOceanHttpClient({ domain: server.url, token: '' })).toThrow(
      /CODE_OCEAN_API_TOKEN/,
    );
  });

  it('does not cache a failed batch behind the cache: the next call asks again', async () => {
    const cached = withCodeOceanCache(client({ policy: { ...POLICY, retries: 0 } }));
    server.failNext(1, 503);
    await failure(cached.getSubjectsDataAssets(['676909']));
    const assets = await cached.getSubjectsDataAssets(['676909']);
    expect(assets.get('676909')!.length).toBeGreaterThan(0);
    await cached.getSubjectsDataAssets(['676909']);
    expect(server.requests.map((r) => r.outcome)).toEqual([503, 200]);
  });

  it('reports each logical call to onRequest (retries stay inside the call)', async () => {
    const seen: string[] = [];
    server.failNext(1, 503);
    await client({ onRequest: (e) => seen.push(`${e.operation} ${e.path}`) }).getDataAssets([
      expected[0]!.id,
      expected[0]!.id,
    ]);
    expect(seen).toEqual([`getDataAsset data_assets/${expected[0]!.id}`]);
    expect(server.count()).toBe(2);
  });
});
