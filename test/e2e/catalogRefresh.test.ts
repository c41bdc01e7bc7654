/**
 * The catalog serves stale-while-revalidate (issue 9 #5): while CodeOcean hangs, a catalog rebuild
 * hangs in the background and every query still answers at once from the last good snapshot; only
 * one rebuild runs however many queries arrive. Checked on outcomes — what the queries return and the
 * search requests the CodeOcean test server received — never on elapsed time.
 *
 * The gateway gets an uncached HTTP client (a source override) so that a rebuild really asks
 * CodeOcean, and LABGRAPH_CATALOG_REFRESH_MS=0 so that every query finds the catalog due a refresh.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createCodeOceanSource } from '../../src/sources/codeocean/index.ts';
import { retryPolicyOf } from '../../src/sources/index.ts';
import { type CodeOceanTestServer, startCodeOceanServer } from '../support/codeOceanServer.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';
import { FIXTURES_DIR, postGraphQL, TEST_TOKEN } from '../support/upstreams.ts';

/** Both lists come from the catalog snapshot alone (no subject filter: no upstream request). */
const FROM_SNAPSHOT = '{ sessions(first: 1) { totalCount } dataAssets(first: 1) { totalCount } }';
type Counts = { sessions: { totalCount: number }; dataAssets: { totalCount: number } };

/** A generous bound for "answered at all": a query waiting on the hung rebuild would never answer. */
const ANSWERED_WITHIN_MS = 10_000;

let server: CodeOceanTestServer | null = null;
let gateway: RunningGateway | null = null;

afterEach(async () => {
  await gateway?.close();
  await server?.stop();
  gateway = null;
  server = null;
});

/** Polls until `read()` gives the same value three times in a row (the server has seen it all). */
async function settled<T>(read: () => T): Promise<T> {
  let last = read();
  for (let same = 0; same < 3; ) {
    await sleep(50);
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(25);
  expect(condition()).toBe(true);
}

async function queryCounts(target: RunningGateway): Promise<Counts> {
  const { body } = await postGraphQL<Counts>(target, FROM_SNAPSHOT, { deadlineMs: ANSWERED_WITHIN_MS });
  expect(body.errors).toBeUndefined();
  return body.data as Counts;
}

describe('catalog refresh while CodeOcean hangs', () => {
  it('answers from the last good snapshot and runs one rebuild at a time', async () => {
    server = await startCodeOceanServer({ token: TEST_TOKEN, fixturesDir: FIXTURES_DIR });
    const env = {
      ...EMBEDDED_ENV,
      CODE_OCEAN_API_TOKEN: TEST_TOKEN,
      CODE_OCEAN_DOMAIN: server.url,
      LABGRAPH_CATALOG_REFRESH_MS: '0',
      // The hung rebuild outlasts the test: nothing may wait for it.
      LABGRAPH_UPSTREAM_TIMEOUT_MS: '600000',
      LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '600000',
    };
    const config = loadConfig(env);
    const codeocean = createCodeOceanSource(config.codeocean, { policy: retryPolicyOf(config) });
    // The first start awaits the initial build, with CodeOcean answering.
    gateway = await startGateway(env, { sources: { codeocean } });
    const startupSearches = server.count('search');
    expect(startupSearches).toBeGreaterThan(0);

    server.setMode({ hang: true });
    server.resetRequests();
    const before = await queryCounts(gateway); // due a refresh: starts the rebuild, does not wait
    expect(before.dataAssets.totalCount).toBeGreaterThan(0);
    await until(() => (server?.count('search') ?? 0) > 0); // the rebuild is now hanging on CodeOcean

    const during = await Promise.all([1, 2, 3, 4, 5].map(() => queryCounts(gateway as RunningGateway)));
    for (const counts of during) expect(counts).toEqual(before);

    // One rebuild: every subject it searched was searched once, and no more than one scan's worth.
    const searches = await settled(() => server?.count('search') ?? 0);
    const subjects = server.requests.map((r) => JSON.stringify((r.body as { query?: unknown }).query));
    expect(new Set(subjects).size).toBe(searches);
    expect(searches).toBeLessThanOrEqual(startupSearches);
    expect(server.requests.every((r) => r.outcome === 'hang')).toBe(true);
  });
});

describe('catalog rebuilt while CodeOcean fails', () => {
  it("keeps CodeOcean's last good answer: its assets and sessions stay, and /readyz says degraded", async () => {
    server = await startCodeOceanServer({ token: TEST_TOKEN, fixturesDir: FIXTURES_DIR });
    const env = {
      ...EMBEDDED_ENV,
      CODE_OCEAN_API_TOKEN: TEST_TOKEN,
      CODE_OCEAN_DOMAIN: server.url,
      LABGRAPH_CATALOG_REFRESH_MS: '0',
      LABGRAPH_UPSTREAM_RETRIES: '0',
    };
    const config = loadConfig(env);
    const codeocean = createCodeOceanSource(config.codeocean, { policy: retryPolicyOf(config) });
    gateway = await startGateway(env, { sources: { codeocean } });
    server.failNext(1_000_000, 503);
    const healthy = await queryCounts(gateway); // the healthy snapshot; starts a rebuild that fails
    expect(healthy.dataAssets.totalCount).toBeGreaterThan(0);

    const target = gateway;
    await until(() => server?.requests.some((r) => r.outcome === 503) ?? false);
    let degraded: unknown[] = [];
    for (let i = 0; i < 400 && degraded.length === 0; i++) {
      const ready = (await (await target.fetch(`${target.url}/readyz`)).json()) as { degraded: unknown[] };
      degraded = ready.degraded;
      if (degraded.length === 0) await sleep(25);
    }
    expect(degraded).toMatchObject([{ source: 'codeocean' }]);
    // Served from the degraded snapshot, which kept what CodeOcean last said.
    expect(await queryCounts(target)).toEqual(healthy);
  });
});
