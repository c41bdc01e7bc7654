/**
 * The DocDB REST backend against a misbehaving gateway (issue 9 #3 and #6), over loopback: a gateway
 * that ignores `skip` or keeps sending new junk once made one query page 121,800 times in 30 s, past
 * every deadline. Paging now stops at a repeated record, at LABGRAPH_DOCDB_MAX_PAGES and at the read's
 * deadline, each an error naming docdb; and credentials in the base URL reach the gateway as a header
 * but never a message.
 */

import type { Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.ts';
import { createRestDocDb } from '../../src/sources/docdb/restBackend.ts';
import type { RetryPolicy } from '../../src/sources/upstreamHttp.ts';
import { type DocDbRestServer, startDocDbRestServer } from '../support/docdbRestServer.ts';

const DB = 'metadata_index';
const COLLECTION = 'data_assets';
const FAST: RetryPolicy = {
  retries: 1,
  minDelayMs: 5,
  maxDelayMs: 10,
  attemptTimeoutMs: 1_000,
  deadlineMs: 5_000,
};
const documents: Document[] = Array.from({ length: 30 }, (_, i) => ({
  _id: `record-${i}`,
  name: `behavior_6${String(i).padStart(5, '0')}_2024-01-01_00-00-00`,
}));

let server: DocDbRestServer;
beforeAll(async () => {
  server = await startDocDbRestServer({ databases: { [DB]: { [COLLECTION]: documents } }, maxPageSize: 5 });
});
afterAll(() => server.stop());
beforeEach(() => server.setPaging('normal'));

const finds = (from: number) => server.requests.slice(from).filter((r) => r.endpoint === 'find').length;

async function failure(read: () => Promise<unknown>): Promise<UpstreamError> {
  const error = await read().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('DocDB REST paging is bounded', () => {
  it('reads every record of a well-behaved gateway, page by page', async () => {
    const before = server.requests.length;
    const source = createRestDocDb({ baseUrl: server.baseUrl, policy: FAST, pageSize: 5 });
    expect(await source.find({ filter: {} })).toHaveLength(30);
    expect(finds(before)).toBe(7);
  });

  it('a gateway ignoring skip is caught at the second page', async () => {
    server.setPaging('ignoreSkip');
    const before = server.requests.length;
    const source = createRestDocDb({ baseUrl: server.baseUrl, policy: FAST, pageSize: 5 });
    const error = await failure(() => source.find({ filter: {} }));
    expect(error).toMatchObject({ source: 'docdb', kind: 'UNAVAILABLE' });
    expect(error.message).toContain('ignoring skip');
    expect(finds(before)).toBe(2);
  });

  it('endless new records stop at maxPages', async () => {
    server.setPaging('junk');
    const before = server.requests.length;
    const source = createRestDocDb({ baseUrl: server.baseUrl, policy: FAST, pageSize: 5, maxPages: 40 });
    const error = await failure(() => source.find({ filter: {} }));
    expect(error).toMatchObject({ source: 'docdb', kind: 'UNAVAILABLE' });
    expect(error.message).toContain('more than 40 pages');
    expect(finds(before)).toBe(40);
  });

  it('endless new records stop at the read deadline, and no request is sent after it', async () => {
    server.setPaging('junk');
    const before = server.requests.length;
    const policy = { ...FAST, deadlineMs: 300 };
    const source = createRestDocDb({ baseUrl: server.baseUrl, policy, pageSize: 5, maxPages: 1_000_000 });
    const error = await failure(() => source.find({ filter: {} }));
    expect(error).toMatchObject({ source: 'docdb', kind: 'TIMEOUT' });
    // A request aborted at the deadline may still be logged by the server a moment later.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
    await settle();
    const sent = finds(before);
    await settle();
    await settle();
    expect(finds(before)).toBe(sent);
  });
});

describe('credentials in the gateway URL', () => {
  const PASSWORD = 'Pa$$w0rd-rest-xyz';
  const credentialed = () => {
    const url = new URL(server.baseUrl);
    url.username = 'labuser';
    url.password = PASSWORD;
    return url.href;
  };

  it('are sent as HTTP Basic, and the reads work', async () => {
    const before = server.requests.length;
    const source = createRestDocDb({ baseUrl: credentialed(), policy: FAST, pageSize: 5 });
    expect(await source.count({})).toBe(30);
    const basic = Buffer.from(`labuser:${PASSWORD}`).toString('base64');
    expect(server.requests.slice(before).map((r) => r.authorization)).toEqual([`Basic ${basic}`]);
  });

  it('appear in no message and no description', async () => {
    const source = createRestDocDb({ baseUrl: credentialed(), policy: FAST, pageSize: 5 });
    expect(source.describe()).not.toContain(PASSWORD);
    expect(source.describe()).not.toContain('labuser');
    server.failNext(100, 503);
    try {
      const error = await failure(() => source.find({ filter: {} }));
      expect(error.message).not.toContain(encodeURIComponent(PASSWORD));
      expect(error.message).not.toContain(PASSWORD);
    } finally {
      server.failNext(0);
    }
  });
});
