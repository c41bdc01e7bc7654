/**
 * One contract for every CodeOcean backend: the HTTP client against the loopback API server, and the
 * embedded backend on the fixtures. Expected values come from the fixture lab model (`labAssets`), not
 * from either backend, and every test counts the upstream calls it cost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORTING_PIPELINE_ID } from '../../fixtures/generator/codeocean.ts';
import { buildLab, EDGE, type LabAsset, labAssets } from '../../fixtures/generator/lab.ts';
import { subjectOf } from '../../src/sources/codeocean/assetRules.ts';
import { withCodeOceanCache } from '../../src/sources/codeocean/cached.ts';
import { createCodeOceanEmbeddedBackend } from '../../src/sources/codeocean/embeddedBackend.ts';
import { createCodeOceanHttpClient } from '../../src/sources/codeocean/httpClient.ts';
import { createCodeOceanSource } from '../../src/sources/codeocean/index.ts';
import { type CodeOceanPagingOptions, SUBJECTS_PER_SEARCH } from '../../src/sources/codeocean/sourceCore.ts';
import type {
  CodeOceanBackend,
  CodeOceanRequestEvent,
  DataAsset,
} from '../../src/sources/codeocean/types.ts';
import { type CodeOceanTestServer, startCodeOceanServer } from '../support/codeOceanServer.ts';

const TOKEN = 'cop_contract_test_token_0123456789';
const FAST_POLICY = {
  retries: 2,
  minDelayMs: 5,
  maxDelayMs: 20,
  attemptTimeoutMs: 5_000,
  deadlineMs: 10_000,
};

const lab = buildLab();
const expected = labAssets(lab);
const idsOf = (assets: readonly (DataAsset | LabAsset)[]) => assets.map((a) => a.id);
const sortedIds = (assets: readonly (DataAsset | LabAsset)[]) => idsOf(assets).sort();
const expectCreatedAscending = (assets: readonly DataAsset[]) => {
  const times = assets.map((a) => a.created.getTime());
  expect(times).toEqual([...times].sort((x, y) => x - y));
};

let server: CodeOceanTestServer;
beforeAll(async () => {
  server = await startCodeOceanServer({ token: TOKEN });
});
afterAll(async () => {
  await server?.stop();
});

interface Harness {
  source: CodeOceanBackend;
  events: CodeOceanRequestEvent[];
  count(operation?: CodeOceanRequestEvent['operation']): number;
}

function harness(make: (onRequest: (e: CodeOceanRequestEvent) => void) => CodeOceanBackend): Harness {
  const events: CodeOceanRequestEvent[] = [];
  return {
    source: make((e) => events.push(e)),
    events,
    count: (operation) => events.filter((e) => !operation || e.operation === operation).length,
  };
}

const backends: { name: string; make: (options?: CodeOceanPagingOptions) => Harness }[] = [
  {
    name: 'http',
    make: (options = {}) =>
      harness((onRequest) =>
        createCodeOceanHttpClient({
          domain: server.url,
          token: TOKEN,
          policy: FAST_POLICY,
          onRequest,
          ...options,
        }),
      ),
  },
  {
    name: 'embedded',
    make: (options = {}) =>
      harness((onRequest) =>
        createCodeOceanEmbeddedBackend({ fixturesDir: 'fixtures', onRequest, ...options }),
      ),
  },
];

describe.each(backends)('CodeOcean source contract: $name', ({ name, make }) => {
  it('has a kind and a description without the token', () => {
    const { source } = make();
    expect(source.kind).toBe(name);
    expect(source.describe()).not.toContain(TOKEN);
  });

  it('pages a search until has_more is false, one request per page', async () => {
    const h = make({ pageSize: 10 });
    const all = await h.source.searchDataAssets({});
    expect(sortedIds(all)).toEqual(sortedIds(expected));
    expect(new Set(idsOf(all)).size).toBe(all.length);
    expectCreatedAscending(all);
    expect(h.count('search')).toBe(Math.ceil(expected.length / 10));
  });

  it('filters by type and sorts as asked', async () => {
    const { source } = make();
    const datasets = await source.searchDataAssets({ type: 'dataset', sortField: 'name', sortOrder: 'desc' });
    const raw = expected.filter((a) => a.kind === 'raw');
    expect(sortedIds(datasets)).toEqual(sortedIds(raw));
    expect(datasets.map((a) => a.name)).toEqual(
      raw
        .map((a) => a.name)
        .sort()
        .reverse(),
    );
  });

  it('matches field terms exactly: subject id metadata, the exact raw tag', async () => {
    const { source } = make();
    const bySubjectField = await source.searchDataAssets({ query: `subject id:${EDGE.sameDaySubject}` });
    // Only assets carrying the metadata: raw and sorted, not the derived nwb/dlc results.
    expect(new Set(bySubjectField.map((a) => a.customMetadata['subject id']))).toEqual(
      new Set([EDGE.sameDaySubject]),
    );
    expect(bySubjectField.some((a) => a.name.includes('_nwb_'))).toBe(false);
    const rawTagged = await source.searchDataAssets({ query: 'tag:raw' });
    expect(rawTagged.length).toBeGreaterThan(0);
    expect(rawTagged.every((a) => a.tags.some((t) => t.toLowerCase() === 'raw'))).toBe(true);
    expect(rawTagged.some((a) => a.tags.includes('from_raw_video'))).toBe(false);
  });

  it('answers nothing for a name term longer than 20 characters, like the real server', async () => {
    const h = make();
    const long = await h.source.searchDataAssets({ query: 'name:ecephys_676909_2023-12-13' });
    expect(long).toEqual([]);
  });

  it('gets one asset by id, null when absent, without a request for a non-UUID', async () => {
    const h = make();
    const target = expected.find((a) => a.kind === 'sorted')!;
    const asset = await h.source.getDataAsset(target.id);
    expect(asset?.name).toBe(target.name);
    expect(asset?.created).toEqual(new Date(target.created * 1000));
    expect(asset?.provenance?.dataAssets).toEqual(target.inputAssetId ? [target.inputAssetId] : []);
    expect(asset?.sourceBucket).toEqual(target.sourceBucket);
    expect(await h.source.getDataAsset(target.id.replaceAll('-', '').toUpperCase())).toMatchObject({
      id: target.id,
    });
    expect(await h.source.getDataAsset('00000000-0000-4000-8000-000000000000')).toBeNull();
    const before = h.count();
    expect(await h.source.getDataAsset('not-a-uuid')).toBeNull();
    expect(h.count()).toBe(before);
  });

  it('reads the legacy sourceBucket field', async () => {
    const { source } = make();
    const templeton = expected.find(
      (a) => a.kind === 'raw' && a.name === 'ecephys_628801_2022-09-20_13-21-35',
    )!;
    expect((await source.getDataAsset(templeton.id))?.sourceBucket).toEqual(templeton.sourceBucket);
  });

  it('batches gets: one request per distinct id, answers in input order', async () => {
    const h = make({ concurrency: 2 });
    const [a, b] = expected;
    const missing = '00000000-0000-4000-8000-000000000001';
    const got = await h.source.getDataAssets([a!.id, missing, b!.id, a!.id]);
    expect(got.map((x) => x?.id ?? null)).toEqual([a!.id, null, b!.id, a!.id]);
    expect(h.count('getDataAsset')).toBe(3);
  });

  it('batches subjects: two bulk searches for up to 100 subjects, assets tied by name or metadata, never by free text', async () => {
    const h = make();
    const subjects = ['676909', '686740', '668759', '676909'];
    const bySubject = await h.source.getSubjectsDataAssets(subjects);
    expect(h.count('search')).toBe(2);
    const stray = expected.find((a) => a.kind === 'stray')!;
    for (const subject of new Set(subjects)) {
      const assets = bySubject.get(subject)!;
      expect(sortedIds(assets)).toEqual(sortedIds(expected.filter((a) => a.subject === subject)));
      expect(idsOf(assets)).not.toContain(stray.id);
      expectCreatedAscending(assets);
      // Derived results without `subject id` metadata are found through their names.
      expect(
        assets.some((a) => a.name.includes('_nwb_') && a.customMetadata['subject id'] === undefined),
      ).toBe(true);
    }
  });

  it('finds exactly what a free-text search per subject finds, for every subject of the lab, in a few pages', async () => {
    const pageSize = 50;
    const h = make({ pageSize });
    const subjects = [...new Set([...lab.subjects.map((s) => s.id), ...expected.map((a) => a.subject ?? '')])]
      .filter((id) => id !== '')
      .sort();
    // The reference's way, written out: one free-text search per subject, kept when the asset names it.
    const perSubject = new Map<string, string[]>();
    for (const subject of subjects) {
      const hits = await h.source.searchDataAssets({ query: subject });
      perSubject.set(
        subject,
        idsOf(
          hits
            .filter((a) => subjectOf(a) === subject)
            .sort((a, b) => a.created.getTime() - b.created.getTime()),
        ),
      );
    }
    const before = h.count('search');
    expect(before).toBeGreaterThanOrEqual(subjects.length);
    const bulk = await h.source.getSubjectsDataAssets(subjects);
    expect(new Map([...bulk].map(([subject, assets]) => [subject, idsOf(assets)]))).toEqual(perSubject);
    expect([...perSubject.values()].flat().length).toBeGreaterThan(50);
    // Two searches per 100 subjects, each as many pages as its hits need: far fewer than per subject.
    const groups = Math.ceil(subjects.length / SUBJECTS_PER_SEARCH);
    const namedBySubject = expected.filter((a) => a.subject !== null && subjects.includes(a.subject));
    expect(h.count('search') - before).toBeLessThanOrEqual(
      2 * groups + Math.ceil(expected.length / pageSize) + Math.ceil(namedBySubject.length / pageSize),
    );
    expect(h.count('search') - before).toBeLessThan(subjects.length);
  });

  it('ties an asset without a session name to its subject through custom metadata only', async () => {
    const { source } = make();
    const bySubject = await source.getSubjectsDataAssets(['699002', '000000']);
    expect(bySubject.get('699002')).toEqual([]); // DocDB-only subject: nothing in CodeOcean
    expect(bySubject.get('000000')).toEqual([]);
  });

  it("lists a capsule's computations by created, [] for an unknown capsule", async () => {
    const h = make();
    const computations = await h.source.listCapsuleComputations(SORTING_PIPELINE_ID);
    // One run per sorted asset, plus the runs that made no asset (still running, stopped, failed).
    const runs = lab.sessions.flatMap((s) => (s.aind?.rawAsset ? (s.aind.sortingRuns ?? []) : []));
    expect(computations).toHaveLength(expected.filter((a) => a.kind === 'sorted').length + runs.length);
    const times = computations.map((c) => c.created.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const failedRuns = runs.filter(
      (r) => (r.endStatus ?? (r.state === 'failed' ? 'failed' : null)) === 'failed',
    );
    expect(computations.filter((c) => c.endStatus === 'failed')).toHaveLength(1 + failedRuns.length);
    expect(new Set(computations.map((c) => c.state))).toEqual(
      new Set(['initializing', 'running', 'finalizing', 'completed', 'failed']),
    );
    expect(await h.source.listCapsuleComputations('00000000-0000-4000-8000-000000000002')).toEqual([]);
    expect(h.count('listCapsuleComputations')).toBe(2);
  });

  it('gets computations by id (one GET per distinct id), null for unknown ids', async () => {
    const h = make();
    const listed = await h.source.listCapsuleComputations(SORTING_PIPELINE_ID);
    const [first, second] = listed;
    const unknown = '00000000-0000-4000-8000-000000000004';
    const got = await h.source.getComputations([first!.id, unknown, second!.id, first!.id.toUpperCase()]);
    expect(got.map((c) => c?.id ?? null)).toEqual([first!.id, null, second!.id, first!.id]);
    expect(got[0]).toEqual(first);
    expect(h.count('getComputation')).toBe(3);
    const cached = withCodeOceanCache(h.source);
    await cached.getComputations([first!.id]);
    await cached.getComputations([first!.id, second!.id]);
    expect(h.count('getComputation')).toBe(5);
  });

  it('behind the cache, repeats cost nothing and a partly cached batch asks only for the misses', async () => {
    const h = make();
    const cached = withCodeOceanCache(h.source);
    const first = await cached.getSubjectsDataAssets(['676909', '686740']);
    expect(h.count('search')).toBe(2);
    const second = await cached.getSubjectsDataAssets(['686740', '668759', '676909']);
    expect(h.count('search')).toBe(3); // only 668759 was new: its own free-text search
    expect(idsOf(second.get('676909')!)).toEqual(idsOf(first.get('676909')!));
    const [a, b] = expected;
    await cached.getDataAssets([a!.id, b!.id]);
    await cached.getDataAsset(a!.id);
    await cached.getDataAssets([b!.id, a!.id, '00000000-0000-4000-8000-000000000003']);
    expect(h.count('getDataAsset')).toBe(3);
    expect(cached.describe()).toContain('cached 600 s');
  });
});

describe('createCodeOceanSource', () => {
  it("is built from the gateway's config shapes", async () => {
    const embedded = createCodeOceanSource({
      backend: 'embedded',
      file: 'fixtures/codeocean/data_assets.json',
    });
    expect(embedded.kind).toBe('embedded');
    expect(await embedded.getDataAsset(expected[0]!.id)).toMatchObject({ name: expected[0]!.name });
    const events: CodeOceanRequestEvent[] = [];
    const http = createCodeOceanSource(
      { backend: 'http', domain: server.url, token: TOKEN, pageSize: 20 },
      { policy: FAST_POLICY, onRequest: (e) => events.push(e) },
    );
    expect(http.kind).toBe('http');
    expect(await http.getDataAsset(expected[0]!.id)).toMatchObject({ name: expected[0]!.name });
    expect(events).toEqual([{ operation: 'getDataAsset', path: `data_assets/${expected[0]!.id}` }]);
  });
});
