/**
 * ONE contract for every DocDB backend: the official mongodb driver against the loopback wire-protocol
 * server, the REST backend against the loopback gateway (which answers short pages), the embedded
 * JSON-lines store and — when LABGRAPH_TEST_MONGO_URI is set — a real MongoDB (seeded into a uniquely
 * named temporary database that is dropped afterwards). All of them hold the committed fixture
 * records plus a few awkward extras; expectations are computed from the documents in plain code.
 * Then the faults: unreachable/hanging MongoDB, REST 5xx/hang/404, a malformed JSON-lines file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docdbRecords } from '../../fixtures/generator/docdb.ts';
import { assetIdFor, buildLab, EDGE, LAB_SEED, labAssets } from '../../fixtures/generator/lab.ts';
import { ConfigError, SourceFileError, UpstreamError } from '../../src/errors.ts';
import { loadJsonLines } from '../../src/sources/docdb/embeddedBackend.ts';
import { codeOceanIdsFromLinks } from '../../src/sources/docdb/externalLinks.ts';
import {
  createEmbeddedDocDb,
  createMongoDocDb,
  createRestDocDb,
  type DocDbOperation,
  type DocDbSource,
  sessionStartOf,
  sorterNameOf,
  subjectIdOf,
} from '../../src/sources/docdb/index.ts';
import { redactCredentials } from '../../src/sources/docdb/mongoBackend.ts';
import type { RetryPolicy } from '../../src/sources/upstreamHttp.ts';
import { type DocDbRestServer, startDocDbRestServer } from '../support/docdbRestServer.ts';
import { type MongoWireServer, startMongoWireServer } from '../support/mongoWireServer.ts';

const FIXTURE_FILE = fileURLToPath(new URL('../../fixtures/docdb/data_assets.jsonl', import.meta.url));
const DB = 'metadata_index';
const COLLECTION = 'data_assets';
const REST_MAX_PAGE = 7;
const WIRE_BATCH = 5;
const FAST_RETRY: RetryPolicy = {
  retries: 3,
  minDelayMs: 5,
  maxDelayMs: 20,
  attemptTimeoutMs: 5_000,
  deadlineMs: 20_000,
};

const lab = buildLab(LAB_SEED);
const assets = labAssets(lab);

/** Names that a regex would confuse: the twin is what the unescaped first name would also match. */
const PUNCTUATED = 'behavior_699999_2024-01-01_00-00-00 (copy).v2';
const PATTERN_TWIN = 'behavior_699999_2024-01-01_00-00-00 copyXv2';
const MALFORMED = 'behavior_699998_2024-01-02_00-00-00';
const NAMELESS_ID = 'extra-nameless';
const EXTRA_DOCS: Document[] = [
  {
    _id: 'extra-punctuated',
    name: PUNCTUATED,
    created: '2024-01-01T08:00:00Z',
    external_links: {},
    data_description: { subject_id: '699999', data_level: 'raw' },
    subject: { subject_id: '699999' },
  },
  {
    _id: 'extra-twin',
    name: PATTERN_TWIN,
    created: '2024-01-01T08:00:01Z',
    external_links: {},
    data_description: { subject_id: '699999', data_level: 'raw' },
    subject: { subject_id: '699999' },
  },
  {
    _id: 'extra-malformed',
    name: MALFORMED,
    created: '2024-01-02T08:00:00.250Z',
    external_links: { 'Code Ocean': 'not-a-uuid' },
    data_description: { subject_id: '699998', data_level: 'raw' },
    subject: { subject_id: '699998', sex: 5 },
    quality_control: 'junk',
  },
  { _id: NAMELESS_ID, created: '2024-01-03T00:00:00Z', data_description: { subject_id: '699998' } },
];

let documents: Document[] = [];
let extrasFile = '';
let scratchDir = '';

beforeAll(async () => {
  documents = [...(await loadJsonLines([FIXTURE_FILE])), ...EXTRA_DOCS];
  scratchDir = await mkdtemp(join(tmpdir(), 'labgraph-docdb-'));
  extrasFile = join(scratchDir, 'extras.jsonl');
  await writeFile(extrasFile, `${EXTRA_DOCS.map((d) => JSON.stringify(d)).join('\n')}\n`);
});
afterAll(() => rm(scratchDir, { recursive: true, force: true }));

// Expectations, computed without any query engine. Mongo compares strings by code unit.
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const named = () => documents.filter((d) => typeof d.name === 'string');
const namesWhere = (predicate: (d: Document) => boolean) =>
  named()
    .filter(predicate)
    .map((d) => d.name as string);
const subjectOfDoc = (d: Document): unknown => d.subject?.subject_id ?? d.data_description?.subject_id;
const sorted = (names: string[]) => [...names].sort(byCodeUnit);

const rawNameOf = (sessionId: string) => {
  const name = lab.sessions.find((s) => s.id === sessionId)?.aind?.name;
  if (!name) throw new Error(`lab: no AIND session ${sessionId}`);
  return name;
};
const SAME_DAY_RAW = rawNameOf(`${EDGE.sameDaySubject}_${EDGE.sameDayDate}`);
const SAME_DAY_SURFACE_RAW = rawNameOf(`${EDGE.sameDaySubject}_${EDGE.sameDayDate}_1`);
const LEGACY_ASSET = assets.find((a) => a.docdb === 'list-links');

interface Harness {
  source: DocDbSource;
  operations: DocDbOperation[];
  malformed: string[];
  /** Round trips a find of a handful of records costs (REST needs the empty page that ends paging). */
  smallFindRoundTrips: number;
  /** Whether a full scan needs more than one round trip (batches / short pages). */
  pages: boolean;
  /** `<database>/<collection>` of the records' URIs. */
  store: string;
  stop(): Promise<void>;
}

interface Backend {
  name: string;
  start(): Promise<Harness>;
}

function recorder() {
  const operations: DocDbOperation[] = [];
  const malformed: string[] = [];
  return {
    operations,
    malformed,
    hooks: {
      onRequest: (operation: DocDbOperation) => void operations.push(operation),
      onMalformedRecord: (problem: string) => void malformed.push(problem),
    },
  };
}

const backends: Backend[] = [
  {
    name: 'mongodb driver ↔ loopback wire server',
    async start() {
      const server: MongoWireServer = await startMongoWireServer({
        databases: { [DB]: { [COLLECTION]: documents } },
        defaultBatchSize: WIRE_BATCH,
      });
      const { operations, malformed, hooks } = recorder();
      const source = createMongoDocDb({
        uri: server.uri,
        timeouts: { serverSelectionTimeoutMS: 2_000 },
        ...hooks,
      });
      return {
        source,
        operations,
        malformed,
        smallFindRoundTrips: 1,
        pages: true,
        store: `${DB}/${COLLECTION}`,
        async stop() {
          await source.close();
          await server.stop();
        },
      };
    },
  },
  {
    name: 'REST backend ↔ loopback gateway (short pages)',
    async start() {
      const server: DocDbRestServer = await startDocDbRestServer({
        databases: { [DB]: { [COLLECTION]: documents } },
        maxPageSize: REST_MAX_PAGE,
      });
      const { operations, malformed, hooks } = recorder();
      const source = createRestDocDb({ baseUrl: server.baseUrl, policy: FAST_RETRY, pageSize: 20, ...hooks });
      return {
        source,
        operations,
        malformed,
        smallFindRoundTrips: 2,
        pages: true,
        store: `${DB}/${COLLECTION}`,
        async stop() {
          await source.close();
          await server.stop();
        },
      };
    },
  },
  {
    name: 'embedded JSON lines (mingo)',
    async start() {
      const { operations, malformed, hooks } = recorder();
      const source = await createEmbeddedDocDb({ files: [FIXTURE_FILE, extrasFile], ...hooks });
      return {
        source,
        operations,
        malformed,
        smallFindRoundTrips: 1,
        pages: false,
        store: 'embedded/data_assets',
        stop: () => source.close(),
      };
    },
  },
];

const REAL_MONGO_URI = process.env.LABGRAPH_TEST_MONGO_URI;
if (REAL_MONGO_URI) {
  backends.push({
    name: 'mongodb driver ↔ real MongoDB (LABGRAPH_TEST_MONGO_URI)',
    async start() {
      const database = `labgraph_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const admin = new MongoClient(REAL_MONGO_URI, { serverSelectionTimeoutMS: 10_000 });
      await admin.db(database).collection(COLLECTION).insertMany(structuredClone(documents));
      const { operations, malformed, hooks } = recorder();
      const source = createMongoDocDb({ uri: REAL_MONGO_URI, database, batchSize: WIRE_BATCH, ...hooks });
      return {
        source,
        operations,
        malformed,
        smallFindRoundTrips: 1,
        pages: true,
        store: `${database}/${COLLECTION}`,
        async stop() {
          await source.close();
          await admin.db(database).dropDatabase();
          await admin.close();
        },
      };
    },
  });
}

describe.each(backends)('DocDB contract: $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await backend.start();
  });
  afterAll(() => h?.stop());

  /** Operations recorded while `run` ran. */
  async function counting<T>(run: () => Promise<T>): Promise<{ result: T; operations: DocDbOperation[] }> {
    const before = h.operations.length;
    const result = await run();
    return { result, operations: h.operations.slice(before) };
  }

  it('finds one record by exact name, with typed top-level fields and sections', async () => {
    const { result: records, operations } = await counting(() =>
      h.source.find({ filter: { names: [SAME_DAY_RAW] } }),
    );
    expect(records).toHaveLength(1);
    const record = records[0]!;
    const document = documents.find((d) => d.name === SAME_DAY_RAW)!;
    expect(record.name).toBe(SAME_DAY_RAW);
    expect(record.uri).toBe(`docdb://${h.store}/${SAME_DAY_RAW}`);
    expect(record.docdbId).toBe(document._id);
    expect(record.created).toEqual(new Date(document.created));
    expect(record.location).toBe(`s3://aind-ephys-data/${SAME_DAY_RAW}`);
    expect(record.codeOceanAssetIds).toEqual([assetIdFor(SAME_DAY_RAW)]);
    expect(record.sections.subject).toMatchObject({
      state: 'present',
      value: { subjectId: EDGE.sameDaySubject },
    });
    expect(record.sections.data_description).toMatchObject({
      state: 'present',
      value: { dataLevel: 'raw' },
    });
    expect(sessionStartOf(record)).toEqual(new Date(`${EDGE.sameDayDate}T13:43:40-08:00`));
    expect(operations).toHaveLength(h.smallFindRoundTrips);
  });

  it('finds a batch of names in one query; unknown names are simply absent', async () => {
    const wanted = [SAME_DAY_RAW, SAME_DAY_SURFACE_RAW, PUNCTUATED, 'ecephys_000000_2020-01-01_00-00-00'];
    const { result: records, operations } = await counting(() =>
      h.source.find({ filter: { names: wanted } }),
    );
    expect(sorted(records.map((r) => r.name))).toEqual(sorted(wanted.slice(0, 3)));
    expect(operations.filter((o) => o === 'find')).toHaveLength(h.smallFindRoundTrips);
  });

  it('finds by subject ids, including records without a subject section', async () => {
    const noSubject = named().find((d) => d.subject === null)!;
    const subjects = [
      EDGE.sameDaySubject,
      EDGE.genotypeDisagreementSubject,
      subjectOfDoc(noSubject) as string,
    ];
    const records = await h.source.find({ filter: { subjectIds: subjects } });
    expect(sorted(records.map((r) => r.name))).toEqual(
      sorted(namesWhere((d) => subjects.includes(subjectOfDoc(d) as string))),
    );
    expect(records.map((r) => r.name)).toContain(noSubject.name);
    for (const record of records) expect(subjects).toContain(subjectIdOf(record));
    const disagreeing = records.find(
      (r) =>
        r.sections.subject.state === 'present' &&
        r.sections.subject.value.subjectId === EDGE.genotypeDisagreementSubject,
    );
    const labSubject = lab.subjects.find((s) => s.id === EDGE.genotypeDisagreementSubject)!;
    expect(disagreeing?.sections.subject).toMatchObject({
      value: { genotype: labSubject.docdbDisagrees?.genotype },
    });
  });

  it('finds by CodeOcean asset id in both external_links formats', async () => {
    expect(LEGACY_ASSET).toBeDefined();
    const dictId = assetIdFor(SAME_DAY_RAW);
    const records = await h.source.find({ filter: { codeOceanAssetIds: [LEGACY_ASSET!.id, dictId] } });
    expect(sorted(records.map((r) => r.name))).toEqual(sorted([LEGACY_ASSET!.name, SAME_DAY_RAW]));
    const legacy = records.find((r) => r.name === LEGACY_ASSET!.name)!;
    expect(Array.isArray(legacy.raw.external_links)).toBe(true);
    expect(legacy.codeOceanAssetIds).toEqual([LEGACY_ASSET!.id]);
  });

  it('treats a name prefix literally: `.` and `(` are not patterns', async () => {
    const literal = await h.source.find({
      filter: { namePrefix: 'behavior_699999_2024-01-01_00-00-00 (copy).' },
    });
    expect(literal.map((r) => r.name)).toEqual([PUNCTUATED]);
    // Its URI names it encoded: spaces and parentheses do not break the URI.
    expect(literal[0]?.uri).toBe(`docdb://${h.store}/behavior_699999_2024-01-01_00-00-00%20(copy).v2`);
    expect(await h.source.find({ filter: { namePrefix: 'ecephys_676909_2023.12' } })).toEqual([]);
    const prefix = `ecephys_${EDGE.sameDaySubject}_${EDGE.sameDayDate}`;
    const records = await h.source.find({ filter: { namePrefix: prefix } });
    expect(sorted(records.map((r) => r.name))).toEqual(sorted(namesWhere((d) => d.name.startsWith(prefix))));
    expect(records.length).toBeGreaterThan(2);
  });

  it('projects: top-level fields plus the asked sections; the others are marked notFetched', async () => {
    const [record] = await h.source.find({ filter: { names: [SAME_DAY_RAW] }, projection: ['subject'] });
    expect(record?.sections.subject.state).toBe('present');
    expect(record?.sections.session.state).toBe('notFetched');
    expect(record?.sections.data_description.state).toBe('notFetched');
    expect(Object.keys(record?.raw ?? {})).not.toContain('session');
    expect(record?.raw).toMatchObject({
      name: SAME_DAY_RAW,
      external_links: { 'Code Ocean': [assetIdFor(SAME_DAY_RAW)] },
    });
    expect(record?.created).toBeInstanceOf(Date);
  });

  it('sorts by name and by created, ascending and descending', async () => {
    const filter = { subjectIds: [EDGE.sameDaySubject] };
    const expected = sorted(namesWhere((d) => subjectOfDoc(d) === EDGE.sameDaySubject));
    const asc = await h.source.find({ filter, sort: { field: 'name', direction: 'asc' } });
    const desc = await h.source.find({ filter, sort: { field: 'name', direction: 'desc' } });
    expect(asc.map((r) => r.name)).toEqual(expected);
    expect(desc.map((r) => r.name)).toEqual([...expected].reverse());
    const byCreated = await h.source.find({ filter, sort: { field: 'created', direction: 'desc' } });
    const times = byCreated.map((r) => r.created?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('skips and limits (a limit larger than a page still returns exactly that many)', async () => {
    const filter = { namePrefix: 'ecephys_' };
    const all = sorted(namesWhere((d) => d.name.startsWith('ecephys_')));
    const page = await h.source.find({
      filter,
      sort: { field: 'name', direction: 'asc' },
      skip: 3,
      limit: 9,
    });
    expect(page.map((r) => r.name)).toEqual(all.slice(3, 12));
    const tail = await h.source.find({
      filter,
      sort: { field: 'name', direction: 'asc' },
      skip: all.length - 2,
    });
    expect(tail.map((r) => r.name)).toEqual(all.slice(-2));
  });

  it('reads every batch/page of a long result, leaving out (and reporting) a document with no name', async () => {
    const { result: records, operations } = await counting(() => h.source.find({ filter: {} }));
    expect(records).toHaveLength(named().length);
    expect(new Set(records.map((r) => r.docdbId)).size).toBe(records.length);
    const times = records.map((r) => r.created?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(h.malformed.some((p) => p.includes(NAMELESS_ID))).toBe(true);
    if (h.pages) {
      // wire server: one find + getMores of 5; REST: pages of at most 7, then the empty page.
      expect(operations.length).toBeGreaterThanOrEqual(Math.ceil(documents.length / REST_MAX_PAGE));
    } else {
      expect(operations).toEqual(['find']);
    }
    if (backend.name.startsWith('mongodb')) expect(operations).toContain('getMore');
  });

  it('counts matching documents', async () => {
    expect(await h.source.count({ subjectIds: [EDGE.sameDaySubject] })).toBe(
      namesWhere((d) => subjectOfDoc(d) === EDGE.sameDaySubject).length,
    );
    expect(await h.source.count({ dataLevel: 'derived' })).toBe(
      namesWhere((d) => d.data_description?.data_level === 'derived').length,
    );
    expect(await h.source.count({})).toBe(documents.length);
    expect(await h.source.count({ names: ['no-such-record'] })).toBe(0);
  });

  it('filters on data level, modality and project together', async () => {
    const filter = {
      subjectIds: [EDGE.sameDaySubject],
      dataLevel: 'derived' as const,
      modality: 'ecephys',
      projectName: 'Dynamic Routing',
    };
    const expected = namesWhere(
      (d) =>
        subjectOfDoc(d) === EDGE.sameDaySubject &&
        d.data_description?.data_level === 'derived' &&
        d.data_description?.project_name === 'Dynamic Routing' &&
        (d.data_description?.modality ?? []).some((m: Document) => m.abbreviation === 'ecephys'),
    );
    expect(expected.length).toBeGreaterThan(0);
    const records = await h.source.find({ filter });
    expect(sorted(records.map((r) => r.name))).toEqual(sorted(expected));
  });

  it('created bounds are inclusive', async () => {
    const document = named().find((d) => d.name === SAME_DAY_RAW)!;
    const at = new Date(document.created);
    const records = await h.source.find({ filter: { createdFrom: at, createdTo: at } });
    expect(records.map((r) => r.name)).toContain(SAME_DAY_RAW);
    const second = document.created.slice(0, 19);
    expect(records.map((r) => r.name)).toEqual(namesWhere((d) => d.created.slice(0, 19) === second));
  });

  it('parses a record without a subject section, marking that section absent', async () => {
    const document = named().find((d) => d.subject === null)!;
    const [record] = await h.source.find({ filter: { names: [document.name] } });
    expect(record?.sections.subject).toEqual({ state: 'absent' });
    expect(record?.sections.data_description.state).toBe('present');
    expect(subjectIdOf(record!)).toBe(document.data_description.subject_id);
  });

  it('fails only the malformed sections of a record, not the query', async () => {
    const [record] = await h.source.find({ filter: { names: [MALFORMED] } });
    expect(record?.sections.subject).toMatchObject({
      state: 'invalid',
      error: expect.stringContaining('sex'),
    });
    expect(record?.sections.quality_control.state).toBe('invalid');
    expect(record?.sections.data_description.state).toBe('present');
    expect(record?.sections.session).toEqual({ state: 'absent' });
    expect(record!.codeOceanAssetIds).toEqual([]); // junk link value ignored
    expect(subjectIdOf(record!)).toBe('699998');
  });

  it("reads each sorted asset's sorter (failed runs have none)", async () => {
    const sortedAssets = assets.filter((a) => a.kind === 'sorted');
    const records = await h.source.find({
      filter: { names: sortedAssets.map((a) => a.name) },
      projection: ['processing'],
    });
    expect(records).toHaveLength(sortedAssets.length);
    for (const record of records) {
      const asset = sortedAssets.find((a) => a.name === record.name)!;
      expect(sorterNameOf(record), record.name).toBe(asset.error ? null : asset.sorter);
    }
    expect(new Set(records.map(sorterNameOf))).toEqual(
      new Set(['kilosort2_5', 'kilosort4', 'spykingcircus2', null]),
    );
  });
});

describe('DocDB faults: MongoDB backend', () => {
  const PASSWORD = 'Sup3r/Secret!';
  const credentialed = (port: number) =>
    `mongodb://labgraph:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/?directConnection=true&authSource=admin`;
  const leaks = (text: string) =>
    [PASSWORD, encodeURIComponent(PASSWORD), 'Sup3r'].filter((secret) => text.includes(secret));

  async function failure(
    source: DocDbSource,
    run: (s: DocDbSource) => Promise<unknown>,
  ): Promise<UpstreamError> {
    try {
      await run(source);
    } catch (error) {
      return error as UpstreamError;
    } finally {
      await source.close();
    }
    throw new Error('expected the call to fail');
  }

  it('server stopped → UNAVAILABLE naming docdb, without the password', async () => {
    const server = await startMongoWireServer();
    await server.stop();
    const uri = credentialed(server.port);
    const error = await failure(createMongoDocDb({ uri, timeouts: { serverSelectionTimeoutMS: 300 } }), (s) =>
      s.find({ filter: { names: ['x'] } }),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ source: 'docdb', kind: 'UNAVAILABLE' });
    expect(error.message).toMatch(/^docdb: find records failed/);
    expect(leaks(error.message)).toEqual([]);
    expect(leaks(String(error.cause ?? ''))).toEqual([]);
    expect(leaks(JSON.stringify(error))).toEqual([]);
  });

  it('credentials rejected (no SCRAM on the server) → UNAVAILABLE, password scrubbed', async () => {
    const server = await startMongoWireServer();
    try {
      const error = await failure(
        createMongoDocDb({ uri: credentialed(server.port), timeouts: { serverSelectionTimeoutMS: 1_000 } }),
        (s) => s.count({}),
      );
      expect(error).toMatchObject({ source: 'docdb', kind: 'UNAVAILABLE' });
      expect(leaks(error.message)).toEqual([]);
      expect(server.requests.some((r) => r.command === 'saslStart' || r.command === 'saslContinue')).toBe(
        true,
      );
    } finally {
      await server.stop();
    }
  });

  it('server stops answering → TIMEOUT', async () => {
    const server = await startMongoWireServer({ databases: { [DB]: { [COLLECTION]: EXTRA_DOCS } } });
    try {
      const source = createMongoDocDb({
        uri: server.uri,
        timeouts: { serverSelectionTimeoutMS: 1_000, socketTimeoutMS: 300 },
      });
      await source.count({}); // connected and working first
      server.setHang(true);
      const error = await failure(source, (s) => s.find({ filter: {} }));
      expect(error).toMatchObject({ source: 'docdb', kind: 'TIMEOUT' });
    } finally {
      await server.stop();
    }
  });

  it('scrubs the credentials from any text, raw or percent-encoded', () => {
    const uri = credentialed(27017);
    const text = `cannot reach ${uri}; auth labgraph:${encodeURIComponent(PASSWORD)} (${PASSWORD}); mongodb://a:b@h`;
    const scrubbed = redactCredentials(text, uri);
    expect(leaks(scrubbed)).toEqual([]);
    expect(scrubbed).not.toContain('a:b@');
    expect(scrubbed).toContain('cannot reach');
  });

  it('a malformed connection string is a ConfigError that does not echo it', () => {
    const bad = `mongodb://labgraph:${encodeURIComponent(PASSWORD)}@127.0.0.1/?tls=maybe`;
    expect(() => createMongoDocDb({ uri: bad })).toThrow(ConfigError);
    try {
      createMongoDocDb({ uri: bad });
    } catch (error) {
      expect(leaks((error as Error).message)).toEqual([]);
    }
  });

  it('describe() names host, database and collection but never credentials', async () => {
    const source = createMongoDocDb({
      uri: credentialed(27017),
      database: 'metadata_index',
      collection: 'data_assets',
    });
    expect(source.describe()).toBe('DocDB MongoDB mongodb://127.0.0.1:27017 metadata_index.data_assets');
    expect(leaks(source.describe())).toEqual([]);
    await source.close();
  });
});

describe('DocDB faults: REST backend', () => {
  let server: DocDbRestServer;
  beforeAll(async () => {
    server = await startDocDbRestServer({
      databases: { [DB]: { [COLLECTION]: EXTRA_DOCS } },
      maxPageSize: 2,
    });
  });
  afterAll(() => server.stop());

  const source = (policy: RetryPolicy = FAST_RETRY, collection = COLLECTION) =>
    createRestDocDb({ baseUrl: server.baseUrl, collection, policy, pageSize: 10 });

  it('records name the database and collection they were read from', async () => {
    const lab = await startDocDbRestServer({ databases: { lab_db: { lab_assets: EXTRA_DOCS } } });
    try {
      const rest = createRestDocDb({ baseUrl: lab.baseUrl, database: 'lab_db', collection: 'lab_assets' });
      const [record] = await rest.find({ filter: { names: [PUNCTUATED] } });
      expect(record?.uri.startsWith('docdb://lab_db/lab_assets/')).toBe(true);
    } finally {
      await lab.stop();
    }
  });

  it('a 500 then OK is retried and the query succeeds', async () => {
    server.failNext(2, 503);
    const before = server.requests.length;
    const records = await source().find({ filter: { names: [PUNCTUATED] } });
    expect(records.map((r) => r.name)).toEqual([PUNCTUATED]);
    expect(server.requests.slice(before).map((r) => r.status)).toEqual([503, 503, 200, 200]);
  });

  it('5xx on every attempt → UNAVAILABLE naming docdb', async () => {
    server.failNext(100, 500);
    try {
      await expect(source({ ...FAST_RETRY, retries: 2 }).find({ filter: {} })).rejects.toMatchObject({
        source: 'docdb',
        kind: 'UNAVAILABLE',
        message: expect.stringContaining('HTTP 500'),
      });
    } finally {
      server.failNext(0);
    }
  });

  it('no answer → TIMEOUT', async () => {
    server.setHang(true);
    try {
      const policy = { retries: 1, minDelayMs: 5, maxDelayMs: 10, attemptTimeoutMs: 200, deadlineMs: 1_000 };
      await expect(source(policy).count({})).rejects.toMatchObject({ source: 'docdb', kind: 'TIMEOUT' });
    } finally {
      server.setHang(false);
    }
  });

  it('a wrong collection (404) → UNAVAILABLE that says so', async () => {
    await expect(source(FAST_RETRY, 'no_such_collection').find({ filter: {} })).rejects.toMatchObject({
      source: 'docdb',
      kind: 'UNAVAILABLE',
      message: expect.stringContaining('404'),
    });
  });

  it('sends the filter as JSON and pages with skip += page length', async () => {
    const before = server.requests.length;
    const records = await source().find({ filter: { subjectIds: ['699999', '699998'] } });
    expect(records).toHaveLength(3); // the nameless one is left out
    const finds = server.requests.slice(before);
    expect(finds.map((r) => r.params.skip)).toEqual(['0', '2', '4']);
    expect(finds.every((r) => r.params.limit === '10')).toBe(true);
    expect(JSON.parse(finds[0]?.params.filter ?? '{}')).toEqual({
      $or: [
        { 'subject.subject_id': { $in: ['699999', '699998'] } },
        { 'data_description.subject_id': { $in: ['699999', '699998'] } },
      ],
    });
  });

  it('describe() shows the gateway path', () => {
    expect(source().describe()).toBe(`DocDB REST gateway ${server.baseUrl}/v1/${DB}/${COLLECTION}`);
  });
});

describe('DocDB faults: embedded backend', () => {
  it('a malformed JSON line is a startup error naming file and line', async () => {
    const file = join(scratchDir, 'broken.jsonl');
    await writeFile(file, `${JSON.stringify(EXTRA_DOCS[0])}\n\n{"name": "cut short"\n`);
    const error = await createEmbeddedDocDb({ files: [file] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFileError);
    expect(error).toMatchObject({ file, location: 'line 3' });
  });

  it('a line that is JSON but not an object is refused too', async () => {
    const file = join(scratchDir, 'array.jsonl');
    await writeFile(file, '[1, 2]\n');
    await expect(createEmbeddedDocDb({ files: [file] })).rejects.toMatchObject({ location: 'line 1' });
  });
});

describe('external_links', () => {
  const id = '16d46411-540a-4122-b47f-8cb2a15d593a';
  it.each<[string, unknown, string[]]>([
    [
      'dict format',
      { 'Code Ocean': [id, '0a1b2c3d-0000-4000-8000-000000000001'] },
      [id, '0a1b2c3d-0000-4000-8000-000000000001'],
    ],
    ['dict with a single string', { 'Code Ocean': id }, [id]],
    ['legacy list format', [{ 'Code Ocean': id }, { Other: 'x' }], [id]],
    [
      'ids normalised (case, missing dashes) and de-duplicated',
      [{ 'Code Ocean': id.toUpperCase() }, { 'Code Ocean': id.replaceAll('-', '') }],
      [id],
    ],
    [
      'junk entries skipped',
      [null, 'Code Ocean', { 'Code Ocean': 42 }, { 'Code Ocean': 'N/A' }, { 'Code Ocean': [id, null] }],
      [id],
    ],
    ['no key', {}, []],
    ['null', null, []],
    ['a string', id, []],
  ])('%s', (_label, links, expected) => {
    expect(codeOceanIdsFromLinks(links)).toEqual(expected);
  });
});

describe('DocDB fixtures', () => {
  it('the committed data_assets.jsonl is what the generator makes from the lab', async () => {
    const committed = (await readFile(FIXTURE_FILE, 'utf8')).trimEnd().split('\n');
    expect(committed).toEqual(docdbRecords(lab).map((record) => JSON.stringify(record)));
  });

  it('has a record per lab asset with a DocDB footprint, plus the sessions without a raw asset', () => {
    const names = new Set(named().map((d) => d.name));
    for (const asset of assets) {
      if (asset.docdb === 'none') expect(names.has(asset.name), asset.name).toBe(false);
      else expect(names.has(asset.name), asset.name).toBe(true);
    }
    for (const session of lab.sessions) {
      if (session.aind && session.aind.docdb !== 'none')
        expect(names.has(session.aind.name), session.id).toBe(true);
    }
    const docdbOnly = lab.sessions.find((s) => s.subject === EDGE.docdbOnlySubject)!;
    expect(named().find((d) => d.name === docdbOnly.aind?.name)?.external_links).toEqual({});
  });
});
