/**
 * End to end over the real protocols: the gateway talks HTTP to the CodeOcean API test server and
 * the MongoDB wire protocol (official driver) to the DocDB test server, both serving the committed
 * fixtures. One query for 50 sessions — subject genotype, raw asset, kilosort2_5 results, sorters,
 * DocDB start time — must be right (checked against the fixture lab model) and batched: the servers
 * count what it costs.
 *
 * The bound, per GraphQL request (DESIGN.md "Batching is not optional"):
 * - CodeOcean's search ORs a repeated field, so the assets of any number of subjects cost bulk
 *   searches — two per 100 subjects (names containing any of them, `subject id` naming any of them;
 *   a lone subject: its free-text search) — plus one request per further page, never one per
 *   subject, session or field;
 * - CodeOcean has no batch GET, so linked assets cost one GET per distinct asset id, never per field;
 * - DocDB costs one `find` per level — level 1: the sessions' records by name and the subjects'
 *   records; level 2: the sorted assets' records (their sorter) — plus one getMore per further batch.
 * Caches (CodeOcean 10 min, DocDB 12 h, per process) can only make a request cheaper, so the bound is
 * checked twice: on a warm gateway (counting the query alone) and on cold gateways counting
 * everything from startup, where the cost must not depend on how many sessions are asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabAsset, type LabSession, labAssets } from '../../fixtures/generator/lab.ts';
import { SUBJECTS_PER_SEARCH, subjectSearches } from '../../src/sources/codeocean/sourceCore.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import {
  FIFTY_SESSIONS,
  type FiftySessionsData,
  type FiftySessionsNode,
  postGraphQL,
  startUpstreams,
  type UpstreamCounts,
  type Upstreams,
} from '../support/upstreams.ts';

const lab = buildLab();
const assets = labAssets(lab);
const SORTER = 'kilosort2_5';

const labSession = (id: string): LabSession => {
  const session = lab.sessions.find((s) => s.id === id);
  if (!session) throw new Error(`session ${id} is not in the fixture lab`);
  return session;
};

const newestFirst = (a: LabAsset, b: LabAsset) => b.created - a.created;

/** Sorted assets the gateway can attribute to a sorter: only through their DocDB processing record. */
const sortedAssetsOf = (sessionId: string) =>
  assets.filter((a) => a.sessionId === sessionId && a.kind === 'sorted' && a.docdb !== 'none');

/** DocDB's subject section wins; the sheet fills in for subjects DocDB has no section for. */
function expectedGenotype(subjectId: string): string | null {
  const subject = lab.subjects.find((s) => s.id === subjectId);
  if (!subject) return null;
  if (subject.inDocdb) return subject.docdbDisagrees?.genotype ?? subject.genotype;
  return subject.inSheets ? subject.genotype : null;
}

/** What the sessions cost at most (see the header): derived from the answer, not from the gateway. */
function boundOf(nodes: readonly FiftySessionsNode[]) {
  const uploaded = nodes.filter((n) => n.name !== null);
  const linkedIds = new Set(
    uploaded.flatMap((n) => {
      const aind = labSession(n.id).aind;
      return aind?.rawAsset && aind.docdb !== 'none' ? [n.rawDataAsset?.id ?? ''] : [];
    }),
  );
  return {
    /** Subjects whose sessions have AIND names: only those need a CodeOcean search. */
    searchedSubjects: new Set(uploaded.map((n) => n.subject.id)),
    linkedIds,
    sortedIds: new Set(uploaded.flatMap((n) => sortedAssetsOf(n.id).map((a) => a.id))),
  };
}

/** One scan per query: its pages ask for increasing offsets, each once. */
function scansOf(counts: UpstreamCounts): Map<string, number[]> {
  const scans = new Map<string, number[]>();
  for (const page of counts.searchPages)
    scans.set(page.query, [...(scans.get(page.query) ?? []), page.offset]);
  return scans;
}

async function runFiftySessions(gateway: RunningGateway, first = 50) {
  const response = await postGraphQL<FiftySessionsData>(gateway, FIFTY_SESSIONS, { variables: { first } });
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  return (response.body.data?.sessions.edges ?? []).map((e) => e.node);
}

describe('the done-when query on a warm gateway', () => {
  let upstreams: Upstreams;
  let startup: UpstreamCounts;
  let query: UpstreamCounts;
  let nodes: FiftySessionsNode[];
  let gateway: RunningGateway;

  beforeAll(async () => {
    upstreams = await startUpstreams();
    upstreams.resetCounts();
    gateway = await startGateway(upstreams.env());
    startup = upstreams.counts();
    upstreams.resetCounts();
    nodes = await runFiftySessions(gateway);
    query = upstreams.counts();
  });
  afterAll(async () => {
    await gateway?.close();
    await upstreams?.stop();
  });

  it('the gateway used the real protocols: HTTP CodeOcean and the Mongo driver', () => {
    expect(startup.searches).toBeGreaterThan(0);
    expect(upstreams.codeocean.requests.every((r) => r.authorized)).toBe(true);
    expect(upstreams.mongo?.count('find')).toBeGreaterThan(0);
  });

  it('answers 50 sessions whose values agree with the fixture lab', () => {
    expect(nodes).toHaveLength(50);
    const ids = nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(50);
    for (const node of nodes) {
      const session = labSession(node.id);
      expect(node.subject.id, node.id).toBe(session.subject);
      expect(node.subject.genotype, node.id).toBe(expectedGenotype(session.subject));
      // Lab-local wall time, whichever source gave it (DocDB session record, AIND name, sheet).
      expect(node.startTime?.slice(0, 19), node.id).toBe(`${session.date}T${session.startTime}`);
      expect(node.name, node.id).toBe(session.aind?.name ?? null);
      const raw = session.aind?.rawAsset ? session.aind.name : null;
      expect(node.rawDataAsset, node.id).toEqual(
        raw === null ? null : { id: assets.find((a) => a.name === raw)?.id, name: raw },
      );
      const sorted = sortedAssetsOf(node.id);
      expect(node.sortedDataAssets, node.id).toEqual(
        sorted
          .filter((a) => a.sorter === SORTER)
          .sort(newestFirst)
          .map((a) => ({ id: a.id, name: a.name })),
      );
      expect(node.sorters, node.id).toEqual([...new Set(sorted.map((a) => a.sorter))].sort());
    }
  });

  it('the fixtures exercise every part of the query', () => {
    const withDocDbStart = nodes.filter((n) => n.knownTo.includes('DOCDB'));
    expect(withDocDbStart.length).toBeGreaterThan(3);
    expect(nodes.filter((n) => n.rawDataAsset !== null).length).toBeGreaterThan(3);
    expect(nodes.filter((n) => (n.sortedDataAssets ?? []).length > 0).length).toBeGreaterThan(1);
    expect(nodes.filter((n) => (n.sorters ?? []).length > 1).length).toBeGreaterThan(0);
    expect(new Set(nodes.map((n) => n.subject.id)).size).toBeGreaterThan(5);
  });

  it("discovers every subject's assets at startup with bulk searches, not one search per subject", () => {
    const scans = scansOf(startup);
    const subjects = new Set(lab.subjects.map((s) => s.id));
    // One page each (the fixtures fit the default page size); the queries name many subjects at once.
    expect([...scans.values()].every((offsets) => offsets.length === 1)).toBe(true);
    expect(startup.searches).toBe(scans.size);
    expect(startup.searches).toBeLessThanOrEqual(2 * Math.ceil(subjects.size / SUBJECTS_PER_SEARCH));
    expect(subjects.size).toBeGreaterThan(10);
    for (const queryText of scans.keys()) {
      const named = [...queryText.matchAll(/(?:name|subject id):(\d+)/g)].map((m) => m[1]);
      expect(named.length, queryText).toBeGreaterThan(10);
      for (const subject of named) expect(subjects).toContain(subject);
    }
  });

  it("costs at most one bulk search pair for the query's subjects, not one search per subject", () => {
    const bound = boundOf(nodes);
    const scans = scansOf(query);
    expect([...scans.values()].every((offsets) => offsets.length === 1)).toBe(true);
    const searched = [...bound.searchedSubjects].sort();
    expect(query.searches).toBeLessThanOrEqual(subjectSearches(searched).length);
    expect(query.searches).toBeLessThan(bound.searchedSubjects.size);
  });

  it('fetches each asset at most once, and only assets the sessions link or sorted', () => {
    const bound = boundOf(nodes);
    expect(new Set(query.assetIds).size).toBe(query.assetIds.length);
    const allowed = new Set([...bound.linkedIds, ...bound.sortedIds]);
    for (const id of query.assetIds) expect(allowed).toContain(id);
    expect(query.assetGets).toBeLessThanOrEqual(allowed.size);
    // The raw assets DocDB links: one GET per distinct id.
    const linkedGets = query.assetIds.filter((id) => bound.linkedIds.has(id));
    expect(linkedGets.length).toBeLessThanOrEqual(bound.linkedIds.size);
  });

  it('costs DocDB one find per level: records by name, subject records, sorted assets by name', () => {
    expect(query.finds).toBeGreaterThan(0);
    expect(query.finds).toBeLessThanOrEqual(3);
    // Every answer fits one batch of 101 (the server default), so no getMore is needed.
    expect(query.getMores).toBe(0);
  });

  it('a second identical query is served from the caches', async () => {
    upstreams.resetCounts();
    const again = await runFiftySessions(gateway);
    expect(again).toEqual(nodes);
    const counts = upstreams.counts();
    expect(counts.codeocean).toBe(0);
    expect(counts.finds).toBe(0);
  });
});

describe('counted from a cold start, with upstream paging', () => {
  // Small pages on both upstreams, so "one request per page" is exercised: CodeOcean answers at most
  // 3 assets per search page, the wire server 5 documents per batch.
  const CODEOCEAN_PAGE = 3;
  const MONGO_BATCH = 5;
  let upstreams: Upstreams;

  beforeAll(async () => {
    upstreams = await startUpstreams({ mongoBatchSize: MONGO_BATCH });
    upstreams.codeocean.setMode({ pageSize: CODEOCEAN_PAGE });
  });
  afterAll(() => upstreams?.stop());

  /** A fresh gateway (empty caches), counted from before its catalog loads until the query is answered. */
  async function coldRun(first: number) {
    upstreams.resetCounts();
    const gateway = await startGateway(upstreams.env());
    try {
      const catalogQueries = new Set(upstreams.counts().searchPages.map((p) => p.query));
      const nodes = await runFiftySessions(gateway, first);
      return { nodes, catalogQueries, counts: upstreams.counts() };
    } finally {
      await gateway.close();
    }
  }

  /** DocDB documents a find can match, by name or by subject (the fields the loaders filter on). */
  const documentsNamed = (names: ReadonlySet<string>) =>
    upstreams.documents.filter((d) => names.has(String(d.name))).length;
  const documentsOfSubjects = (subjects: ReadonlySet<string>) =>
    upstreams.documents.filter(
      (d) =>
        subjects.has(String(d.subject?.subject_id)) || subjects.has(String(d.data_description?.subject_id)),
    ).length;
  const batches = (documents: number) => Math.ceil(documents / MONGO_BATCH);

  it.each([50, 100])('first: %i', async (first) => {
    const { nodes, catalogQueries, counts } = await coldRun(first);
    const bound = boundOf(nodes);

    // CodeOcean: the catalog's bulk searches scan every known subject; the query's subjects are then
    // cached. A scan is one request per page, offsets increasing, none repeated.
    const scans = scansOf(counts);
    for (const [queryText, offsets] of scans) {
      expect(offsets, queryText).toEqual(
        Array.from({ length: offsets.length }, (_, i) => i * CODEOCEAN_PAGE),
      );
    }
    const scanStarts = counts.searchPages.filter((p) => p.offset === 0).length;
    expect(scanStarts).toBeLessThanOrEqual(
      catalogQueries.size + subjectSearches([...bound.searchedSubjects]).length,
    );
    expect(scanStarts).toBeLessThan(bound.searchedSubjects.size);
    expect(counts.searchPages.length).toBeGreaterThan(scanStarts); // the small pages did page
    // Every page was needed: together the scans returned no more than their matches, a page at a time.
    const assetsNamed = assets.filter((a) => a.subject !== null).length;
    expect(counts.searchPages.length).toBeLessThanOrEqual(
      scanStarts + Math.ceil((2 * assetsNamed) / CODEOCEAN_PAGE),
    );

    // One GET per distinct asset, never per field.
    expect(new Set(counts.assetIds).size).toBe(counts.assetIds.length);
    expect(counts.assetGets).toBeLessThanOrEqual(bound.linkedIds.size + bound.sortedIds.size);

    // DocDB: the catalog's scan of all records, then one find per level of the query.
    expect(counts.finds).toBeLessThanOrEqual(1 + 3);
    const names = new Set(nodes.flatMap((n) => (n.name ? [n.name] : [])));
    const sortedNames = new Set(
      nodes.flatMap((n) =>
        assets.filter((a) => a.sessionId === n.id && a.kind === 'sorted').map((a) => a.name),
      ),
    );
    const subjects = new Set(nodes.map((n) => n.subject.id));
    const batchBound =
      batches(upstreams.documents.length) +
      batches(documentsNamed(names)) +
      batches(documentsOfSubjects(subjects)) +
      batches(documentsNamed(sortedNames));
    // A find answers the first batch; each further batch is one getMore.
    expect(counts.finds + counts.getMores).toBeLessThanOrEqual(batchBound);
    expect(counts.getMores).toBeGreaterThan(0);
  });

  it('the number of DocDB finds does not grow with the number of sessions', async () => {
    const fifty = await coldRun(50);
    const all = await coldRun(100);
    expect(all.nodes.length).toBeGreaterThan(fifty.nodes.length);
    expect(all.counts.finds).toBe(fifty.counts.finds);
  });
});
