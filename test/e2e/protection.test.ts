/**
 * Protection, end to end over real HTTP: abusive operations (deep nesting, a thousand aliases, huge
 * documents, too many directives, nested pages whose cost explodes, a page size of 10,000, an
 * oversized body) are refused with a clear code naming the limit, while the example operations pass
 * and the next normal query — or one sent at the same time — still answers. Also: the introspection
 * and GraphiQL switches, field suggestions, the limits' config, and the per-request time limit
 * (against a CodeOcean test server that hangs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { documentForCost, withDefaults } from '../../src/protection/operationCost.ts';
import { COST_MODEL } from '../../src/protection/queryLimits.ts';
import { DEFAULT_PAGE_SIZE } from '../../src/resolvers/pagination.ts';
import { schema } from '../../src/resolvers/schema.ts';
import { type RunningGateway, startGateway, startHttpGateway } from '../support/gateway.ts';
import { postGraphQL, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const OPERATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'operations');
const operations = readdirSync(OPERATIONS_DIR)
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => [file, readFileSync(path.join(OPERATIONS_DIR, file), 'utf8')] as const);

const DEFAULTS = loadConfig({}).queryLimits;
const SESSION = '676909_2023-12-13';
const NORMAL = '{ sessions(first: 2) { totalCount edges { node { id subject { id } } } } }';

interface Reply {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

async function post(
  gateway: RunningGateway,
  body: string | ReadableStream<Uint8Array>,
  headers = {},
): Promise<Reply> {
  const response = await gateway.fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

const ask = (gateway: RunningGateway, query: string, variables?: Record<string, unknown>) =>
  post(gateway, JSON.stringify({ query, variables }));

/** A session → subject → sessions → … chain `levels` deep. */
function deepQuery(levels: number): string {
  let selection = 'id';
  for (let level = 0; level < levels; level += 1) {
    selection = `subject { sessions(first: 1) { edges { node { ${selection} } } } }`;
  }
  return `{ session(ref: "${SESSION}") { ${selection} } }`;
}

const aliases = (count: number) =>
  `{ sessions(first: 1) { ${Array.from({ length: count }, (_, i) => `a${i}: totalCount`).join(' ')} } }`;

/** Pages of 100 nested three deep: up to 10^6 sessions, from a short query. */
const NESTED_PAGES = `query Nested($n: Int = 100) {
  subjects(first: $n) { edges { node { sessions(first: $n) { edges { node { id date } } } } } }
}`;

function expectRefused(reply: Reply, limit: string, max: number) {
  expect(reply.status).toBe(400);
  expect(reply.body.data).toBeUndefined();
  const error = reply.body.errors?.find((e) => e.extensions?.limit === limit);
  expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, max });
  expect(error?.message).toContain(String(max));
}

async function expectNormalAnswer(gateway: RunningGateway) {
  const reply = await ask(gateway, NORMAL);
  expect(reply.status).toBe(200);
  expect(reply.body.errors).toBeUndefined();
  expect(reply.body.data?.sessions).toMatchObject({ totalCount: expect.any(Number) });
}

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

describe('query limits: the example operations pass comfortably', () => {
  /** Depth and cost as armor measures them, page sizes given as variables included. */
  function measure(source: string, variables: Record<string, unknown>) {
    const found = { depth: 0, cost: 0 };
    const parsed = parse(source);
    const document = documentForCost(schema, parsed, withDefaults(parsed, variables), DEFAULT_PAGE_SIZE);
    validate(schema, document, [
      maxDepthRule({
        n: Number.MAX_SAFE_INTEGER,
        flattenFragments: true,
        onAccept: [(_c, d) => (found.depth = d.n)],
      }),
      costLimitRule({
        maxCost: Number.MAX_SAFE_INTEGER,
        ...COST_MODEL,
        onAccept: [(_c, d) => (found.cost = d.n)],
      }),
    ]);
    return found;
  }

  it.each(operations)('%s answers without a limit error', async (_file, source) => {
    const reply = await ask(gw, source);
    expect(reply.status).toBe(200);
    expect(reply.body.errors ?? []).toEqual([]);
  });

  it.each(operations)(
    '%s at the largest page size (100) stays at most half of every limit',
    (_file, source) => {
      const { depth, cost } = measure(source, { first: 100 });
      expect(depth).toBeLessThanOrEqual(DEFAULTS.maxDepth / 2);
      expect(cost).toBeLessThanOrEqual(DEFAULTS.maxCost / 2);
    },
  );

  it('the deepest path that visits no type twice (11 fields) is within the depth limit', async () => {
    const deepest = `{ subjects(first: 1) { edges { node { sessions(first: 1) { edges { node {
      metadata { qualityControl { evaluations { modality { abbreviation } } } } } } } } } } }`;
    expect(measure(deepest, {}).depth).toBe(11);
    const reply = await ask(gw, deepest);
    expect(reply.status).toBe(200);
    expect(reply.body.errors ?? []).toEqual([]);
  });
});

describe('abusive operations are refused with QUERY_TOO_COMPLEX; the next query answers', () => {
  it('deep nesting (maxDepth)', async () => {
    const reply = await ask(gw, deepQuery(8));
    expectRefused(reply, 'maxDepth', DEFAULTS.maxDepth);
    const depthError = reply.body.errors?.find((error) => error.extensions?.limit === 'maxDepth');
    expect(depthError?.message).toBe('Query depth limit of 12 exceeded, found 34.');
    await expectNormalAnswer(gw);
  });

  it('a thousand aliases (maxAliases)', async () => {
    const reply = await ask(gw, aliases(1000));
    expectRefused(reply, 'maxAliases', DEFAULTS.maxAliases);
    expect(reply.body.errors?.[0]?.message).toBe('Aliases limit of 30 exceeded, found 1000.');
    await expectNormalAnswer(gw);
    // At the limit is fine.
    expect((await ask(gw, aliases(DEFAULTS.maxAliases))).body.errors).toBeUndefined();
  });

  it('a huge document (maxTokens), refused while parsing', async () => {
    const reply = await ask(gw, `{ ${'__typename '.repeat(DEFAULTS.maxTokens + 1)}}`);
    expectRefused(reply, 'maxTokens', DEFAULTS.maxTokens);
    expect(reply.body.errors?.[0]?.message).toBe('Token limit of 5000 exceeded.');
    await expectNormalAnswer(gw);
  });

  it('too many directives (maxDirectives)', async () => {
    const fields = Array.from({ length: DEFAULTS.maxDirectives + 1 }, () => 'totalCount @include(if: true)');
    const reply = await ask(gw, `{ sessions(first: 1) { ${fields.join(' ')} } }`);
    expectRefused(reply, 'maxDirectives', DEFAULTS.maxDirectives);
    await expectNormalAnswer(gw);
  });

  it('nested pages whose cost explodes (maxCost), with page sizes as literals or as variables', async () => {
    const literal = NESTED_PAGES.replace('($n: Int = 100)', '').replaceAll('$n', '100');
    expectRefused(await ask(gw, literal), 'maxCost', DEFAULTS.maxCost);
    expectRefused(await ask(gw, NESTED_PAGES), 'maxCost', DEFAULTS.maxCost); // the variable's default
    expectRefused(await ask(gw, NESTED_PAGES, { n: 100 }), 'maxCost', DEFAULTS.maxCost);
    const small = await ask(gw, NESTED_PAGES, { n: 5 });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data?.subjects).toBeDefined();
    // The same document again with large pages: the verdict follows the variables, not a cache.
    expectRefused(await ask(gw, NESTED_PAGES, { n: 100 }), 'maxCost', DEFAULTS.maxCost);
  });

  it('a page size of 10,000 (BAD_USER_INPUT from the connection, the message lists what is accepted)', async () => {
    for (const query of [
      '{ sessions(first: 10000) { totalCount } }',
      '{ subjects(last: 10000) { totalCount } }',
      `{ session(ref: "${SESSION}") { subject { sessions(first: 10000) { totalCount } } } }`,
    ]) {
      const reply = await ask(gw, query);
      expect(reply.body.errors).toHaveLength(1);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(reply.body.errors?.[0]?.message).toMatch(/must be between 0 and 100 \(got 10000\)/);
    }
    const viaVariable = await ask(gw, 'query($n: Int) { dataAssets(first: $n) { totalCount } }', {
      n: 10000,
    });
    expect(viaVariable.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await expectNormalAnswer(gw);
  });

  it('abusive and normal requests sent together: each abusive one is refused, every normal one answers', async () => {
    const abusive = [deepQuery(10), aliases(1000), NESTED_PAGES, `{ ${'__typename '.repeat(6000)}}`];
    const replies = await Promise.all([
      ...abusive.map((query) => ask(gw, query)),
      ...Array.from({ length: 4 }, () => ask(gw, NORMAL)),
      post(gw, JSON.stringify({ query: NORMAL + ' '.repeat(200_000) })),
    ]);
    for (const reply of replies.slice(0, abusive.length)) {
      expect(reply.status).toBe(400);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    }
    for (const reply of replies.slice(abusive.length, -1)) {
      expect(reply.body.errors).toBeUndefined();
      expect(reply.body.data?.sessions).toBeDefined();
    }
    expect(replies.at(-1)?.status).toBe(413);
  });

  it('every limit comes from config: a stricter depth refuses what the default accepts', async () => {
    const strict = await startGateway({ LABGRAPH_MAX_DEPTH: '3', LABGRAPH_MAX_ALIASES: '0' });
    try {
      const query = `{ session(ref: "${SESSION}") { subject { id } } }`;
      expect((await ask(gw, query)).body.errors).toBeUndefined();
      expectRefused(await ask(strict, deepQuery(1)), 'maxDepth', 3);
      expectRefused(
        await ask(strict, '{ s: __schema { queryType { name } } x: sessions { totalCount } }'),
        'maxAliases',
        0,
      );
      expect((await ask(strict, query)).body.errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});

describe('the cost estimate counts what will be fetched (issue 9 #4)', () => {
  /** Three nested connections without first/last: 20 × 20 × 20 sessions, once counted as one each. */
  const IMPLICIT_PAGES = `{ subjects { edges { node { sessions { edges { node {
    subject { sessions { edges { node { id date name platform } } } } } } } } } } }`;

  it('a connection without first/last counts its default page size', async () => {
    expectRefused(await ask(gw, IMPLICIT_PAGES), 'maxCost', DEFAULTS.maxCost);
    const explicit = IMPLICIT_PAGES.replace(/sessions \{/g, `sessions(first: ${DEFAULT_PAGE_SIZE}) {`);
    expectRefused(
      await ask(gw, explicit.replace('subjects {', `subjects(first: ${DEFAULT_PAGE_SIZE}) {`)),
      'maxCost',
      DEFAULTS.maxCost,
    );
    // One level fewer is fine.
    const reply = await ask(gw, '{ subjects { edges { node { sessions { edges { node { id } } } } } } }');
    expect(reply.body.errors).toBeUndefined();
  });

  it('a list argument counts its length', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `${676000 + i}`);
    const many = await ask(
      gw,
      'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Subject { sessions(first: 100) { totalCount edges { node { id date name platform subject { id } } } } } } }',
      { ids: ids(100) },
    );
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxCost',
      max: DEFAULTS.maxCost,
    });
    const one = await ask(
      gw,
      'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Subject { sessions(first: 100) { totalCount edges { node { id date name platform subject { id } } } } } } }',
      { ids: ids(1) },
    );
    expect(one.body.errors).toBeUndefined();
  });

  it('nodes(ids:) takes at most the largest page size: BAD_USER_INPUT saying the limit, before any lookup', async () => {
    const ids = Array.from({ length: 2200 }, () => '16d46411-540a-4122-b47f-8cb2a15d593a');
    for (const reply of [
      await ask(gw, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }),
      await ask(
        gw,
        `{ nodes(ids: [${ids
          .slice(0, 101)
          .map((id) => `"${id}"`)
          .join(',')}]) { id } }`,
      ),
    ]) {
      const error = reply.body.errors?.[0];
      expect(reply.body.errors).toHaveLength(1);
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.path).toEqual(['nodes']);
      expect(error?.message).toMatch(
        /^ids holds (2200|101) ids, more than 100\. Accepted: at most 100 ids per query/,
      );
    }
    const atLimit = await ask(gw, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: ids.slice(0, 100),
    });
    expect(atLimit.body.errors).toBeUndefined();
  });
});

describe('limits in config', () => {
  it('have the documented defaults', () => {
    expect(DEFAULTS).toEqual({
      maxDepth: 12,
      maxAliases: 30,
      maxTokens: 5000,
      maxCost: 250_000,
      maxDirectives: 50,
      maxNesting: 64,
    });
    const config = loadConfig({});
    expect(config.maxBodyBytes).toBe(100_000);
    expect(config.requestTimeoutMs).toBe(30_000);
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      LABGRAPH_MAX_DEPTH: '20',
      LABGRAPH_MAX_ALIASES: '5',
      LABGRAPH_MAX_TOKENS: '800',
      LABGRAPH_MAX_COST: '1000',
      LABGRAPH_MAX_DIRECTIVES: '3',
      LABGRAPH_MAX_NESTING: '10',
    });
    expect(config.queryLimits).toEqual({
      maxDepth: 20,
      maxAliases: 5,
      maxTokens: 800,
      maxCost: 1000,
      maxDirectives: 3,
      maxNesting: 10,
    });
  });

  it.each([
    ['LABGRAPH_MAX_DEPTH', '0'],
    ['LABGRAPH_MAX_DEPTH', 'deep'],
    ['LABGRAPH_MAX_ALIASES', '-1'],
    ['LABGRAPH_MAX_TOKENS', '10'],
    ['LABGRAPH_MAX_COST', '1.5'],
    ['LABGRAPH_MAX_DIRECTIVES', 'many'],
    ['LABGRAPH_MAX_BODY_BYTES', '10'],
    ['LABGRAPH_REQUEST_TIMEOUT_MS', 'soon'],
  ])('a bad %s (%s) stops startup naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrowError(new RegExp(`^${variable}:`));
  });
});

describe('request body size limit', () => {
  let small: RunningGateway;
  // Over real HTTP: what a body limit means depends on how the node server reads a streamed body.
  beforeAll(async () => {
    small = await startHttpGateway({ LABGRAPH_MAX_BODY_BYTES: '2000' });
  });
  afterAll(() => small.close());

  /** The normal query, padded with insignificant whitespace to a body of `bytes`. */
  const padded = (bytes: number) => {
    const body = JSON.stringify({ query: NORMAL });
    return JSON.stringify({ query: NORMAL + ' '.repeat(bytes - body.length) });
  };

  it('a body over the limit is refused with 413 and a GraphQL error naming the limit', async () => {
    const reply = await post(small, padded(2001));
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual({
      errors: [
        {
          message: 'The request body is larger than the limit of 2000 bytes.',
          extensions: { code: 'PAYLOAD_TOO_LARGE', maxBodyBytes: 2000 },
        },
      ],
    });
    await expectNormalAnswer(small);
  });

  it('a body of exactly the limit is served', async () => {
    const reply = await post(small, padded(2000));
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
  });

  it('a streamed body without Content-Length is refused once it passes the limit', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const reply = await post(small, body);
    expect(reply.status).toBe(413);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    await expectNormalAnswer(small);
  });
});

describe('introspection, GraphiQL and field suggestions switches', () => {
  let production: RunningGateway;
  beforeAll(async () => {
    production = await startGateway({ NODE_ENV: 'production' });
  });
  afterAll(() => production.close());

  const INTROSPECTION = ['{ __schema { queryType { name } } }', '{ __type(name: "Session") { name } }'];

  it('introspection is on by default and off in production (LABGRAPH_INTROSPECTION)', async () => {
    for (const query of INTROSPECTION) {
      expect((await ask(gw, query)).body.errors).toBeUndefined();
      const refused = await ask(production, query);
      expect(refused.status).toBe(400);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors?.[0]?.message).toMatch(/^GraphQL introspection has been disabled/);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // __typename is not introspection of the schema, and normal queries still answer.
    expect((await ask(production, '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    await expectNormalAnswer(production);
  });

  it('LABGRAPH_INTROSPECTION=true turns it back on in production', async () => {
    const open = await startGateway({ NODE_ENV: 'production', LABGRAPH_INTROSPECTION: 'true' });
    try {
      expect((await ask(open, INTROSPECTION[0] ?? '')).body.errors).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  it('GraphiQL is served by default and not in production (LABGRAPH_GRAPHIQL)', async () => {
    const page = (gateway: RunningGateway) =>
      gateway.fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    const served = await page(gw);
    expect(served.headers.get('content-type')).toMatch(/text\/html/);
    expect(await served.text()).toContain('GraphiQL');
    const refused = await page(production);
    expect(refused.status).toBe(406);
    expect(refused.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await refused.text()).not.toContain('GraphiQL');
  });

  it('"Did you mean …?" is hidden whenever introspection is off', async () => {
    const typo = '{ sesions(first: 1) { totalCount } }';
    expect((await ask(gw, typo)).body.errors?.[0]?.message).toContain('Did you mean "sessions"');
    const hidden = (await ask(production, typo)).body.errors?.[0]?.message;
    expect(hidden).toBe('Cannot query field "sesions" on type "Query". [Suggestion hidden]');
  });
});

describe('per-request time limit (LABGRAPH_REQUEST_TIMEOUT_MS)', () => {
  const REQUEST_TIMEOUT_MS = 300;
  const ASSET_ID = '16d46411-540a-4122-b47f-8cb2a15d593a';
  /** Far beyond the request's limit, so only the request deadline can end the wait. */
  const SLOW_UPSTREAM = {
    LABGRAPH_UPSTREAM_TIMEOUT_MS: '120000',
    LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '120000',
    LABGRAPH_UPSTREAM_RETRIES: '0',
    LABGRAPH_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  };
  /** The HTTP request is aborted here: a gateway that waited for the upstream fails the test. */
  const ANSWER_DEADLINE_MS = 20_000;
  let upstreams: Upstreams;
  let timed: RunningGateway;

  beforeAll(async () => {
    upstreams = await startUpstreams();
    timed = await startGateway(upstreams.env(SLOW_UPSTREAM));
  });
  afterAll(async () => {
    await timed?.close();
    await upstreams?.stop();
  });

  it('fields still waiting fail with UPSTREAM_TIMEOUT; what resolved is returned; others are served', async () => {
    upstreams.codeocean.setMode({ hang: true });
    const waiting = postGraphQL<{ dataAsset: { id: string } | null; sessions: { totalCount: number } }>(
      timed,
      `{ dataAsset(id: "${ASSET_ID}") { id } sessions(first: 1) { totalCount } }`,
      { deadlineMs: ANSWER_DEADLINE_MS },
    );
    // Served while that request waits on the hanging upstream.
    const meanwhile = await postGraphQL<{ sessions: { totalCount: number } }>(timed, NORMAL, {
      deadlineMs: ANSWER_DEADLINE_MS,
    });
    expect(meanwhile.body.errors).toBeUndefined();

    const reply = await waiting;
    expect(reply.status).toBe(200);
    expect(reply.body.data?.sessions.totalCount).toBe(meanwhile.body.data?.sessions.totalCount);
    expect(reply.body.data?.dataAsset).toBeNull();
    expect(reply.body.errors).toHaveLength(1);
    const error = reply.body.errors?.[0];
    expect(error?.path).toEqual(['dataAsset']);
    expect(error?.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', timeoutMs: REQUEST_TIMEOUT_MS });
    expect(error?.message).toContain(`time limit of ${REQUEST_TIMEOUT_MS} ms`);
    expect(upstreams.codeocean.requests.some((request) => request.outcome === 'hang')).toBe(true);
  });

  it('once the upstream answers again, the next query resolves in full', async () => {
    upstreams.codeocean.setMode({ hang: false });
    const reply = await postGraphQL<{ session: { id: string; rawDataAsset: { id: string } | null } }>(
      timed,
      `{ session(ref: "ecephys_676909_2023-12-13_13-43-40") { id rawDataAsset { id } } }`,
      { deadlineMs: ANSWER_DEADLINE_MS },
    );
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data?.session.id).toBe(SESSION);
  });
});
