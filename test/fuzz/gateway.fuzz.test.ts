/**
 * Fuzzing the gateway (issue 9): fast-check generates GraphQL documents (random token soup and walks
 * of the real schema), variables, session references, filter values and HTTP requests, and sends them
 * to the in-process gateway (through every Yoga plugin), plus raw request lines to the node server.
 * Every response must be well-formed: no status 500 (nor any 5xx: the embedded lab has no outage),
 * a JSON body whose every error carries a code from the registry, no INTERNAL_SERVER_ERROR, no stack
 * trace. About 10,500 cases per run, seeded: the seed is printed, and LABGRAPH_FUZZ_SEED=<seed> replays
 * a run (LABGRAPH_FUZZ_SCALE multiplies the case counts).
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  getNamedType,
  isLeafType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../../src/errors.ts';
import { schema } from '../../src/resolvers/schema.ts';
import { type RunningGateway, startGateway, startHttpGateway } from '../support/gateway.ts';

const SEED = Number(process.env.LABGRAPH_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SCALE = Number(process.env.LABGRAPH_FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
/** Generous: the suite shares the machine with every other test file; only "answered at all" counts. */
const FUZZ_TIMEOUT_MS = 300_000;
console.info(`gateway fuzz seed ${SEED} (replay with LABGRAPH_FUZZ_SEED=${SEED})`);

/** Each property gets its own seed derived from the run's, so one can be replayed alone. */
const settings = (offset: number, numRuns: number) => ({ seed: SEED + offset, numRuns, endOnFailure: true });

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw?.close());

/** The checks every answer must pass, whatever was sent. */
async function expectWellFormed(response: Response, sent: string): Promise<void> {
  const text = await response.text();
  const context = `sent ${sent.slice(0, 500)}\nanswered ${response.status} ${text.slice(0, 500)}`;
  expect(response.status, context).toBeLessThan(500);
  expect(text, context).not.toMatch(/\n\s+at .+:\d+/);
  if (text === '') {
    // No body: a success without content, or the GraphQL-over-HTTP spec's 406 for a client that
    // accepts none of our media types (a JSON error would ignore its Accept header).
    expect(response.status < 400 || response.status === 406, context).toBe(true);
    return;
  }
  if (!(response.headers.get('content-type') ?? '').includes('json')) return;
  const body = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
  for (const error of body.errors ?? []) {
    expect(isErrorCode(error.extensions?.code), context).toBe(true);
    expect(error.extensions?.code, context).not.toBe('INTERNAL_SERVER_ERROR');
  }
  if (response.status >= 400) expect(body.errors?.length, context).toBeGreaterThan(0);
}

async function postGraphQL(query: string, variables?: unknown): Promise<void> {
  const body = JSON.stringify({ query, variables });
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  await expectWellFormed(response, body);
}

// ---- arbitraries ----

const JSON_VALUE = fc.jsonValue({ maxDepth: 3 });
/** Strings that look like what scientists paste, and what attackers do. */
const TEXT = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '676909_2023-12-13',
    'ecephys_676909_2023-12-13_13-43-40',
    'DynamicRouting1_676909_20231213_134340.hdf5',
    's3://aind-scratch-data/x/../../etc/passwd',
    '../../../../etc/passwd',
    '2023-13-45',
    '{"$where": "sleep(1000)"}',
    '%00',
    '\u0000\u202e',
  ),
  fc.string({ unit: fc.constantFrom('a', '_', '-', '1', ' '), maxLength: 2000 }),
);
const PAGE_SIZE = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom(0, 100, 101, 2 ** 31 - 1));

function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literalOf).join(', ')}]`;
  const fields = Object.entries(value as Record<string, unknown>).filter(([key]) =>
    /^[_A-Za-z]\w*$/.test(key),
  );
  return `{${fields.map(([key, field]) => `${key}: ${literalOf(field)}`).join(', ')}}`;
}

/** A selection over the real schema, driven by `choices`: fields, arguments and nesting vary. */
function walk(type: GraphQLObjectType, choices: number[], depth: number): string {
  const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const take = 1 + ((choices.shift() ?? 0) % 3);
  const parts: string[] = [];
  for (let i = 0; i < take; i += 1) {
    const field = fields[(choices.shift() ?? 0) % fields.length] as GraphQLField<unknown, unknown>;
    const args = field.args
      .filter(() => (choices.shift() ?? 0) % 3 !== 0)
      .map((arg) => {
        const pick = choices.shift() ?? 0;
        const pool = [
          '1',
          '0',
          '"676909_2023-12-13"',
          '"676909"',
          'true',
          'null',
          '[]',
          '["x"]',
          '{}',
          'DATE_DESC',
        ];
        const value =
          arg.name === 'first' || arg.name === 'last'
            ? String(pick % 4)
            : (pool[pick % pool.length] as string);
        return `${arg.name}: ${value}`;
      });
    const named = getNamedType(field.type);
    const head = `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
    if (isLeafType(named)) parts.push(head);
    else if (isObjectType(named) && depth < 4) parts.push(`${head} { ${walk(named, choices, depth + 1)} }`);
    else parts.push(`${head} { __typename }`);
  }
  return parts.join(' ');
}

const SCHEMA_WALK = fc
  .array(fc.nat({ max: 1000 }), { minLength: 20, maxLength: 60 })
  .map((choices) => `{ ${walk(schema.getQueryType() as GraphQLObjectType, [...choices], 0)} }`);

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '...',
  '@',
  '=',
  ' ',
  '"x"',
  '"""y"""',
  '#c\n',
  '1',
  '-1.5e3',
  'query',
  'fragment',
  'on',
  'sessions',
  'session',
  'ref',
  'id',
  'nodes',
  'ids',
  'first',
  'edges',
  'node',
  '__typename',
  '__schema',
  'Session',
  'include',
  'if',
  'true',
  'null',
];
const TOKEN_SOUP = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((tokens) => tokens.join(' '));

/** The cheap fields of SessionFilter: the costly ones read every task file, which fuzzing need not. */
const sessionFilter = schema.getType('SessionFilter') as GraphQLInputObjectType;
const CHEAP_FILTER_FIELDS = Object.values(sessionFilter.getFields())
  .filter((field) => !(field.description ?? '').includes('Costly'))
  .map((field) => field.name);
const FILTER = fc.dictionary(
  fc.oneof(fc.constantFrom(...CHEAP_FILTER_FIELDS), fc.string({ maxLength: 8 })),
  fc.oneof(TEXT, JSON_VALUE, fc.array(TEXT, { maxLength: 5 })),
  { maxKeys: 4 },
);

// ---- properties ----

describe(`gateway fuzz (seed ${SEED})`, () => {
  it(
    'GraphQL documents: token soup and walks of the schema',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(TOKEN_SOUP, SCHEMA_WALK), (query) => postGraphQL(query)),
        settings(1, runs(3000)),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'variables of every shape, for typed variables',
    async () => {
      const query = `query Q($ref: String!, $first: Int, $ids: [ID!]!, $filter: SessionFilter) {
      session(ref: $ref) { id } sessions(first: $first, filter: $filter) { totalCount } nodes(ids: $ids) { id } }`;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.dictionary(fc.constantFrom('ref', 'first', 'ids', 'filter', 'x'), JSON_VALUE),
            JSON_VALUE,
          ),
          (variables) => postGraphQL(query, variables),
        ),
        settings(2, runs(2000)),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'session references, through session(ref:), sessionsByRef and the export route',
    async () => {
      await fc.assert(
        fc.asyncProperty(TEXT, fc.nat({ max: 2 }), async (ref, via) => {
          if (via === 0)
            return postGraphQL('query($r: String!) { session(ref: $r) { id date subject { id } } }', {
              r: ref,
            });
          if (via === 1)
            return postGraphQL(
              'query($r: String!) { sessionsByRef(refs: [$r, "676909_2023-12-13"]) { id } }',
              {
                r: ref,
              },
            );
          const path = `/sessions/${encodeURIComponent(ref)}/performance.csv`;
          return expectWellFormed(await gw.fetch(`${gw.url}${path}`), path);
        }),
        settings(3, runs(2000)),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'filter values, as variables and as literals',
    async () => {
      await fc.assert(
        fc.asyncProperty(FILTER, fc.boolean(), PAGE_SIZE, async (filter, literal, first) => {
          if (literal)
            return postGraphQL(
              `{ sessions(first: ${first}, filter: ${literalOf(filter)}) { totalCount edges { node { id } } } }`,
            );
          return postGraphQL(
            'query($f: SessionFilter, $n: Int) { sessions(filter: $f, first: $n) { totalCount } }',
            { f: filter, n: first },
          );
        }),
        settings(4, runs(2000)),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'HTTP requests: methods, paths, query strings, headers and bodies',
    async () => {
      const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD');
      const path = fc.oneof(
        fc.constantFrom(
          '/graphql',
          '/healthz',
          '/readyz',
          '/sessions/676909_2023-12-13/trials.csv',
          '/',
          '/graphql/',
        ),
        fc.webPath(),
        fc
          .string({ unit: fc.constantFrom('/', 'a', '%', '2', 'F', '.', '?', '=', '&'), maxLength: 30 })
          .map((p) => `/${p}`),
      );
      const query = fc.oneof(
        fc.constant(''),
        fc.webQueryParameters().map((q) => `?${q}`),
        fc
          .tuple(TOKEN_SOUP, fc.string({ maxLength: 30 }))
          .map(([q, v]) => `?query=${encodeURIComponent(q)}&variables=${encodeURIComponent(v)}`),
      );
      const contentType = fc.constantFrom(
        'application/json',
        'application/graphql',
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
        '',
      );
      const accept = fc.constantFrom(
        'application/json',
        'application/graphql-response+json',
        'text/html',
        'text/event-stream',
        '*/*',
        'image/png',
      );
      const body = fc.oneof(
        fc.string({ maxLength: 200 }),
        JSON_VALUE.map((v) => JSON.stringify(v)),
        TOKEN_SOUP,
      );
      await fc.assert(
        fc.asyncProperty(method, path, query, contentType, accept, body, async (m, p, q, type, acc, b) => {
          let url: URL;
          try {
            url = new URL(`${gw.url}${p}${q}`);
          } catch {
            return; // not a URL a client could send; raw request lines are fuzzed below
          }
          const headers: Record<string, string> = { accept: acc, 'x-request-id': b.slice(0, 20) };
          if (type) headers['content-type'] = type;
          const init: RequestInit = {
            method: m,
            headers,
            ...(m === 'GET' || m === 'HEAD' ? {} : { body: b }),
          };
          const response = await gw.fetch(url.href, init);
          if (m === 'HEAD') return void (await response.arrayBuffer());
          await expectWellFormed(response, `${m} ${url.href} ${b}`);
        }),
        settings(5, runs(1200)),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe(`raw HTTP request lines (seed ${SEED})`, () => {
  let http: RunningGateway;
  beforeAll(async () => {
    http = await startHttpGateway();
  });
  afterAll(() => http?.close());

  /** Sends one raw request, returns the status line's code and the whole answer (or '' if none). */
  function exchange(request: string): Promise<string> {
    const { port, hostname } = new URL(http.url);
    return new Promise((resolve) => {
      const socket = connect(Number(port), hostname, () => socket.end(request));
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        received += chunk;
      });
      socket.setTimeout(5000, () => socket.destroy());
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(received));
    });
  }

  it(
    'the node server answers every request line without a 500 or a stack trace',
    async () => {
      const target = fc.oneof(
        fc.constantFrom(
          '*',
          '/graphql',
          '/healthz',
          'http://x/graphql',
          '//x',
          '/graphql?query=%7B__typename%7D',
          '',
        ),
        fc.string({
          unit: fc.constantFrom('/', 'a', '%', '*', ':', '?', '#', '@', '[', ']', ' ', '\t'),
          maxLength: 20,
        }),
      );
      const host = fc.oneof(
        fc.constantFrom('localhost', '', 'a b', '[::1]', 'x:99999', 'x/y', 'é'),
        fc.string({ maxLength: 12 }),
      );
      const method = fc.constantFrom('GET', 'POST', 'OPTIONS', 'BREW', 'G\u00e9T');
      await fc.assert(
        fc.asyncProperty(method, target, host, fc.boolean(), async (m, t, h, withHost) => {
          const request = `${m} ${t} HTTP/1.1\r\n${withHost ? `Host: ${h}\r\n` : ''}Content-Length: 0\r\n\r\n`;
          const answer = await exchange(request);
          const context = `sent ${JSON.stringify(request)}\nanswered ${JSON.stringify(answer.slice(0, 400))}`;
          expect(answer, context).not.toMatch(/^HTTP\/1\.1 5\d\d/);
          expect(answer, context).not.toMatch(/\n\s+at .+:\d+/);
        }),
        settings(6, runs(400)),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
