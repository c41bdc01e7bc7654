/**
 * End to end over real HTTP on the embedded fixtures: the gateway starts, answers the quickstart
 * query, resolves one session from every way people name it, and reports bad input clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE } from '../../fixtures/generator/lab.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const lab = buildLab();

interface SessionsPage {
  sessions: {
    totalCount: number;
    edges: { node: { id: string; subject: { id: string }; project: string | null } }[];
  };
}

describe('serving the fixtures', () => {
  it('answers the quickstart query', async () => {
    const result = await gw.query<SessionsPage>(
      '{ sessions(first: 5) { totalCount edges { node { id subject { id } project } } } }',
    );
    expect(result.errors).toBeUndefined();
    const edges = result.data?.sessions.edges ?? [];
    expect(edges).toHaveLength(5);
    for (const { node } of edges) {
      expect(node.id).toMatch(/^\d{6,7}_\d{4}-\d{2}-\d{2}(_\d+)?$/);
      expect(node.id.startsWith(node.subject.id)).toBe(true);
    }
    // Every tracked session (YAML entry or non-ignored sheet row) is listed.
    const tracked = lab.sessions.filter((s) => s.yaml || (s.sheet && !s.sheet.ignore));
    expect(result.data?.sessions.totalCount).toBeGreaterThanOrEqual(tracked.length);
  });

  it('serves GraphiQL preloaded with an example operation, and health routes', async () => {
    const page = await gw.fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('RecentSessions');
    expect((await gw.fetch(`${gw.url}/healthz`)).status).toBe(200);
    expect(await (await gw.fetch(`${gw.url}/readyz`)).json()).toEqual({ status: 'ready', degraded: [] });
  });
});

describe('session(ref:) resolves the same session from every reference form', () => {
  const subject = EDGE.sameDaySubject;
  const expected = `${subject}_${EDGE.sameDayDate}`;
  const forms = [
    expected,
    '676909_20231213',
    '676909 2023-12-13',
    '2023-12-13 676909',
    '20231213_676909',
    '2023/12/13_676909',
    'DynamicRouting1_676909_20231213_134340',
    'DynamicRouting1_676909_20231213_134340.hdf5',
    '//allen/programs/mindscope/workgroups/dynamicrouting/PilotEphys/Task 2 pilot/DRpilot_676909_20231213',
    '\\\\allen\\programs\\mindscope\\workgroups\\dynamicrouting\\PilotEphys\\Task 2 pilot\\DRpilot_676909_20231213',
    's3://aind-scratch-data/dynamic-routing/DynamicRoutingTask/Data/676909/DynamicRouting1_676909_20231213_134340.hdf5',
    'ecephys_676909_2023-12-13_13-43-40',
    'ecephys_676909_2023-12-13_13-43-40_sorted_2023-12-16_05-21-39',
  ];
  it.each(forms)('%s', async (ref) => {
    const result = await gw.query<{ session: { id: string } | null }>(
      'query($ref: String!) { session(ref: $ref) { id } }',
      { ref },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.session?.id).toBe(expected);
  });

  it('an index suffix names the second session of the day', async () => {
    const result = await gw.query<{ session: { id: string; idx: number } | null }>(
      '{ session(ref: "676909_2023-12-13_1") { id idx } }',
    );
    expect(result.data?.session).toEqual({ id: `${expected}_1`, idx: 1 });
  });

  it('an unknown but well-formed session is null, not an error', async () => {
    const result = await gw.query('{ session(ref: "676909_2019-01-01") { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ session: null });
  });

  it('an unreadable reference is BAD_USER_INPUT listing the accepted forms', async () => {
    const result = await gw.query('{ session(ref: "mouse 12345 on 2023-13-01") { id } }');
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(/Accepted/);
    expect(error?.message).toMatch(/MID/);
    expect(result.data).toEqual({ session: null });
  });
});

describe('tracked details', () => {
  it('YAML entries carry notes, issues, kwargs and experiment day; sheet rows carry training info', async () => {
    const withIssues = lab.sessions.find((s) => s.yaml?.issues?.length && s.project === 'DynamicRouting');
    const result = await gw.query<{ session: Record<string, unknown> }>(
      `query($ref: String!) { session(ref: $ref) { id project isEphys isSync experimentDay notes issues sessionKwargs trackedPlatform
        trainingInfo { rigName taskVersion hits dprimeSameModality startTime behaviorDay workbook } } }`,
      { ref: withIssues?.id },
    );
    expect(result.errors).toBeUndefined();
    const session = result.data?.session;
    expect(session?.issues).toEqual(withIssues?.yaml?.issues);
    // The workbook by its file name: the server's absolute path stays private.
    expect(session?.trainingInfo).toMatchObject({ workbook: 'DynamicRoutingTraining.xlsx' });
    expect(session?.project).toBe('DynamicRouting');
  });

  it('filters compose: subject, date range (inclusive), isEphys', async () => {
    const ephys = lab.sessions.filter((s) => s.subject === '668759' && s.platform === 'ephys');
    const first = ephys[0]?.date ?? '';
    const last = ephys.at(-1)?.date ?? '';
    const result = await gw.query<SessionsPage>(
      `query($f: SessionFilter) { sessions(filter: $f, first: 100) { totalCount edges { node { id } } } }`,
      { f: { subject: '668759', startDate: first, endDate: last, isEphys: true } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.sessions.edges.map((e) => e.node.id).sort()).toEqual(ephys.map((s) => s.id).sort());
  });

  it('a subject has its sheet details and its sessions', async () => {
    const subject = lab.subjects.find((s) => s.inSheets);
    const result = await gw.query<{
      subject: { id: string; genotype: string; sessions: { totalCount: number } };
    }>(
      'query($id: String!) { subject(id: $id) { id genotype sex dateOfBirth sessions(first: 3) { totalCount } } }',
      { id: subject?.id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.subject.genotype).toBe(subject?.genotype);
    expect(result.data?.subject.sessions.totalCount).toBeGreaterThan(0);
  });

  it('pages with cursors through all subjects', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result: {
        data?: null | {
          subjects: {
            edges: { node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      } = await gw.query(
        'query($after: String) { subjects(first: 5, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      seen.push(...(result.data?.subjects.edges.map((e) => e.node.id) ?? []));
      if (!result.data?.subjects.pageInfo.hasNextPage) break;
      after = result.data.subjects.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(12);
  });

  it('an oversized page is refused with BAD_USER_INPUT', async () => {
    const result = await gw.query('{ sessions(first: 10000) { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
