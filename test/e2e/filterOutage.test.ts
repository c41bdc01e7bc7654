/**
 * Issue 9 #14: a DocDB outage behind the `genotypeContains` filter came back as UPSTREAM_TIMEOUT
 * without `extensions.source`: the filter asked DocDB twice in a row, each time for a full upstream
 * deadline, and the request's own deadline ran out first. It now fails once, naming docdb, within one
 * upstream deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { postGraphQL, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const UPSTREAM_TIMEOUT_MS = 1_000;
/** Shorter than two upstream deadlines, so a second sequential DocDB call would outlast it. */
const REQUEST_TIMEOUT_MS = 1_800;

let upstreams: Upstreams;
let gateway: RunningGateway;
beforeAll(async () => {
  upstreams = await startUpstreams({ docdb: 'rest' });
  gateway = await startGateway(
    upstreams.env({
      LABGRAPH_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '400',
      LABGRAPH_UPSTREAM_RETRIES: '1',
      LABGRAPH_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    }),
  );
});
afterAll(async () => {
  await gateway.close();
  await upstreams.stop();
});

describe('a DocDB outage behind a costly filter', () => {
  it.each([
    ['genotypeContains', '{ sessions(first: 5, filter: { genotypeContains: "Pvalb" }) { totalCount } }'],
    ['isUploaded', '{ sessions(first: 5, filter: { isUploaded: true }) { totalCount } }'],
  ])('%s fails naming docdb, not the request deadline', async (_name, query) => {
    upstreams.rest?.setHang(true);
    try {
      const response = await postGraphQL(gateway, query, { deadlineMs: 4 * REQUEST_TIMEOUT_MS });
      const errors = response.body.errors ?? [];
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'docdb' });
      }
    } finally {
      upstreams.rest?.setHang(false);
    }
  });
});
