/**
 * ONE-style session filters end to end over real HTTP (issue 16.13), on the fixture lab with the
 * registry seed (so `lab` and `taskProtocol` have registrations to read): each filter agrees with
 * the Session fields it is defined by, anyOf ORs whole filters, and bad values are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE } from '../../fixtures/generator/lab.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';

const SEEDED = { ...EMBEDDED_ENV, LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' };
const lab = buildLab();

interface ServedSession {
  id: string;
  idx: number;
  isEphys: boolean | null;
  isOpto: boolean | null;
  trackedPlatform: string | null;
  issues: string[];
  sessionKwargs: Record<string, unknown>;
  alfPath: string | null;
  registration: { lab: string; taskProtocol: string | null } | null;
  trainingInfo: { taskVersion: string } | null;
  stimFiles: { isTaskFile: boolean; taskVersion: string | null }[] | null;
  performance: { crossModalityDprime: number | null }[] | null;
}

interface ServedPage {
  edges: { node: ServedSession }[];
  pageInfo: { hasNextPage: boolean; endCursor: string };
}

const FIELDS = `id idx isEphys isOpto trackedPlatform issues sessionKwargs alfPath
  registration { lab taskProtocol } trainingInfo { taskVersion }
  stimFiles { isTaskFile taskVersion } performance { crossModalityDprime }`;

let gw: RunningGateway;
let served: ServedSession[];
beforeAll(async () => {
  gw = await startGateway(SEEDED);
  served = [];
  let after: string | null = null;
  do {
    const result: { data?: { sessions: ServedPage } | null; errors?: readonly unknown[] } = await gw.query<{
      sessions: ServedPage;
    }>(
      `query($after: String) { sessions(first: 100, after: $after) { edges { node { ${FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page: ServedPage | undefined = result.data?.sessions;
    if (!page) throw new Error(JSON.stringify(result.errors));
    served.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
});
afterAll(() => gw?.close());

async function ids(filter: Record<string, unknown>): Promise<string[]> {
  const result = await gw.query<{ sessions: { totalCount: number; edges: { node: { id: string } }[] } }>(
    'query($f: SessionFilter) { sessions(filter: $f, first: 100) { totalCount edges { node { id } } } }',
    { f: filter },
  );
  expect(result.errors).toBeUndefined();
  const page = result.data?.sessions;
  expect(page?.totalCount).toBe(page?.edges.length);
  return page?.edges.map((e) => e.node.id) ?? [];
}
const where = (pick: (s: ServedSession) => boolean) => served.filter(pick).map((s) => s.id);
const taskVersionOf = (s: ServedSession) =>
  s.trainingInfo?.taskVersion ?? s.stimFiles?.find((f) => f.isTaskFile)?.taskVersion ?? null;
const meanDprime = (s: ServedSession) => {
  const values = (s.performance ?? []).flatMap((b) =>
    b.crossModalityDprime === null ? [] : [b.crossModalityDprime],
  );
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
};
const labOf = (s: ServedSession) => s.registration?.lab ?? s.alfPath?.split('/')[0] ?? null;

describe('each ONE-style filter selects the sessions its fields describe', () => {
  it.each<[string, Record<string, unknown>, (s: ServedSession) => boolean]>([
    ['number 1', { number: 1 }, (s) => s.idx === 0],
    ['number 2', { number: 2 }, (s) => s.idx === 1],
    ['hasIssues', { hasIssues: true }, (s) => s.issues.length > 0],
    ['hasIssues false', { hasIssues: false }, (s) => s.issues.length === 0],
    ['sessionKwarg key', { sessionKwarg: 'is_production' }, (s) => 'is_production' in s.sessionKwargs],
    [
      'sessionKwarg key=value',
      { sessionKwarg: 'probe_letters_to_skip=de' },
      (s) => s.sessionKwargs.probe_letters_to_skip === 'DE',
    ],
    ['sessionKwarg boolean', { sessionKwarg: 'is_task=False' }, (s) => s.sessionKwargs.is_task === false],
    ['taskVersion', { taskVersion: 'TEMPLETON' }, (s) => /templeton/i.test(taskVersionOf(s) ?? '')],
    ['taskVersion stage 2', { taskVersion: 'stage 2' }, (s) => /stage 2/i.test(taskVersionOf(s) ?? '')],
    ['lab (the registry’s, any case)', { lab: 'Dynamic-Routing' }, (s) => labOf(s) === 'dynamic-routing'],
    [
      'taskProtocol (a piece)',
      { taskProtocol: 'routing1' },
      (s) => /routing1/i.test(s.registration?.taskProtocol ?? ''),
    ],
    [
      'crossModalityDprimeAtLeast 1.5',
      { crossModalityDprimeAtLeast: 1.5 },
      (s) => (meanDprime(s) ?? -Infinity) >= 1.5,
    ],
  ])('%s', async (_name, filter, pick) => {
    const expected = where(pick);
    expect(await ids(filter)).toEqual(expected);
  });

  it('the lab has sessions on both sides of every filter above (the cases can fail)', () => {
    for (const pick of [
      (s: ServedSession) => s.idx === 1,
      (s: ServedSession) => s.issues.length > 0,
      (s: ServedSession) => 'is_production' in s.sessionKwargs,
      (s: ServedSession) => /templeton/i.test(taskVersionOf(s) ?? ''),
      (s: ServedSession) => labOf(s) !== null,
      (s: ServedSession) => s.registration?.taskProtocol != null,
      (s: ServedSession) => (meanDprime(s) ?? -Infinity) >= 1.5,
    ]) {
      expect(served.filter(pick).length).toBeGreaterThan(0);
      expect(served.filter((s) => !pick(s)).length).toBeGreaterThan(0);
    }
    // The Templeton sessions have no sheet row: their task version comes from the task file.
    expect(served.some((s) => s.trainingInfo === null && /templeton/i.test(taskVersionOf(s) ?? ''))).toBe(
      true,
    );
  });
});

describe('anyOf', () => {
  it('ephys sessions OR opto training sessions, in one query', async () => {
    const filter = { anyOf: [{ isEphys: true }, { trackedPlatform: ['TRAINING_SHEET'], isOpto: true }] };
    const expected = where(
      (s) => s.isEphys === true || (s.trackedPlatform === 'TRAINING_SHEET' && s.isOpto === true),
    );
    expect(served.some((s) => s.trackedPlatform === 'TRAINING_SHEET' && s.isOpto === true)).toBe(true);
    expect(await ids(filter)).toEqual(expected);
  });

  it('ANDs with the conditions beside it', async () => {
    const filter = {
      subject: EDGE.sameDaySubject,
      anyOf: [{ number: 2 }, { hasIssues: true }, { isOpto: true }],
    };
    const expected = where(
      (s) =>
        s.id.startsWith(`${EDGE.sameDaySubject}_`) &&
        (s.idx === 1 || s.issues.length > 0 || s.isOpto === true),
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(await ids(filter)).toEqual(expected);
  });

  it('Subject.sessions takes it too', async () => {
    const result = await gw.query<{ subject: { sessions: { edges: { node: { id: string } }[] } } }>(
      `{ subject(id: "${EDGE.sameDaySubject}") { sessions(filter: { anyOf: [{ number: 2 }, { isEphys: false }] }, first: 100) { edges { node { id } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.subject.sessions.edges.map((e) => e.node.id)).toEqual(
      where((s) => s.id.startsWith(`${EDGE.sameDaySubject}_`) && (s.idx === 1 || s.isEphys === false)),
    );
  });
});

describe('bad ONE-style values are BAD_USER_INPUT listing what is accepted', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['number 0', { number: 0 }, 'ALF session number'],
    ['a kwarg without a key', { sessionKwarg: '=1' }, 'sessionKwarg'],
    ['a lab with a slash', { lab: 'a/b' }, 'lab'],
    ['a blank taskProtocol', { taskProtocol: ' ' }, 'taskProtocol'],
    ['an empty anyOf', { anyOf: [] }, 'anyOf'],
    ['a bad value inside anyOf', { anyOf: [{ isEphys: true }, { number: 1000 }] }, 'ALF session number'],
  ])('%s', async (_name, filter, inMessage) => {
    const result = await gw.query('query($f: SessionFilter) { sessions(filter: $f) { totalCount } }', {
      f: filter,
    });
    const error = result.errors?.[0] as { message: string; extensions?: Record<string, unknown> } | undefined;
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain(inMessage);
    expect(error?.message).toContain('Accepted:');
  });

  it('the lab model has the cases the tests rely on', () => {
    expect(lab.sessions.some((s) => s.yaml?.issues?.length)).toBe(true);
  });
});
