/**
 * Relay paging end to end over real HTTP on every connection of the schema, backward as well as
 * forward: `last`/`before` alone and combined with `first`/`after`, `hasPreviousPage`,
 * `hasNextPage`, `startCursor`, `endCursor` and edge order compared exactly with a slice of the
 * connection's whole list, a backward walk that rebuilds the list, and bad cursors and sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

interface PageArgs {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const PAGE =
  'totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const PAGE_ARGS = 'first: $first, after: $after, last: $last, before: $before';
const VARIABLES = '$first: Int, $after: String, $last: Int, $before: String';
/** The fixture subject with the most sessions (10): enough for every case below. */
const SUBJECT = '676909';

interface Connection {
  name: string;
  query: string;
  page: (data: Record<string, unknown>) => Page;
}

const top = (name: string, extraArgs = ''): Connection => ({
  name: `Query.${name}${extraArgs ? `(${extraArgs})` : ''}`,
  query: `query(${VARIABLES}) { c: ${name}(${PAGE_ARGS}${extraArgs ? `, ${extraArgs}` : ''}) { ${PAGE} } }`,
  page: (data) => data.c as Page,
});

const CONNECTIONS: Connection[] = [
  top('sessions'),
  top('sessions', 'orderBy: DATE_ASC, filter: { isEphys: false }'),
  top('subjects'),
  top('dataAssets'),
  top('dataAssets', 'orderBy: CREATED_ASC'),
  {
    name: `Subject.sessions (subject ${SUBJECT})`,
    query: `query(${VARIABLES}) { subject(id: "${SUBJECT}") { c: sessions(${PAGE_ARGS}) { ${PAGE} } } }`,
    page: (data) => (data.subject as Record<string, unknown>).c as Page,
  },
];

/** The expected page: items `from` to `to` (exclusive) of the whole list, with both flags. */
interface Expected {
  from: number;
  to: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

interface Case {
  name: string;
  /** From the whole list of ids (n ≥ 8 on every connection). */
  args: (ids: string[]) => PageArgs;
  expected: (n: number) => Expected;
}

const CASES: Case[] = [
  {
    name: 'last alone: the end of the list',
    args: () => ({ last: 3 }),
    expected: (n) => ({ from: n - 3, to: n, hasPreviousPage: true, hasNextPage: false }),
  },
  {
    name: 'last covering the whole list',
    args: (ids) => ({ last: ids.length }),
    expected: (n) => ({ from: 0, to: n, hasPreviousPage: false, hasNextPage: false }),
  },
  {
    name: 'last at the maximum page size (100)',
    args: () => ({ last: 100 }),
    expected: (n) => ({ from: 0, to: n, hasPreviousPage: false, hasNextPage: false }),
  },
  {
    name: 'last one short of the whole list',
    args: (ids) => ({ last: ids.length - 1 }),
    expected: (n) => ({ from: 1, to: n, hasPreviousPage: true, hasNextPage: false }),
  },
  {
    name: 'last: 0 is an empty page after everything',
    args: () => ({ last: 0 }),
    expected: (n) => ({ from: n, to: n, hasPreviousPage: true, hasNextPage: false }),
  },
  {
    name: 'last before a cursor in the middle',
    args: (ids) => ({ last: 3, before: ids[5] }),
    expected: () => ({ from: 2, to: 5, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'last before a cursor reaching exactly the first item',
    args: (ids) => ({ last: 3, before: ids[3] }),
    expected: () => ({ from: 0, to: 3, hasPreviousPage: false, hasNextPage: true }),
  },
  {
    name: 'last larger than what precedes the cursor',
    args: (ids) => ({ last: 5, before: ids[2] }),
    expected: () => ({ from: 0, to: 2, hasPreviousPage: false, hasNextPage: true }),
  },
  {
    name: 'last before the first item: empty',
    args: (ids) => ({ last: 2, before: ids[0] }),
    expected: () => ({ from: 0, to: 0, hasPreviousPage: false, hasNextPage: true }),
  },
  {
    name: 'last before the last item',
    args: (ids) => ({ last: 1, before: ids.at(-1) }),
    expected: (n) => ({ from: n - 2, to: n - 1, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'last after a cursor: the end of the list, bounded by the cursor',
    args: (ids) => ({ last: 4, after: ids.at(-3) }),
    expected: (n) => ({ from: n - 2, to: n, hasPreviousPage: true, hasNextPage: false }),
  },
  {
    name: 'after and before with last: the end of the window',
    args: (ids) => ({ after: ids[1], before: ids[7], last: 2 }),
    expected: () => ({ from: 5, to: 7, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'after and before with a last larger than the window',
    args: (ids) => ({ after: ids[1], before: ids[5], last: 10 }),
    expected: () => ({ from: 2, to: 5, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'after and before with first: the start of the window',
    args: (ids) => ({ after: ids[1], before: ids[7], first: 2 }),
    expected: () => ({ from: 2, to: 4, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'first then last: last counts from the end of the first page',
    args: () => ({ first: 6, last: 2 }),
    expected: () => ({ from: 4, to: 6, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'first, after and last together',
    args: (ids) => ({ first: 5, after: ids[0], last: 3 }),
    expected: () => ({ from: 3, to: 6, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'first smaller than last: first bounds the page',
    args: () => ({ first: 2, last: 5 }),
    expected: () => ({ from: 0, to: 2, hasPreviousPage: false, hasNextPage: true }),
  },
  {
    name: 'after the first item: hasPreviousPage is true going forward too',
    args: (ids) => ({ first: 2, after: ids[0] }),
    expected: () => ({ from: 1, to: 3, hasPreviousPage: true, hasNextPage: true }),
  },
  {
    name: 'after a cursor that is not before `before`: empty',
    args: (ids) => ({ after: ids[4], before: ids[3], last: 2 }),
    expected: () => ({ from: 5, to: 5, hasPreviousPage: true, hasNextPage: true }),
  },
];

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

async function pageOf(connection: Connection, args: PageArgs): Promise<Page> {
  const result = await gw.query(connection.query, { ...args });
  expect(result.errors).toBeUndefined();
  return connection.page(result.data as Record<string, unknown>);
}

function expectedPage(ids: string[], { from, to, hasPreviousPage, hasNextPage }: Expected): Page {
  const slice = ids.slice(from, to);
  return {
    totalCount: ids.length,
    edges: slice.map((id) => ({ cursor: id, node: { id } })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: slice[0] ?? null,
      endCursor: slice.at(-1) ?? null,
    },
  };
}

describe.each(CONNECTIONS)('$name', (connection) => {
  /** The connection's whole list, in its order (every list of the fixture lab fits one page). */
  let ids: string[];
  beforeAll(async () => {
    const whole = await pageOf(connection, { first: 100 });
    ids = whole.edges.map((edge) => edge.node.id);
    expect(ids.length).toBe(whole.totalCount);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(whole.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: ids[0],
      endCursor: ids.at(-1),
    });
  });

  it.each(CASES)('$name', async ({ args, expected }) => {
    expect(await pageOf(connection, args(ids))).toEqual(expectedPage(ids, expected(ids.length)));
  });

  it('paging backward from the end with before: startCursor rebuilds the whole list in order', async () => {
    const pages: Page[] = [];
    let before: string | undefined;
    do {
      const page = await pageOf(connection, { last: 3, ...(before === undefined ? {} : { before }) });
      pages.unshift(page);
      before = page.pageInfo.hasPreviousPage ? (page.pageInfo.startCursor ?? undefined) : undefined;
    } while (before !== undefined);
    expect(pages.flatMap((page) => page.edges.map((edge) => edge.node.id))).toEqual(ids);
    expect(pages.length).toBe(Math.ceil(ids.length / 3));
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual(pages.map((_, i) => i < pages.length - 1));
  });

  const BAD: { name: string; args: PageArgs; message: string }[] = [
    {
      name: 'a before cursor that is not an item',
      args: { last: 2, before: 'not-a-cursor' },
      message:
        'before cursor "not-a-cursor" is not an item of this list. Accepted: before: a cursor (the item\'s id) from a previous page of the same query',
    },
    {
      name: 'an after cursor that is not an item, paging backward',
      args: { last: 2, after: 'not-a-cursor' },
      message:
        'after cursor "not-a-cursor" is not an item of this list. Accepted: after: a cursor (the item\'s id) from a previous page of the same query',
    },
    {
      name: 'a negative last',
      args: { last: -1 },
      message:
        'last must be between 0 and 100 (got -1). Accepted: last: a whole number from 0 to 100; page through longer lists with after/before cursors',
    },
    {
      name: 'a last above the maximum page size',
      args: { last: 101, before: 'not-a-cursor' },
      message:
        'last must be between 0 and 100 (got 101). Accepted: last: a whole number from 0 to 100; page through longer lists with after/before cursors',
    },
  ];

  it.each(BAD)('$name is refused with BAD_USER_INPUT', async ({ args, message }) => {
    const result = await gw.query(connection.query, { ...args });
    expect(result.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }))).toEqual([
      { message, code: 'BAD_USER_INPUT' },
    ]);
  });
});
