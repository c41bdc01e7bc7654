/**
 * Issue 9, in-process: client mistakes get client codes (#12), CORS only for listed origins (#15),
 * and every path answers in the registry's JSON shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw?.close());

interface Body {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; limit?: string; max?: number } }[];
}

async function send(gateway: RunningGateway, path: string, init?: RequestInit) {
  const response = await gateway.fetch(`${gateway.url}${path}`, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

const postQuery = (query: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
  body: JSON.stringify({ query }),
});

describe('client mistakes get client codes (issue 9 #12)', () => {
  it.each([
    ['variables', '/graphql?query=%7B__typename%7D&variables=%7Bx'],
    ['extensions', '/graphql?query=%7B__typename%7D&extensions=%7Bnot%20json'],
  ])('malformed %s JSON on GET: 400 BAD_REQUEST naming the parameter', async (name, path) => {
    const reply = await send(gw, path, { headers: { accept: 'application/graphql-response+json' } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(reply.body.errors?.[0]?.message).toContain(`"${name}"`);
  });

  it.each([
    ['a list literal 2,000 deep', `{ nodes(ids: ${'['.repeat(2000)}${']'.repeat(2000)}) { id } }`],
    ['a selection 20,000 deep', `{${'a{'.repeat(20_000)}${'}'.repeat(20_000)}}`],
    [
      'an object literal 3,000 deep',
      `{ sessions(filter: ${'{a:'.repeat(3000)}1${'}'.repeat(3000)}) { totalCount } }`,
    ],
  ])('%s: QUERY_TOO_COMPLEX (maxNesting), before parsing', async (_kind, query) => {
    const reply = await send(gw, '/graphql', postQuery(query));
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxNesting',
      max: 64,
    });
  });

  it('brackets inside strings, block strings and comments are text', async () => {
    const deep = '['.repeat(500);
    const query = `# ${deep}\n{ s: session(ref: "${deep}") { id } t: session(ref: """${deep}""") { id } }`;
    const reply = await send(gw, '/graphql', postQuery(query));
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('an unknown path: 404 NOT_FOUND in the one error shape', async () => {
    const reply = await send(gw, '/nothing/here');
    expect(reply.status).toBe(404);
    expect(reply.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('CORS (issue 9 #15)', () => {
  const EVIL = 'https://evil.example';
  const DASH = 'https://dash.lab.example';

  it('off for other origins by default: no Access-Control-Allow-Origin, no credentials', async () => {
    const reply = await gw.fetch(`${gw.url}/graphql`, postQuery('{ __typename }', { origin: EVIL }));
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    expect(reply.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await gw.fetch(`${gw.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('on for the origins LABGRAPH_CORS_ORIGINS lists, and only those', async () => {
    const open = await startGateway({ LABGRAPH_CORS_ORIGINS: `${DASH}, http://localhost:5173` });
    try {
      const listed = await open.fetch(`${open.url}/graphql`, postQuery('{ __typename }', { origin: DASH }));
      expect(listed.headers.get('access-control-allow-origin')).toBe(DASH);
      expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
      const other = await open.fetch(`${open.url}/graphql`, postQuery('{ __typename }', { origin: EVIL }));
      expect(other.headers.get('access-control-allow-origin')).not.toBe(EVIL);
    } finally {
      await open.close();
    }
  });

  it('a bad LABGRAPH_CORS_ORIGINS stops startup naming the variable', () => {
    for (const value of ['*', 'dash.lab.example', 'https://dash.lab.example/path', 'ftp://x']) {
      expect(() => loadConfig({ LABGRAPH_CORS_ORIGINS: value })).toThrowError(ConfigError);
    }
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});
