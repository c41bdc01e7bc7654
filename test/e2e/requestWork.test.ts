/**
 * Work a request does not need is not done per request (issue 14 #2): with the response cache off, a
 * page of sessions asks the registry for its subjects' records once per catalog snapshot and registry
 * change, not once per request — and a registry write is still seen by the next request. Counted with
 * the registry's query counter on /metrics, never timed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { FIXTURE_TOKENS, postAs, type RunningGateway, startGateway } from '../support/gateway.ts';
import { scrapeMetrics } from '../support/metricsScrape.ts';

const DASHBOARD = readFileSync(
  path.join(PROJECT_ROOT, 'schema', 'operations', 'recentSessions.graphql'),
  'utf8',
);
const REGISTER_SUBJECT = `mutation($input: RegisterSubjectInput!) {
  registerSubject(input: $input) { userErrors { code } subject { id } }
}`;
const REGISTRY_QUERIES = 'labgraph_upstream_requests_total';

let gw: RunningGateway;

beforeAll(async () => {
  gw = await startGateway({
    LABGRAPH_LOG_LEVEL: 'silent',
    LABGRAPH_RESPONSE_CACHE: 'false',
    LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml',
  });
});

afterAll(async () => {
  await gw?.close();
});

async function dashboard(): Promise<void> {
  const { errors, data } = await gw.query<{ sessions: { edges: unknown[] } }>(DASHBOARD, { first: 50 });
  expect(errors).toBeUndefined();
  expect(data?.sessions.edges.length).toBeGreaterThan(0);
}

describe('per-request work', () => {
  it('a repeated page of sessions sends the registry no query', async () => {
    await dashboard();
    const before = await scrapeMetrics(gw);
    await dashboard();
    await dashboard();
    const after = await scrapeMetrics(gw);
    expect(after.since(before, REGISTRY_QUERIES, { source: 'registry' })).toBe(0);
  });

  it("a subject registered after the records were read shows the registry's genotype at once", async () => {
    const genotype = async (mid: string) =>
      (
        await gw.query<{ subject: { genotype: string | null } | null }>(
          `{ subject(id: "${mid}") { genotype } }`,
        )
      ).data?.subject?.genotype;
    expect(await genotype('700001')).toBe('wt/wt'); // the seeded subject: the records are read
    const { data } = await postAs<{ registerSubject: { userErrors: unknown[] } }>(
      gw,
      REGISTER_SUBJECT,
      { input: { mid: '700077', lab: 'dynamic-routing', sex: 'F', genotype: 'Ai32/wt' } },
      FIXTURE_TOKENS.write,
    );
    expect(data?.registerSubject.userErrors).toEqual([]);
    expect(await genotype('700077')).toBe('Ai32/wt');
  });
});
