/**
 * Outages over the real protocols: CodeOcean (HTTP test server) and DocDB (official driver against
 * the wire-protocol server, or the REST gateway) go down, hang or reject us, at startup or between
 * requests. The gateway must still start, list the sessions from the other sources, fail only the
 * fields of the missing source with UPSTREAM_UNAVAILABLE / UPSTREAM_TIMEOUT naming it, answer within
 * its upstream deadline, recover when the source returns, and never repeat a secret.
 *
 * Deadlines are asserted without timing anything: the HTTP request is aborted at 4× the configured
 * upstream timeout, so a gateway that waits too long fails with an AbortError.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/config.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import {
  capturingLogger,
  FIFTY_SESSIONS,
  type FiftySessionsData,
  type GraphQLResponse,
  postGraphQL,
  startUpstreams,
  TEST_TOKEN,
  type Upstreams,
  type UpstreamsOptions,
} from '../support/upstreams.ts';

/** The done-when query's nullable fields: what one source's outage may fail without taking the rest. */
const OUTAGE_VIEW = `query OutageView($first: Int = 50) {
  sessions(first: $first) {
    totalCount
    edges { node { id name startTime subject { id genotype } rawDataAsset { id name } } }
  }
}`;

interface ViewNode {
  id: string;
  name: string | null;
  startTime: string | null;
  subject: { id: string; genotype: string | null };
  rawDataAsset: { id: string; name: string } | null;
}
interface ViewData {
  sessions: { totalCount: number; edges: { node: ViewNode }[] };
}

const TIMEOUT_MS = 1_500;
/** Small deadlines: an attempt gives up after 500 ms, a call (with its retries) after 1.5 s. */
const SHORT_DEADLINES: Env = {
  LABGRAPH_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
  LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '500',
  LABGRAPH_UPSTREAM_RETRIES: '4',
};
/** Generous, so it never flakes, yet far below what a gateway ignoring its deadlines would take. */
const ANSWER_DEADLINE_MS = 4 * TIMEOUT_MS;
const EVERY_REQUEST = 1_000_000;

/** Errors by field: which session (edge index) and field failed, with code and source. */
function errorsOf(body: GraphQLResponse<unknown>['body']) {
  return (body.errors ?? []).map((error) => ({
    field: String(error.path?.at(-1)),
    edge: typeof error.path?.[2] === 'number' ? error.path[2] : -1,
    code: error.extensions?.code,
    source: error.extensions?.source,
    message: error.message,
  }));
}

// ---------------------------------------------------------------------------------------------------
// One healthy run gives the values an outage must leave untouched (every session: an outage that
// hides some sessions shifts which ones are the first 50).

let healthy: Map<string, ViewNode>;
let healthyTotal = 0;

beforeAll(async () => {
  const upstreams = await startUpstreams();
  const gateway = await startGateway(upstreams.env());
  try {
    const response = await postGraphQL<ViewData>(gateway, OUTAGE_VIEW, { variables: { first: 100 } });
    expect(response.body.errors).toBeUndefined();
    const sessions = response.body.data?.sessions;
    healthyTotal = sessions?.totalCount ?? 0;
    healthy = new Map((sessions?.edges ?? []).map((e) => [e.node.id, e.node]));
    expect(healthy.size).toBe(healthyTotal);
    expect(healthyTotal).toBeGreaterThan(50);
  } finally {
    await gateway.close();
    await upstreams.stop();
  }
});

/** Each test starts its own upstreams and gateway; both are stopped after it. */
const running: { upstreams: Upstreams; gateway: RunningGateway | null }[] = [];
afterEach(async () => {
  for (const { upstreams, gateway } of running.splice(0)) {
    await gateway?.close();
    await upstreams.stop();
  }
});

async function scenario(
  options: UpstreamsOptions & { env?: Env; beforeStart?: (u: Upstreams) => void } = {},
) {
  const upstreams = await startUpstreams(options);
  const entry: { upstreams: Upstreams; gateway: RunningGateway | null } = { upstreams, gateway: null };
  running.push(entry);
  options.beforeStart?.(upstreams);
  const { logger, lines } = capturingLogger();
  const gateway = await startGateway(upstreams.env(options.env), { logger });
  entry.gateway = gateway;
  const view = () => postGraphQL<ViewData>(gateway, OUTAGE_VIEW, { deadlineMs: ANSWER_DEADLINE_MS });
  return { upstreams, gateway, logs: lines, view };
}

/** Sessions listed as in the healthy run, except the fields the outage is allowed to fail. */
function expectIntactExcept(response: GraphQLResponse<ViewData>, failed: ReadonlySet<keyof ViewNode>) {
  expect(response.status).toBe(200);
  const edges = response.body.data?.sessions.edges ?? [];
  expect(edges).toHaveLength(50);
  for (const { node } of edges) {
    const before = healthy.get(node.id);
    expect(before, node.id).toBeDefined();
    expect(node.subject.id).toBe(before?.subject.id);
    for (const field of ['name', 'startTime', 'rawDataAsset'] as const) {
      if (!failed.has(field)) expect(node[field], `${node.id} ${field}`).toEqual(before?.[field]);
    }
  }
  return edges.map((e) => e.node);
}

/** The fields of `source` failed for exactly the sessions that needed it, with its name and code. */
function expectFailedFields(
  response: GraphQLResponse<ViewData>,
  expected: { source: string; code: string; fields: Record<string, (node: ViewNode) => boolean> },
) {
  const nodes = (response.body.data?.sessions.edges ?? []).map((e) => e.node);
  const errors = errorsOf(response.body);
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error, error.message).toMatchObject({ source: expected.source, code: expected.code });
    expect(error.message).toContain(expected.source);
  }
  for (const [field, needsSource] of Object.entries(expected.fields)) {
    const failedAt = new Set(errors.filter((e) => e.field === field).map((e) => e.edge));
    const needing = new Set(nodes.flatMap((node, i) => (needsSource(node) ? [i] : [])));
    expect(failedAt, field).toEqual(needing);
    expect(failedAt.size, field).toBeGreaterThan(0);
  }
  const fields = new Set(errors.map((e) => e.field));
  expect([...fields].sort()).toEqual(Object.keys(expected.fields).sort());
}

/** Sessions with an AIND name need CodeOcean (assets) and DocDB (their record) for these fields. */
const uploaded = (node: ViewNode) => node.name !== null;
const everySubject = () => true;

// ---------------------------------------------------------------------------------------------------

describe('CodeOcean down', () => {
  it('at startup (every request 503): the gateway starts, says why, and lists every session', async () => {
    const { gateway, logs, view } = await scenario({
      beforeStart: (u) => u.codeocean.failNext(EVERY_REQUEST, 503),
    });
    // The catalog reports the outage in the log and on /readyz, which stays ready (tracked sessions serve).
    const outage = logs.map((l) => JSON.parse(l)).find((l) => /^catalog without codeocean/.test(l.msg));
    expect(outage).toMatchObject({ level: 40, source: 'codeocean' });
    expect(outage.msg).toContain('HTTP 503');
    const ready = await gateway.fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', degraded: [{ source: 'codeocean' }] });

    const response = await view();
    // Every session CodeOcean knows is also tracked or in DocDB, so none is missing.
    expect(response.body.data?.sessions.totalCount).toBe(healthyTotal);
    expectIntactExcept(response, new Set(['rawDataAsset']));
    expectFailedFields(response, {
      source: 'codeocean',
      code: 'UPSTREAM_UNAVAILABLE',
      fields: { rawDataAsset: uploaded },
    });
  });

  // After startup the catalog's per-subject searches are cached for 10 minutes (as the reference
  // caches them), so session asset fields keep answering through a CodeOcean outage. A lookup the
  // cache does not hold — an asset by id — shows the outage, and fails only its own field.
  const ASSET_ID = '16d46411-540a-4122-b47f-8cb2a15d593a';
  const byIdQuery = (gateway: RunningGateway) =>
    postGraphQL<{ dataAsset: { id: string } | null; sessions: { totalCount: number } }>(
      gateway,
      `{ dataAsset(id: "${ASSET_ID}") { id } sessions(first: 1) { totalCount } }`,
      { deadlineMs: ANSWER_DEADLINE_MS },
    );

  it('stopped after startup: cached session assets still answer; an uncached lookup fails UNAVAILABLE alone', async () => {
    const { upstreams, gateway, view } = await scenario();
    await upstreams.codeocean.stop();
    const response = await view();
    expect(response.body.errors).toBeUndefined();
    expectIntactExcept(response, new Set());
    const byId = await byIdQuery(gateway);
    expect(byId.body.data?.sessions.totalCount).toBe(healthyTotal);
    expect(byId.body.data?.dataAsset).toBeNull();
    expect(errorsOf(byId.body)).toMatchObject([
      { field: 'dataAsset', source: 'codeocean', code: 'UPSTREAM_UNAVAILABLE' },
    ]);
  });

  it('hanging: an uncached lookup fails UPSTREAM_TIMEOUT and the answer comes within the deadline', async () => {
    const { upstreams, gateway } = await scenario({ env: SHORT_DEADLINES });
    upstreams.codeocean.setMode({ hang: true });
    upstreams.resetCounts();
    const byId = await byIdQuery(gateway); // aborted (test fails) after 4× the upstream timeout
    expect(byId.body.data?.sessions.totalCount).toBe(healthyTotal);
    expect(errorsOf(byId.body)).toMatchObject([
      { field: 'dataAsset', source: 'codeocean', code: 'UPSTREAM_TIMEOUT' },
    ]);
    // The deadline caps the attempts of a call: 1.5 s holds at most 3 attempts of 500 ms (and
    // backoff), fewer than the 5 that LABGRAPH_UPSTREAM_RETRIES=4 would allow.
    expect(upstreams.codeocean.requests.length).toBeGreaterThan(0);
    expect(upstreams.codeocean.requests.length).toBeLessThanOrEqual(4);
  });

  it('recovers on the next request once it answers again (failures are not cached)', async () => {
    const { upstreams, gateway } = await scenario();
    upstreams.codeocean.failNext(EVERY_REQUEST, 503);
    expect(errorsOf((await byIdQuery(gateway)).body)).toHaveLength(1);
    upstreams.codeocean.clearFailures();
    const response = await byIdQuery(gateway);
    expect(response.body.errors).toBeUndefined();
  });

  it('down from startup: the done-when query still lists 50 sessions; only asset fields fail', async () => {
    const { gateway } = await scenario({ beforeStart: (u) => u.codeocean.failNext(EVERY_REQUEST, 503) });
    const response = await postGraphQL<FiftySessionsData>(gateway, FIFTY_SESSIONS, {
      deadlineMs: ANSWER_DEADLINE_MS,
    });
    expect(response.body.data?.sessions.edges).toHaveLength(50);
    const errors = errorsOf(response.body);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.source === 'codeocean' && e.code === 'UPSTREAM_UNAVAILABLE')).toBe(true);
    const failedFields = new Set(errors.map((e) => e.field));
    for (const field of failedFields)
      expect(['rawDataAsset', 'sortedDataAssets', 'sorters']).toContain(field);
  });
});

describe('DocDB down (official driver)', () => {
  // What the code does without DocDB: startTime and rawDataAsset of uploaded sessions fail (no
  // fallback to the time in the AIND name or to CodeOcean's raw-asset rules); genotype fails for every
  // subject (no fallback to the training sheet). Sessions without an AIND name keep the sheet's start.
  const DOCDB_FIELDS = { startTime: uploaded, rawDataAsset: uploaded, genotype: everySubject };

  it('at startup: the gateway starts, says why, and lists the sessions of the other sources', async () => {
    const { logs, view } = await scenario({ mongoSwitch: 'off', env: SHORT_DEADLINES });
    const outage = logs.map((l) => JSON.parse(l)).find((l) => /^catalog without docdb/.test(l.msg));
    expect(outage).toMatchObject({ level: 40, source: 'docdb' });
    const response = await view();
    // Sessions only DocDB knows are missing until it is back; the others are all there.
    const total = response.body.data?.sessions.totalCount ?? 0;
    expect(total).toBeLessThan(healthyTotal);
    expect(total).toBeGreaterThan(50);
    const nodes = response.body.data?.sessions.edges.map((e) => e.node) ?? [];
    for (const node of nodes) expect(healthy.get(node.id) ?? null, node.id).not.toBeNull();
    expect(response.status).toBe(200);
    expectFailedFields(response, { source: 'docdb', code: 'UPSTREAM_UNAVAILABLE', fields: DOCDB_FIELDS });
    for (const node of nodes.filter((n) => n.name === null))
      expect(node.startTime, node.id).toBe(healthy.get(node.id)?.startTime ?? null);
  });

  it('stopped after startup: DocDB fields fail UNAVAILABLE, the rest resolves', async () => {
    const { upstreams, view } = await scenario({ env: SHORT_DEADLINES });
    await upstreams.mongo?.stop();
    const response = await view();
    expectIntactExcept(response, new Set(['startTime', 'rawDataAsset']));
    expectFailedFields(response, { source: 'docdb', code: 'UPSTREAM_UNAVAILABLE', fields: DOCDB_FIELDS });
  });

  it('hanging: DocDB fields fail UPSTREAM_TIMEOUT and the answer comes within the deadline', async () => {
    const { upstreams, view } = await scenario({ env: SHORT_DEADLINES });
    upstreams.mongo?.setHang(true);
    const response = await view(); // aborted (test fails) after 4× the upstream timeout
    expectIntactExcept(response, new Set(['startTime', 'rawDataAsset']));
    expectFailedFields(response, { source: 'docdb', code: 'UPSTREAM_TIMEOUT', fields: DOCDB_FIELDS });
  });

  it('recovers when an outage after startup ends', async () => {
    const { upstreams, view } = await scenario({ mongoSwitch: 'on', env: SHORT_DEADLINES });
    upstreams.mongoSwitch?.set(false);
    expectFailedFields(await view(), {
      source: 'docdb',
      code: 'UPSTREAM_UNAVAILABLE',
      fields: DOCDB_FIELDS,
    });
    upstreams.mongoSwitch?.set(true);
    const response = await view();
    expect(response.body.errors).toBeUndefined();
    expectIntactExcept(response, new Set());
  });

  // The driver closes a client whose first connection failed for good (MongoTopologyClosedError on
  // every later call); the backend drops such a client and connects afresh on the next call.
  it('recovers when DocDB, down at startup, comes back', async () => {
    const { upstreams, view } = await scenario({ mongoSwitch: 'off', env: SHORT_DEADLINES });
    expect(errorsOf((await view()).body).length).toBeGreaterThan(0);
    upstreams.mongoSwitch?.set(true);
    const response = await view();
    expect(errorsOf(response.body).map((e) => e.message)).toEqual([]);
  });
});

describe('DocDB REST gateway', () => {
  it('a 500 is retried: no error, the same answer as over the Mongo driver', async () => {
    const { upstreams, view } = await scenario({
      docdb: 'rest',
      beforeStart: (u) => u.rest?.failNext(1, 500),
    });
    upstreams.rest?.failNext(2, 500);
    const response = await view();
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.sessions.totalCount).toBe(healthyTotal);
    expectIntactExcept(response, new Set());
    // The failures were really served, then retried.
    const statuses = upstreams.rest?.requests.map((r) => r.status) ?? [];
    expect(statuses.filter((s) => s === 500)).toHaveLength(3);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});

describe('secrets stay secret', () => {
  const basic = Buffer.from(`${TEST_TOKEN}:`).toString('base64');
  const expectNoToken = (texts: readonly string[]) => {
    for (const text of texts) {
      expect(text).not.toContain(TEST_TOKEN);
      expect(text).not.toContain(basic);
      expect(text).not.toContain('secret_e2e');
    }
  };

  it('the CodeOcean token is in no response and no log line when CodeOcean fails', async () => {
    const { upstreams, gateway, logs, view } = await scenario({
      beforeStart: (u) => u.codeocean.failNext(EVERY_REQUEST, 503),
    });
    const failing = await view();
    expect(errorsOf(failing.body).length).toBeGreaterThan(0);
    const done = await postGraphQL(gateway, FIFTY_SESSIONS, { deadlineMs: ANSWER_DEADLINE_MS });
    upstreams.codeocean.clearFailures();
    await upstreams.codeocean.stop();
    const refused = await view();
    expect(errorsOf(refused.body).length).toBeGreaterThan(0);
    expectNoToken([failing.text, done.text, refused.text, ...logs]);
  });

  it('nor when CodeOcean rejects the token (401)', async () => {
    const { logs, view } = await scenario({ env: { CODE_OCEAN_API_TOKEN: `${TEST_TOKEN}-revoked` } });
    const response = await view();
    const errors = errorsOf(response.body);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.source === 'codeocean')).toBe(true);
    expectNoToken([response.text, ...logs]);
  });

  it('the DocDB password is in no response and no log line when DocDB fails', async () => {
    const password = 'Pa$$-S3cret-xyz';
    const { upstreams, logs, view } = await scenario({
      env: SHORT_DEADLINES,
      // The wire server knows no authentication: the driver's SASL handshake fails, as a bad login would.
      mongoUri: (uri) => uri.replace('mongodb://', `mongodb://labgraph:${encodeURIComponent(password)}@`),
    });
    const rejected = await view();
    expect(errorsOf(rejected.body).every((e) => e.source === 'docdb')).toBe(true);
    await upstreams.mongo?.stop();
    const down = await view();
    expect(errorsOf(down.body).length).toBeGreaterThan(0);
    for (const text of [rejected.text, down.text, ...logs]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(encodeURIComponent(password));
      expect(text).not.toContain('S3cret');
      expect(text).not.toContain('labgraph:');
    }
  });
});
