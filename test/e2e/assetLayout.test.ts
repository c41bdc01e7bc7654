/**
 * What sorting results and raw data folders hold, over the fixture lab (aind-session's
 * SortedDataAsset and ecephys extension; npc_lims' raw_data_paths and cloud_path). Expectations come
 * from the lab model, and the object store is counted: layout questions list one folder level at a
 * time, never every key below a raw root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, labAssets } from '../../fixtures/generator/lab.ts';
import { createLocalObjectStore } from '../../src/sources/objectstore/index.ts';
import { countingObjectStore } from '../support/countingObjectStore.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';
import { FIXTURES_DIR } from '../support/upstreams.ts';

const lab = buildLab();
const assets = labAssets(lab);
const store = countingObjectStore(createLocalObjectStore({ root: `${FIXTURES_DIR}/s3` }));
let gw: RunningGateway;
beforeAll(async () => {
  // Counts the listings a query's execution makes: no answer may come from the response cache.
  gw = await startGateway(
    { ...EMBEDDED_ENV, LABGRAPH_RESPONSE_CACHE: 'false' },
    { sources: { objectStore: store.store } },
  );
});
afterAll(() => gw?.close());

interface Sorting {
  sorterName: string | null;
  sortedProbes: string[];
  isSortingAnalyzer: boolean;
  isError: boolean;
  errorReason: string | null;
  outputLog: string | null;
}

async function sortingOf(assetId: string): Promise<{ kind: string; sorting: Sorting | null }> {
  const result = await gw.query<{ dataAsset: { kind: string; sorting: Sorting | null } }>(
    `query ($id: String!) { dataAsset(id: $id) { kind sorting {
      sorterName sortedProbes isSortingAnalyzer isError errorReason outputLog } } }`,
    { id: assetId },
  );
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.dataAsset;
}

const probesOf = (sessionId: string) => {
  const skip = String(
    lab.sessions.find((s) => s.id === sessionId)?.yaml?.sessionKwargs?.probe_letters_to_skip ?? '',
  );
  return [...'ABCDEF'].filter((l) => !skip.includes(l)).map((l) => `Probe${l}`);
};

describe('DataAsset.sorting (SortedDataAsset)', () => {
  const sorted = assets.filter((a) => a.kind === 'sorted');

  it('is null for every asset that is not a sorting result', async () => {
    const raw = assets.find((a) => a.kind === 'raw')!;
    const derived = assets.find((a) => a.kind === 'derived')!;
    expect((await sortingOf(raw.id)).sorting).toBeNull();
    expect((await sortingOf(derived.id)).sorting).toBeNull();
  });

  it('reads probes from curated/, legacy sorting_precurated/, and finds SortingAnalyzers', async () => {
    const good = sorted.filter((a) => !a.error);
    expect(good.some((a) => a.legacyLayout)).toBe(true);
    expect(good.some((a) => a.analyzer)).toBe(true);
    for (const asset of good) {
      const { sorting } = await sortingOf(asset.id);
      expect(sorting?.sortedProbes, asset.name).toEqual(probesOf(asset.sessionId!));
      expect(sorting?.isSortingAnalyzer, asset.name).toBe(Boolean(asset.analyzer));
      expect(sorting?.isError).toBe(false);
      expect(sorting?.errorReason).toBeNull();
      expect(sorting?.sorterName).toBe(asset.sorter);
      expect(sorting?.outputLog).toContain('N E X T F L O W');
    }
  });

  it('says why a failed sorting failed, and has no probes', async () => {
    const failed = sorted.filter((a) => a.error);
    expect(failed.length).toBeGreaterThan(0);
    for (const asset of failed) {
      const { sorting } = await sortingOf(asset.id);
      expect(sorting).toMatchObject({ isError: true, sortedProbes: [], isSortingAnalyzer: false });
      expect(sorting?.errorReason).toMatch(/^the output reports an error: /);
      expect(sorting?.outputLog).toContain(sorting?.errorReason?.replace(/^.*: "(.*)"$/, '$1'));
    }
  });
});

interface RawLayout {
  rawDataUri: string | null;
  modalities: string[];
  rawDataPaths: string[];
  clippedUri: string | null;
  compressedUri: string | null;
  cloudPath: string;
}

async function layoutOf(ref: string): Promise<RawLayout> {
  const result = await gw.query<{ session: RawLayout }>(
    `query ($ref: String!) { session(ref: $ref) {
      rawDataUri modalities rawDataPaths clippedUri compressedUri cloudPath } }`,
    { ref },
  );
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.session;
}

describe('Session raw-data layout', () => {
  const uploaded = lab.sessions.filter((s) => s.aind?.rawDataOnS3);

  it('finds the clipped and compressed folders in both layouts', async () => {
    const nested = uploaded.filter((s) => s.aind!.rawDirs.includes('ecephys/ecephys_clipped'));
    const flat = uploaded.filter((s) => s.aind!.rawDirs.includes('ecephys_clipped'));
    expect(nested.length).toBeGreaterThan(0);
    expect(flat.length).toBeGreaterThan(0);
    for (const s of [...nested, ...flat]) {
      const layout = await layoutOf(s.id);
      const root = `s3://${s.aind!.rawBucket}/${s.aind!.name}`;
      const dir = nested.includes(s) ? `${root}/ecephys` : root;
      expect(layout.clippedUri, s.id).toBe(`${dir}/ecephys_clipped`);
      expect(layout.compressedUri, s.id).toBe(`${dir}/ecephys_compressed`);
      expect(layout.modalities).toContain('ecephys');
    }
  });

  it('lists each modality folder one level down (folders end with /), and the raw root as cloud path', async () => {
    const s = uploaded.find((x) => x.aind!.rawDirs.includes('ecephys/ecephys_clipped'))!;
    const root = `s3://${s.aind!.rawBucket}/${s.aind!.name}`;
    const layout = await layoutOf(s.id);
    const expected = s.aind!.rawDirs.map((dir) =>
      dir.includes('/') ? `${root}/${dir}/` : `${root}/${dir}/README.txt`,
    );
    expect([...layout.rawDataPaths].sort()).toEqual(expected.sort());
    expect(layout.cloudPath).toBe(layout.rawDataUri);
    expect(layout.cloudPath).toBe(root);
  });

  it('gives training sessions the task-file folder as cloud path, and no raw layout', async () => {
    const training = lab.sessions.find((s) => !s.aind && s.task)!;
    const layout = await layoutOf(training.id);
    expect(layout).toMatchObject({ rawDataPaths: [], clippedUri: null, compressedUri: null, modalities: [] });
    expect(layout.cloudPath).toBe(
      `s3://aind-scratch-data/dynamic-routing/DynamicRoutingTask/Data/${training.subject}`,
    );
  });

  it('never lists a raw root recursively: one-level listings only', async () => {
    store.calls.length = 0;
    const s = lab.sessions.find((x) => x.id === `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`)!;
    await layoutOf(s.id);
    const rawRoot = s.aind!.name;
    expect(store.count('list', (path) => path.startsWith(rawRoot))).toBe(0);
    expect(store.count('listFolder', (path) => path.startsWith(rawRoot))).toBeGreaterThan(0);
  });
});
