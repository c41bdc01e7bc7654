/**
 * Upstream bodies (issue 9 #13), against the loopback CodeOcean server: a body still arriving when the
 * attempt timer fires is a timeout, retried like any other, not "not JSON"; a body over the size cap is
 * refused as it streams (UPSTREAM_UNAVAILABLE naming the limit), never read whole.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildLab, labAssets } from '../../fixtures/generator/lab.ts';
import { loadConfig } from '../../src/config.ts';
import { UpstreamError } from '../../src/errors.ts';
import { createCodeOceanHttpClient } from '../../src/sources/codeocean/httpClient.ts';
import { retryPolicyOf } from '../../src/sources/index.ts';
import { DEFAULT_MAX_BODY_BYTES, type RetryPolicy } from '../../src/sources/upstreamHttp.ts';
import { type CodeOceanTestServer, startCodeOceanServer } from '../support/codeOceanServer.ts';

const TOKEN = 'cop_bodies_test_7c1e';
const POLICY: RetryPolicy = {
  retries: 2,
  minDelayMs: 5,
  maxDelayMs: 20,
  attemptTimeoutMs: 300,
  deadlineMs: 10_000,
};
const asset = labAssets(buildLab())[0]!;

let server: CodeOceanTestServer;
beforeAll(async () => {
  server = await startCodeOceanServer({ token: TOKEN });
});
afterAll(() => server.stop());
beforeEach(() => {
  server.setMode({ slowBodyMs: 0, padBytes: 0 });
  server.resetRequests();
});

const client = (policy: RetryPolicy = POLICY) =>
  createCodeOceanHttpClient({ domain: server.url, token: TOKEN, policy });

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('a body still arriving when the attempt timer fires', () => {
  it('is a timeout naming codeocean, retried per policy', async () => {
    server.setMode({ slowBodyMs: 2_000 });
    const error = await failure(client().getDataAsset(asset.id));
    expect(error).toMatchObject({ source: 'codeocean', kind: 'TIMEOUT' });
    expect(error.message).not.toContain('not JSON');
    // Retried (an aborted attempt may reach the server's log a moment after the client gave up).
    expect(server.count('getDataAsset')).toBeGreaterThan(1);
    expect(server.count('getDataAsset')).toBeLessThanOrEqual(POLICY.retries + 1);
  });

  it('a body slower than usual but within the attempt time is read', async () => {
    server.setMode({ slowBodyMs: 20 });
    const record = await client({ ...POLICY, attemptTimeoutMs: 5_000 }).getDataAsset(asset.id);
    expect(record?.id).toBe(asset.id);
  });
});

describe('the body size cap', () => {
  it('refuses a body over the cap while it streams, without retrying', async () => {
    server.setMode({ padBytes: 8 * 1024 * 1024 });
    const error = await failure(
      client({ ...POLICY, attemptTimeoutMs: 5_000, maxBodyBytes: 1024 * 1024 }).getDataAsset(asset.id),
    );
    expect(error).toMatchObject({ source: 'codeocean', kind: 'UNAVAILABLE' });
    expect(error.message).toContain('larger than 1048576 bytes');
    expect(server.count('getDataAsset')).toBe(1);
  });

  it('a padded body under the cap is read', async () => {
    server.setMode({ padBytes: 256 * 1024 });
    const record = await client({
      ...POLICY,
      attemptTimeoutMs: 5_000,
      maxBodyBytes: 1024 * 1024,
    }).getDataAsset(asset.id);
    expect(record?.id).toBe(asset.id);
  });

  it('comes from LABGRAPH_UPSTREAM_MAX_BODY_BYTES, 64 MiB by default', () => {
    expect(retryPolicyOf(loadConfig({})).maxBodyBytes).toBe(DEFAULT_MAX_BODY_BYTES);
    expect(DEFAULT_MAX_BODY_BYTES).toBe(64 * 1024 * 1024);
    expect(retryPolicyOf(loadConfig({ LABGRAPH_UPSTREAM_MAX_BODY_BYTES: '2048' })).maxBodyBytes).toBe(2048);
  });
});
