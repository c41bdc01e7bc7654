/**
 * The one error model (DESIGN.md), end to end (in-process, through every Yoga plugin):
 * - one response can hold every outcome at once: resolved fields, a missing thing as null (no error),
 *   BAD_USER_INPUT listing what is accepted, INVALID_DATA naming the object, UPSTREAM_UNAVAILABLE
 *   naming the source — each error on its own field's path, the rest of the data intact;
 * - an unexpected error is masked: INTERNAL_SERVER_ERROR, "Unexpected error.", nothing of its
 *   message, stack or file paths in the response, its details in the server log only;
 * - GraphQL's own syntax, validation and variable errors pass through with GraphQL's messages.
 * CodeOcean and DocDB are the loopback test servers; the task files are the committed fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab } from '../../fixtures/generator/lab.ts';
import { createLocalObjectStore } from '../../src/sources/objectstore/localBackend.ts';
import type { ObjectStore } from '../../src/sources/objectstore/types.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';
import {
  capturingLogger,
  FIXTURES_DIR,
  postGraphQL,
  startUpstreams,
  type Upstreams,
} from '../support/upstreams.ts';

const lab = buildLab();
const GOOD = '676909_2023-12-13';
const TRUNCATED = lab.sessions.find((s) => s.task?.broken === 'truncated');
/** Well-formed, but no source knows it. */
const UNKNOWN = '699999_2023-01-01';
/** Not cached at startup: looking it up needs CodeOcean. */
const ASSET_ID = '16d46411-540a-4122-b47f-8cb2a15d593a';

interface WireError {
  message: string;
  path?: (string | number)[];
  locations?: unknown[];
  extensions?: Record<string, unknown>;
}

async function post(gateway: RunningGateway, query: string, variables?: Record<string, unknown>) {
  const response = await gateway.fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as { data?: unknown; errors?: WireError[] },
  };
}

describe('partial results: every outcome in one response', () => {
  let upstreams: Upstreams;
  let gw: RunningGateway;
  beforeAll(async () => {
    upstreams = await startUpstreams();
    gw = await startGateway(upstreams.env({ LABGRAPH_UPSTREAM_RETRIES: '0' }));
  });
  afterAll(async () => {
    await gw?.close();
    await upstreams?.stop();
  });

  it('fails only the fields at fault, each with its code and details; the rest resolves', async () => {
    expect(TRUNCATED).toBeDefined();
    upstreams.codeocean.failNext(1_000_000, 503);
    const reply = await postGraphQL<Record<string, unknown>>(
      gw,
      `{
        good: session(ref: "${GOOD}") { id date subject { id } }
        unknown: session(ref: "${UNKNOWN}") { id }
        unreadable: session(ref: "not a session") { id }
        broken: session(ref: "${TRUNCATED?.id}") { id trials { startTime } }
        asset: dataAsset(id: "${ASSET_ID}") { id }
      }`,
      { deadlineMs: 30_000 },
    );
    upstreams.codeocean.clearFailures();
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({
      good: { id: GOOD, date: '2023-12-13', subject: { id: '676909' } },
      unknown: null,
      unreadable: null,
      broken: { id: TRUNCATED?.id, trials: null },
      asset: null,
    });
    const errors = reply.body.errors ?? [];
    const byPath = new Map(errors.map((error) => [error.path?.join('.'), error]));
    expect([...byPath.keys()].sort()).toEqual(['asset', 'broken.trials', 'unreadable']);

    const unreadable = byPath.get('unreadable');
    expect(unreadable?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unreadable?.message).toMatch(/^Cannot read session reference "not a session".*Accepted: /);
    expect(unreadable?.extensions?.accepted).toEqual(
      expect.arrayContaining([expect.stringMatching(/MID_YYYY-MM-DD/)]),
    );

    const broken = byPath.get('broken.trials');
    expect(broken?.extensions?.code).toBe('INVALID_DATA');
    expect(broken?.extensions?.uri).toMatch(/^s3:\/\/.+\.hdf5$/);
    expect(broken?.message).toContain(String(broken?.extensions?.uri));

    const asset = byPath.get('asset');
    expect(asset?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'codeocean' });

    for (const error of errors) expect(error.locations).toBeDefined();
  });
});

describe('unexpected errors are masked', () => {
  /** A fault below the resolvers, as a bug would raise it: the real fixture store, whose reads throw. */
  const INTERNAL_DETAIL = 'EBADF: bad file descriptor, read /srv/labgraph/.cache/objects/3f2a.part';
  const faulty = (): ObjectStore => {
    const store = createLocalObjectStore({ root: `${FIXTURES_DIR}/s3` });
    return {
      ...store,
      get: async () => {
        throw new TypeError(INTERNAL_DETAIL);
      },
    };
  };
  let gw: RunningGateway;
  let logs: string[];
  beforeAll(async () => {
    const captured = capturingLogger();
    logs = captured.lines;
    gw = await startGateway(EMBEDDED_ENV, { sources: { objectStore: faulty() }, logger: captured.logger });
  });
  afterAll(() => gw?.close());

  it('INTERNAL_SERVER_ERROR with "Unexpected error." on the failing fields only; details only in the log', async () => {
    const reply = await post(
      gw,
      `{ session(ref: "${GOOD}") { id trials { startTime } performance { blockIndex } } }`,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({ session: { id: GOOD, trials: null, performance: null } });
    expect(reply.body.errors).toHaveLength(2);
    for (const error of reply.body.errors ?? []) {
      expect(error.message).toBe('Unexpected error.');
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(error.path?.[0]).toBe('session');
    }
    // Nothing of the fault: no message, no stack, no file path, no error class.
    for (const leak of ['EBADF', '/srv/', '.part', 'TypeError', 'stack', '.ts:', 'node_modules', 'at ']) {
      expect(reply.text).not.toContain(leak);
    }
    expect(logs.join('\n')).toContain(INTERNAL_DETAIL);
  });
});

describe("GraphQL's own errors pass through with GraphQL's messages", () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw?.close());

  it.each([
    [
      'syntax',
      `{ session(ref: "${GOOD}") { id }`,
      undefined,
      'GRAPHQL_PARSE_FAILED',
      'Syntax Error: Expected Name, found <EOF>.',
    ],
    [
      'unknown field',
      `{ session(ref: "${GOOD}") { id zzzz } }`,
      undefined,
      'GRAPHQL_VALIDATION_FAILED',
      'Cannot query field "zzzz" on type "Session".',
    ],
    [
      'missing argument',
      '{ session { id } }',
      undefined,
      'GRAPHQL_VALIDATION_FAILED',
      'Field "session" argument "ref" of type "String!" is required, but it was not provided.',
    ],
    [
      'variable of the wrong type',
      'query ($ref: String!) { session(ref: $ref) { id } }',
      { ref: 5 },
      'BAD_USER_INPUT',
      'Variable "$ref" got invalid value 5; String cannot represent a non string value: 5',
    ],
    [
      'variable missing',
      'query ($ref: String!) { session(ref: $ref) { id } }',
      {},
      'BAD_USER_INPUT',
      'Variable "$ref" of required type "String!" was not provided.',
    ],
  ])(
    '%s: a request error (400, no data) with its own message and a code',
    async (_kind, query, variables, code, message) => {
      const reply = await post(gw, query, variables);
      expect(reply.status).toBe(400);
      expect(reply.body.data).toBeUndefined();
      expect(reply.body.errors).toHaveLength(1);
      expect(reply.body.errors?.[0]?.message).toBe(message);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(reply.body.errors?.[0]?.locations).toBeDefined();
    },
  );

  it('a page size over the maximum is BAD_USER_INPUT on its field, listing what is accepted', async () => {
    const reply = await post(gw, '{ sessions(first: 101) { totalCount } }');
    expect(reply.body.data).toBeNull();
    expect(reply.body.errors?.[0]).toMatchObject({
      path: ['sessions'],
      extensions: {
        code: 'BAD_USER_INPUT',
        accepted: ['first: a whole number from 0 to 100', expect.any(String)],
      },
    });
  });
});
