/**
 * Global ids and lists of references end to end: Query.node / Query.nodes tell the type from the id's
 * shape (MID, session id, asset UUID), ids round-trip, a well-formed id nothing has is null; and in a
 * list one bad reference fails only its own index (Query.nodes, Query.sessionsByRef).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, labAssets } from '../../fixtures/generator/lab.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
const errorsOf = (result: { errors?: readonly unknown[] }) => (result.errors ?? []) as readonly GqlError[];

const lab = buildLab();
const SESSION = `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`;
const ASSET = labAssets(lab).find((a) => a.kind === 'sorted' && a.subject === EDGE.sameDaySubject);
if (!ASSET) throw new Error('the fixture lab lacks a sorted asset of the same-day subject');
const UNKNOWN_UUID = '00000000-0000-5000-8000-000000000000';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway({ LABGRAPH_MAX_PAGE_SIZE: '20' });
});
afterAll(() => gw.close());

const NODE = `query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Subject { sessions(first: 1) { totalCount } }
    ... on Session { date idx subject { id } }
    ... on DataAsset { name kind }
  }
}`;

describe('Query.node tells the type from the id', () => {
  it('a MID is a Subject', async () => {
    const result = await gw.query<{ node: Record<string, unknown> }>(NODE, { id: EDGE.sameDaySubject });
    expect(result.errors).toBeUndefined();
    expect(result.data?.node).toMatchObject({ __typename: 'Subject', id: EDGE.sameDaySubject });
    expect(result.data?.node.sessions).toMatchObject({ totalCount: expect.any(Number) });
  });

  it('a session id is a Session, with _<idx> for the second of a day', async () => {
    for (const [id, idx] of [
      [SESSION, 0],
      [`${SESSION}_1`, 1],
    ] as const) {
      const result = await gw.query<{ node: Record<string, unknown> }>(NODE, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toEqual({
        __typename: 'Session',
        id,
        date: EDGE.sameDayDate,
        idx,
        subject: { id: EDGE.sameDaySubject },
      });
    }
  });

  it('a UUID is a DataAsset', async () => {
    const result = await gw.query<{ node: Record<string, unknown> }>(NODE, { id: ASSET.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.node).toEqual({
      __typename: 'DataAsset',
      id: ASSET.id,
      name: ASSET.name,
      kind: 'SORTED',
    });
  });

  it.each([
    ['a MID no source knows', '999999'],
    ['a session id no source knows', `${EDGE.sameDaySubject}_2019-01-01`],
    ['a UUID CodeOcean does not have', UNKNOWN_UUID],
  ])('%s is null, without an error', async (_name, id) => {
    const result = await gw.query(NODE, { id });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null });
  });

  it('ids are the natural keys: every id on a page of sessions, subjects and assets names its object', async () => {
    const page = await gw.query<{
      sessions: { edges: { node: { id: string } }[] };
      subjects: { edges: { node: { id: string } }[] };
      dataAssets: { edges: { node: { id: string } }[] };
    }>(
      '{ sessions(first: 20) { edges { node { id } } } subjects(first: 20) { edges { node { id } } } dataAssets(first: 20) { edges { node { id } } } }',
    );
    const ids = [
      ...(page.data?.sessions.edges ?? []),
      ...(page.data?.subjects.edges ?? []),
      ...(page.data?.dataAssets.edges ?? []),
    ].map((e) => e.node.id);
    expect(ids.length).toBeGreaterThan(50); // 20 sessions, every subject, 20 assets
    for (let i = 0; i < ids.length; i += 20) {
      const chunk = ids.slice(i, i + 20);
      const result = await gw.query<{ nodes: ({ id: string } | null)[] }>(
        'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        { ids: chunk },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.nodes.map((n) => n?.id)).toEqual(chunk);
    }
  });
});

describe('Query.nodes: one entry per id, in order', () => {
  it('mixes types, keeps order and duplicates, and gives null for ids nothing has', async () => {
    const ids = [ASSET.id, '999999', SESSION, EDGE.sameDaySubject, UNKNOWN_UUID, SESSION];
    const result = await gw.query<{ nodes: ({ __typename: string; id: string } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes).toEqual([
      { __typename: 'DataAsset', id: ASSET.id },
      null,
      { __typename: 'Session', id: SESSION },
      { __typename: 'Subject', id: EDGE.sameDaySubject },
      null,
      { __typename: 'Session', id: SESSION },
    ]);
  });

  // decodeGlobalID routes an id of no known shape to Session's loader, which reports it at its index.
  it('an id of no known shape is BAD_USER_INPUT listing the id forms', async () => {
    const result = await gw.query(NODE, { id: 'not-an-id' });
    const [error] = errorsOf(result);
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('676909_2023-12-13');
    expect(result.data).toEqual({ node: null });
  });

  it('one malformed id fails only its own index; the others resolve', async () => {
    const result = await gw.query<{ nodes: ({ id: string } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: [EDGE.sameDaySubject, 'not-an-id', SESSION] },
    );
    expect(errorsOf(result).map((e) => [e.path, e.extensions?.code])).toEqual([
      [['nodes', 1], 'BAD_USER_INPUT'],
    ]);
    expect(result.data?.nodes).toEqual([{ id: EDGE.sameDaySubject }, null, { id: SESSION }]);
  });
});

describe('Query.sessionsByRef: one bad reference does not fail the others', () => {
  const QUERY = 'query($refs: [String!]!) { sessionsByRef(refs: $refs) { id subject { id } } }';

  it('answers each reference at its index, in any reference form', async () => {
    const refs = [
      '676909 20231213',
      'ecephys_676909_2023-12-13_13-43-40_sorted_2023-12-16_05-21-39',
      `${SESSION}_1`,
      's3://aind-scratch-data/dynamic-routing/DynamicRoutingTask/Data/676909/DynamicRouting1_676909_20231213_134340.hdf5',
    ];
    const result = await gw.query<{ sessionsByRef: ({ id: string } | null)[] }>(QUERY, { refs });
    expect(result.errors).toBeUndefined();
    expect(result.data?.sessionsByRef.map((s) => s?.id)).toEqual([SESSION, SESSION, `${SESSION}_1`, SESSION]);
  });

  it('an unreadable reference is null with BAD_USER_INPUT at its index; an unknown session is null without error', async () => {
    const refs = [
      SESSION,
      'no session here',
      `${EDGE.sameDaySubject}_2019-01-01`,
      '676909_2023-02-30',
      `${SESSION}_1`,
    ];
    const result = await gw.query<{ sessionsByRef: ({ id: string } | null)[] }>(QUERY, { refs });
    const errors = errorsOf(result);
    expect(errors.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['sessionsByRef', 1], 'BAD_USER_INPUT'],
      [['sessionsByRef', 3], 'BAD_USER_INPUT'],
    ]);
    expect(errors[0]?.message).toContain('"no session here"');
    expect(errors[1]?.message).toContain('February 2023 has 28 days');
    expect((errors[0]?.extensions?.accepted as string[] | undefined)?.length).toBeGreaterThan(2);
    expect(result.data?.sessionsByRef).toEqual([
      { id: SESSION, subject: { id: EDGE.sameDaySubject } },
      null,
      null,
      null,
      { id: `${SESSION}_1`, subject: { id: EDGE.sameDaySubject } },
    ]);
  });

  it('an empty list is an empty answer', async () => {
    const result = await gw.query(QUERY, { refs: [] });
    expect(result).toEqual({ data: { sessionsByRef: [] } });
  });

  it('more references than the maximum page size are refused as a whole, saying the limit', async () => {
    const result = await gw.query(QUERY, { refs: Array.from({ length: 21 }, () => SESSION) });
    const [error] = errorsOf(result);
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('at most 20');
    expect(error?.path).toEqual(['sessionsByRef']);
  });
});
