/**
 * Trusted documents: every file of schema/operations/ is served by the SHA-256 of its text, sent as
 * Apollo's `extensions.persistedQuery` (POST or GET) or as `documentId`; with
 * LABGRAPH_PERSISTED_ONLY=true nothing else runs. The files are listed at test time, so operations
 * other suites add are covered too.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { loadTrustedDocuments } from '../../src/protection/trustedDocuments.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const OPERATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'operations');
const files = readdirSync(OPERATIONS_DIR).filter((name) => name.endsWith('.graphql'));
const textOf = (file: string) => readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const RECENT = textOf('recentSessions.graphql');
const RECENT_HASH = sha256(RECENT);

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(gateway: RunningGateway, body: Record<string, unknown>): Promise<Answer> {
  const response = await gateway.fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const byHash = (hash: string, variables: Record<string, unknown> = { first: 3 }) => ({
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});

describe('the trusted-document store', () => {
  it('holds every .graphql file of schema/operations/, by the SHA-256 of its exact text', () => {
    const store = loadTrustedDocuments(OPERATIONS_DIR);
    expect(files.length).toBeGreaterThan(0);
    expect(store.size).toBe(files.length);
    for (const file of files) expect(store.get(sha256(textOf(file)))?.file).toBe(file);
  });
});

describe('trusted documents beside arbitrary ones (default)', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway?.close());

  it('runs a document by its hash exactly as the same text sent as a query', async () => {
    const direct = await post(gateway, { query: RECENT, variables: { first: 3 } });
    expect(direct.body.errors).toBeUndefined();
    const persisted = await post(gateway, byHash(RECENT_HASH));
    expect(persisted.status).toBe(200);
    expect(persisted.body).toEqual(direct.body);
    // An upper-case hash and the documentId form name the same document.
    expect((await post(gateway, byHash(RECENT_HASH.toUpperCase()))).body).toEqual(direct.body);
    const documentId = await post(gateway, { documentId: `sha256:${RECENT_HASH}`, variables: { first: 3 } });
    expect(documentId.body).toEqual(direct.body);
  });

  it('serves a hash over GET, as a URL parameter', async () => {
    const direct = await post(gateway, { query: RECENT, variables: { first: 2 } });
    const params = new URLSearchParams({
      variables: JSON.stringify({ first: 2 }),
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: RECENT_HASH } }),
    });
    const response = await gateway.fetch(`${gateway.url}/graphql?${params}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(direct.body);
  });

  it('refuses an unknown hash with PERSISTED_QUERY_NOT_FOUND, listing the documents', async () => {
    const answer = await post(gateway, byHash('0'.repeat(64)));
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    const error = answer.body.errors?.[0];
    expect(error?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(error?.message).toContain('recentSessions.graphql');
  });

  it('still runs any other document', async () => {
    const answer = await post(gateway, { query: '{ sessions(first: 1) { totalCount } }' });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });
});

describe('LABGRAPH_PERSISTED_ONLY=true', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ LABGRAPH_LOG_LEVEL: 'silent', LABGRAPH_PERSISTED_ONLY: 'true' });
  });
  afterAll(() => gateway?.close());

  it('runs the trusted documents by hash', async () => {
    const answer = await post(gateway, byHash(RECENT_HASH));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toHaveProperty('sessions');
  });

  it('refuses any document sent as text, even the text of a trusted one, with PERSISTED_QUERY_ONLY', async () => {
    for (const query of ['{ sessions(first: 1) { totalCount } }', RECENT]) {
      const answer = await post(gateway, { query, variables: { first: 1 } });
      expect(answer.status).toBe(403);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
      expect(answer.body.errors?.[0]?.message).toContain('sha256Hash');
    }
  });

  it('refuses a request with neither a document nor a hash, and an unknown hash', async () => {
    const empty = await post(gateway, { variables: {} });
    expect(empty.status).toBe(403);
    expect(empty.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await post(gateway, byHash('f'.repeat(64)));
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
