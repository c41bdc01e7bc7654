/**
 * Logging, end to end: every request has an id (the client's sane `x-request-id`, else a fresh one),
 * returned in the response header and carried by every log line of the request; an unexpected error
 * is logged with its class and stack (not as a flat string); a client's mistake is logged at info
 * level, its echoed input cut short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalObjectStore } from '../../src/sources/objectstore/localBackend.ts';
import type { ObjectStore } from '../../src/sources/objectstore/types.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';
import { capturingLogger, FIXTURES_DIR } from '../support/upstreams.ts';

const GOOD = '676909_2023-12-13';
const FAULT = 'the object store tripped over its own feet';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  code?: string;
  err?: { type: string; message: string; stack: string };
}

/** The real fixture store, whose reads throw a TypeError as a bug in a source would. */
function faultyStore(): ObjectStore {
  const store = createLocalObjectStore({ root: `${FIXTURES_DIR}/s3` });
  return {
    ...store,
    get: async () => {
      throw new TypeError(FAULT);
    },
  };
}

let gw: RunningGateway;
let lines: string[];
const logged = (): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);

beforeAll(async () => {
  const captured = capturingLogger();
  lines = captured.lines;
  gw = await startGateway(EMBEDDED_ENV, { sources: { objectStore: faultyStore() }, logger: captured.logger });
});
afterAll(() => gw?.close());

async function ask(query: string, headers: Record<string, string> = {}) {
  lines.length = 0;
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { response, body: (await response.json()) as { errors?: { extensions?: { code?: string } }[] } };
}

describe('request ids', () => {
  it("the client's x-request-id is returned and carried by every log line of the request", async () => {
    const { response } = await ask(`{ session(ref: "${GOOD}") { trials { startTime } } }`, {
      'x-request-id': 'dash-42.abc',
    });
    expect(response.headers.get('x-request-id')).toBe('dash-42.abc');
    expect(logged().length).toBeGreaterThan(0);
    for (const line of logged()) expect(line.requestId).toBe('dash-42.abc');
  });

  it.each([
    ['none', undefined],
    ['too long', 'x'.repeat(129)],
    ['with spaces and quotes', 'a b"c'],
    ['with a newline', 'a\nb'.replace('\n', '%0A')],
  ])('a fresh UUID when the client sends %s', async (_kind, sent) => {
    const { response } = await ask('{ __typename }', sent === undefined ? {} : { 'x-request-id': sent });
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it('each request gets its own id', async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 3; i += 1)
      ids.add((await ask('{ __typename }')).response.headers.get('x-request-id'));
    expect(ids.size).toBe(3);
  });

  it('routes beside /graphql get one too', async () => {
    const health = await gw.fetch(`${gw.url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(health.headers.get('x-request-id')).toBe('probe-1');
  });
});

describe('what is logged, and how', () => {
  it('an unexpected error keeps its class and stack, at error level, with the request id', async () => {
    const { body, response } = await ask(`{ session(ref: "${GOOD}") { trials { startTime } } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const line = logged().find((entry) => entry.err?.message === FAULT);
    expect(line?.level).toBe(50);
    expect(line?.err?.type).toBe('TypeError');
    expect(line?.err?.stack).toMatch(/^TypeError: .*\n\s+at /);
    expect(line?.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('a client mistake is logged once, at info level, its input cut short', async () => {
    const long = `!${'?'.repeat(20_000)}`;
    const { body } = await ask(`{ session(ref: "${long}") { id } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const entries = logged().filter((entry) => entry.code === 'BAD_USER_INPUT');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.level).toBe(30);
    expect(entries[0]?.msg.length).toBeLessThan(1000);
    expect(logged().every((entry) => entry.level < 50)).toBe(true);
    expect(lines.join('\n').length).toBeLessThan(5000);
  });
});
