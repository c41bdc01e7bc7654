/**
 * The README's querying examples cannot rot: EVERY operation in schema/operations/ runs against the
 * fixture lab over real HTTP, as curl or Python `requests` would send it (POST {query, variables},
 * the variables' defaults), and must answer without errors and with data. The four common questions
 * are also checked against what the fixture lab model says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession, labAssets } from '../../fixtures/generator/lab.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const OPERATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'operations');
const files = readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql'));
const read = (file: string) => readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');

/** Operation names in a file (a file may hold several; each runs on its own). */
const operationsOf = (text: string) =>
  parse(text).definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.operation === 'query' && d.name ? [d.name.value] : [],
  );

/** Something a user would see: a scalar, or a list/object holding one somewhere. */
function hasData(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(hasData);
  if (typeof value === 'object') return Object.values(value).some(hasData);
  return true;
}

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

/** POSTs the operation exactly as the README's curl and Python examples do. */
async function run<T = Record<string, unknown>>(
  file: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<{ data?: T; errors?: unknown[] }> {
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: read(file), variables, operationName }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: T; errors?: unknown[] };
}

describe('every operation in schema/operations/', () => {
  it('there are operations, including the four common questions', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'subjectSessionsInRange.graphql',
        'latestGoodSortedAsset.graphql',
        'sessionPerformanceByBlock.graphql',
        'optoSessionsOfGenotype.graphql',
      ]),
    );
  });

  const cases = files.flatMap((file) => operationsOf(read(file)).map((name) => [file, name] as const));
  it.each(cases)('%s (%s) answers with data and no errors', async (file, name) => {
    const result = await run(file, {}, name);
    expect(result.errors).toBeUndefined();
    for (const [field, value] of Object.entries(result.data ?? {})) expect(hasData(value), field).toBe(true);
    expect(Object.keys(result.data ?? {}).length).toBeGreaterThan(0);
  });
});

describe('the four common questions, against the fixture lab', () => {
  const lab = buildLab();
  const inCatalog = (s: LabSession) =>
    s.yaml !== null || (s.sheet !== null && !s.sheet.ignore) || s.aind !== null;

  it("a subject's sessions in a date range: inclusive, oldest first, pageable", async () => {
    interface Answer {
      subject: {
        sessions: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { node: { id: string } }[];
        };
      };
    }
    const expected = lab.sessions
      .filter(
        (s) => inCatalog(s) && s.subject === '676909' && s.date >= '2023-10-01' && s.date <= '2023-12-14',
      )
      .sort((a, b) => a.date.localeCompare(b.date) || a.idx - b.idx)
      .map((s) => s.id);
    expect(expected.at(-1)).toBe('676909_2023-12-14'); // the end date's session is in
    const whole = await run<Answer>('subjectSessionsInRange.graphql');
    expect(whole.data?.subject.sessions.edges.map((e) => e.node.id)).toEqual(expected);

    const first = await run<Answer>('subjectSessionsInRange.graphql', { first: 4 });
    const page = first.data?.subject.sessions;
    expect(page?.pageInfo.hasNextPage).toBe(true);
    const rest = await run<Answer>('subjectSessionsInRange.graphql', { after: page?.pageInfo.endCursor });
    expect(
      [...(page?.edges ?? []), ...(rest.data?.subject.sessions.edges ?? [])].map((e) => e.node.id),
    ).toEqual(expected);
  });

  it("a session's latest good sorted asset skips the failed newer run", async () => {
    const session = lab.sessions.find((s) => s.id === '668759_2023-06-29');
    const assets = labAssets(lab).filter((a) => a.sessionId === session?.id && a.kind === 'sorted');
    const good = assets.filter((a) => !a.error).sort((a, b) => b.created - a.created)[0];
    expect(assets.some((a) => a.error && a.created > (good?.created ?? 0))).toBe(true);
    const result = await run<{
      session: { isSorted: boolean; latestSortedDataAsset: { id: string; sorterName: string } };
    }>('latestGoodSortedAsset.graphql');
    expect(result.data?.session.latestSortedDataAsset).toMatchObject({
      id: good?.id,
      sorterName: good?.sorter,
    });
    expect(result.data?.session.isSorted).toBe(false);

    const bySorter = await run<{ session: { latestSortedDataAsset: null } }>(
      'latestGoodSortedAsset.graphql',
      {
        sorter: 'kilosort4',
      },
    );
    expect(bySorter.errors).toBeUndefined();
    expect(bySorter.data?.session.latestSortedDataAsset).toBeNull();
  });

  it("a session's performance by block: one row per block, in order", async () => {
    const result = await run<{
      session: { performance: { blockIndex: number; rewardedModality: string }[] };
    }>('sessionPerformanceByBlock.graphql');
    const blocks = result.data?.session.performance ?? [];
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.map((b) => b.blockIndex)).toEqual(blocks.map((_, i) => i));
    for (const b of blocks) expect(['vis', 'aud']).toContain(b.rewardedModality);
  });

  it('all opto sessions of a genotype', async () => {
    const genotypeOf = new Map(lab.subjects.map((s) => [s.id, s.docdbDisagrees?.genotype ?? s.genotype]));
    const expected = lab.sessions
      .filter(
        (s) =>
          inCatalog(s) &&
          /pvalb/i.test(genotypeOf.get(s.subject) ?? '') &&
          (s.yaml?.sessionKwargs?.is_opto_perturbation === true || (s.task?.opto === true && !s.task.broken)),
      )
      .sort((a, b) => b.date.localeCompare(a.date))
      .map((s) => s.id);
    expect(expected).toContain(`${EDGE.sameDaySubject}_2023-12-14`);
    const result = await run<{
      sessions: { edges: { node: { id: string; subject: { genotype: string } } }[] };
    }>('optoSessionsOfGenotype.graphql');
    const nodes = result.data?.sessions.edges.map((e) => e.node) ?? [];
    expect(nodes.map((n) => n.id)).toEqual(expected);
    for (const n of nodes) expect(n.subject.genotype).toMatch(/pvalb/i);

    const none = await run<{ sessions: { totalCount: number } }>('optoSessionsOfGenotype.graphql', {
      genotype: 'wt/wt',
    });
    expect(none.data?.sessions.totalCount).toBe(0);
  });
});
