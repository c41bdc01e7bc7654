/**
 * Selections end to end on the embedded lab: createSelection stores what the algorithm draws from
 * each filter's matches (checked against the domain function), order independence through the API,
 * idempotency, every userError code with nothing written, comment updates, listing with filters and
 * pages, drift after the lab's data change, and byte-identical reads after a restart on the same
 * PGlite directory.
 */
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/canonicalJson.ts';
import { drawSample } from '../../src/domain/selection.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { scratchRegistryDir } from '../support/registryTemplate.ts';

const WRITE = 'lg_fixture_write_8b2d4e60';
type Data = Record<string, unknown>;

let scratch: Awaited<ReturnType<typeof scratchRegistryDir>>;
let gw: RunningGateway;

const env = () => ({
  LABGRAPH_LOG_LEVEL: 'silent',
  LABGRAPH_REGISTRY_SEED: 'none',
  LABGRAPH_REGISTRY_DIR: scratch.dir,
});

async function post(query: string, variables: Data = {}, token = WRITE): Promise<ExecutionResult<Data>> {
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<Data>;
}

const SELECTION = `id createdAt createdBy gatewayVersion algorithm seed unit dedupeAcrossQueries comment selectedIds
  queries { label filter filterSha256 count candidateIds selectedIds } sessions { id }`;
const CREATE = `mutation($input: CreateSelectionInput!) {
  createSelection(input: $input) { replayed userErrors { code field message } selection { ${SELECTION} } }
}`;
const PREVIEW = `query($input: SelectionPreviewInput!) {
  selectionPreview(input: $input) { userErrors { code field message } preview { selectedIds queries { selectedIds } } }
}`;

interface Selection {
  id: string;
  seed: number;
  selectedIds: string[];
  comment: string;
  queries: {
    label: string;
    filter: string;
    filterSha256: string;
    candidateIds: string[];
    selectedIds: string[];
  }[];
  sessions: { id: string }[];
}
interface Payload {
  replayed: boolean;
  userErrors: { code: string; field: string[] | null; message: string }[];
  selection: Selection | null;
}

async function create(input: Data): Promise<Payload> {
  const result = await post(CREATE, { input });
  expect(result.errors).toBeUndefined();
  return result.data?.createSelection as Payload;
}

async function sessionIds(filter: Data): Promise<string[]> {
  const result = await post(
    'query($f: SessionFilter) { sessions(filter: $f, first: 100) { edges { node { id } } } }',
    {
      f: filter,
    },
  );
  const edges = (result.data!.sessions as { edges: { node: { id: string } }[] }).edges;
  return edges.map((edge) => edge.node.id);
}

async function storedCount(): Promise<number> {
  const result = await post('{ selections(first: 0) { totalCount } }');
  return (result.data!.selections as { totalCount: number }).totalCount;
}

const OPTO = { label: 'opto', filter: { isOpto: true, genotypeContains: 'Ai32' }, count: 2 };
const TRAINING = { label: 'training', filter: { isTraining: true, genotypeContains: 'Ai32' }, count: 2 };

beforeAll(async () => {
  scratch = await scratchRegistryDir();
  gw = await startGateway({ ...env(), LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' });
}, 180_000);
afterAll(async () => {
  await gw?.close();
  await scratch?.remove();
});

describe('the fixture lab', () => {
  it('holds two stored selections and the manifest of sel-1, which exporting sel-1 again reproduces', async () => {
    const seeded = await post(`{
      one: selection(id: "sel-1") { createdBy unit selectedIds queries { candidateIds selectedIds } }
      two: selection(id: "sel-2") { createdBy unit selectedIds }
    }`);
    const one = seeded.data!.one as {
      createdBy: string;
      queries: { candidateIds: string[]; selectedIds: string[] }[];
    };
    expect(one.createdBy).toBe('seed');
    for (const query of one.queries) expect(query.selectedIds).toEqual(drawSample(query.candidateIds, 2, 7));
    expect(seeded.data!.two).toMatchObject({ createdBy: 'seed', unit: 'SUBJECT' });
    const registry = await gw.gateway.services.registry();
    const exported = await post(
      'mutation { exportManifest(input: { selectionId: "sel-1" }) { userErrors { code } manifest { id createdBy } } }',
    );
    const { manifest } = exported.data!.exportManifest as { manifest: { id: string; createdBy: string } };
    expect(manifest.createdBy).toBe('seed');
    expect((await registry.manifest(manifest.id))?.selectionId).toBe(1);
  });
});

describe('createSelection', () => {
  it('stores the candidate snapshot, canonical filters and the draw of every query', async () => {
    const { selection, userErrors, replayed } = await create({
      comment: 'first',
      seed: 7,
      queries: [OPTO, TRAINING],
    });
    expect(userErrors).toEqual([]);
    expect(replayed).toBe(false);
    const [opto, training] = selection!.queries;
    expect(opto!.candidateIds).toEqual((await sessionIds(OPTO.filter)).sort());
    expect(training!.candidateIds).toEqual((await sessionIds(TRAINING.filter)).sort());
    expect(opto!.filter).toBe('{"genotypeContains":"Ai32","isOpto":true}');
    expect(opto!.filterSha256).toBe(sha256Hex(opto!.filter));
    expect(opto!.selectedIds).toEqual(drawSample(opto!.candidateIds, 2, 7));
    expect(training!.selectedIds).toEqual(drawSample(training!.candidateIds, 2, 7));
    expect(selection!.selectedIds).toEqual([...opto!.selectedIds, ...training!.selectedIds]);
    expect(selection).toMatchObject({
      seed: 7,
      comment: 'first',
      createdBy: 'trainer',
      algorithm: 'v1-xoroshiro128plus-fisheryates',
      unit: 'SESSION',
    });
    expect(selection!.sessions.map((s) => s.id)).toEqual([...new Set(selection!.selectedIds)]);
  });

  it('permuting the queries permutes only the concatenation', async () => {
    const forward = (await create({ seed: 11, queries: [OPTO, TRAINING] })).selection!;
    const backward = (await create({ seed: 11, queries: [TRAINING, OPTO] })).selection!;
    expect(backward.queries[0]!.selectedIds).toEqual(forward.queries[1]!.selectedIds);
    expect(backward.queries[1]!.selectedIds).toEqual(forward.queries[0]!.selectedIds);
  });

  it('de-duplicates across queries on request; unit SUBJECT draws subject MIDs', async () => {
    const both = { label: 'ai32', filter: { genotypeContains: 'Ai32', isTraining: true }, count: 6 };
    const plain = (await create({ queries: [both, both] })).selection!;
    expect(plain.selectedIds).toHaveLength(12);
    const deduped = (await create({ dedupeAcrossQueries: true, queries: [both, both] })).selection!;
    expect(deduped.selectedIds).toEqual(plain.selectedIds.slice(0, 6));
    const subjects = (await create({ unit: 'SUBJECT', queries: [{ ...both, count: 1 }] })).selection!;
    expect(subjects.queries[0]!.candidateIds.every((id) => /^\d{6,7}$/.test(id))).toBe(true);
  });

  it('same idempotencyKey → the same selection; no key → a new one with identical ids', async () => {
    const input = { seed: 3, queries: [TRAINING], idempotencyKey: 'sel-key-1' };
    const first = await create(input);
    const again = await create(input);
    expect(again.replayed).toBe(true);
    expect(again.selection!.id).toBe(first.selection!.id);
    const { idempotencyKey: _, ...keyless } = input;
    const fresh = await create(keyless);
    expect(fresh.selection!.id).not.toBe(first.selection!.id);
    expect(fresh.selection!.selectedIds).toEqual(first.selection!.selectedIds);
    const reused = await create({ ...input, seed: 4 });
    expect(reused.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it.each([
    ['EMPTY_QUERIES', { queries: [] }, ['queries']],
    ['NEGATIVE_COUNT', { queries: [{ ...OPTO, count: -1 }] }, ['queries', '0', 'count']],
    [
      'SAMPLE_LARGER_THAN_POPULATION',
      { queries: [TRAINING, { ...OPTO, count: 3 }] },
      ['queries', '1', 'count'],
    ],
    [
      'INVALID_FILTER',
      { queries: [{ ...OPTO, filter: { date: 'yesterday-ish' } }] },
      ['queries', '0', 'filter'],
    ],
    ['SEED_OUT_OF_RANGE', { seed: 4294967296, queries: [OPTO] }, ['seed']],
    ['SEED_OUT_OF_RANGE', { seed: 1.5, queries: [OPTO] }, ['seed']],
  ])('%s, and nothing is stored', async (code, input, field) => {
    const before = await storedCount();
    const { userErrors, selection } = await create(input);
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([[code, field]]);
    expect(selection).toBeNull();
    expect(await storedCount()).toBe(before);
  });

  it('names the count and the candidates when the sample is too large; the preview says the same', async () => {
    const { userErrors } = await create({ queries: [{ ...OPTO, count: 3 }] });
    expect(userErrors[0]!.message).toContain('count 3 is larger than the 2 candidates');
    const preview = await post(PREVIEW, { input: { queries: [{ ...OPTO, count: 3 }] } });
    expect(preview.data?.selectionPreview).toMatchObject({
      preview: null,
      userErrors: [{ code: 'SAMPLE_LARGER_THAN_POPULATION' }],
    });
  });

  it('needs scope write', async () => {
    const result = await post(CREATE, { input: { queries: [OPTO] } }, 'lg_fixture_read_51a9c0d2');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reads', () => {
  it('selectionPreview draws what createSelection stores, and stores nothing', async () => {
    const before = await storedCount();
    const preview = await post(PREVIEW, { input: { seed: 7, queries: [OPTO, TRAINING] } });
    const stored = (await create({ seed: 7, queries: [OPTO, TRAINING] })).selection!;
    expect(preview.data?.selectionPreview).toMatchObject({
      userErrors: [],
      preview: { selectedIds: stored.selectedIds },
    });
    expect(await storedCount()).toBe(before + 1);
  });

  it('updateSelectionComment changes the comment only; an unknown id is SELECTION_NOT_FOUND', async () => {
    const stored = (await create({ comment: 'old', queries: [TRAINING] })).selection!;
    const UPDATE = `mutation($input: UpdateSelectionCommentInput!) {
      updateSelectionComment(input: $input) { userErrors { code field } selection { ${SELECTION} } }
    }`;
    const updated = await post(UPDATE, { input: { id: stored.id, comment: 'new' } });
    const after = (updated.data!.updateSelectionComment as Payload).selection!;
    expect(after).toEqual({ ...stored, comment: 'new' });
    for (const id of ['sel-999999', 'nonsense']) {
      const missing = await post(UPDATE, { input: { id, comment: 'x' } });
      expect(missing.data?.updateSelectionComment).toEqual({
        userErrors: [{ code: 'SELECTION_NOT_FOUND', field: ['id'] }],
        selection: null,
      });
    }
  });

  it('selections filters by label, creator and time, newest first, in pages', async () => {
    const labelled = (await create({ queries: [{ ...TRAINING, label: 'unique-label', count: 1 }] }))
      .selection!;
    const LIST = `query($filter: SelectionListFilter, $first: Int, $after: String) {
      selections(filter: $filter, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
      }
    }`;
    const list = async (variables: Data) =>
      (await post(LIST, variables)).data?.selections as {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string } }[];
      };
    expect((await list({ filter: { label: 'unique-label' } })).edges).toEqual([
      { node: { id: labelled.id } },
    ]);
    expect((await list({ filter: { createdBy: 'nobody' } })).totalCount).toBe(0);
    expect((await list({ filter: { from: '2999-01-01T00:00:00Z' } })).totalCount).toBe(0);
    const all = await list({ first: 100 });
    expect(all.edges[0]!.node.id).toBe(labelled.id);
    const page = await list({ first: 2 });
    const next = await list({ first: 2, after: page.pageInfo.endCursor });
    expect([...page.edges, ...next.edges]).toEqual(all.edges.slice(0, 4));
    expect((await post('{ selection(id: "sel-999999") { id } }')).data?.selection).toBeNull();
  });
});

describe('drift and restarts', () => {
  const REGISTERED_ONLY = { label: 'registry', filter: { subject: '700001' }, count: 2 };
  const DRIFT = `query($id: String!) { selection(id: $id) {
    selectedIds drift { drifted selectedIdsNow queries { addedCandidateIds removedCandidateIds selectedIdsNow selectedChanged } }
  } }`;

  it('reports added candidates after the lab gains a session, and keeps the stored picks', async () => {
    const stored = (await create({ seed: 5, queries: [REGISTERED_ONLY] })).selection!;
    const before = await post(DRIFT, { id: stored.id });
    expect(before.data?.selection).toMatchObject({ drift: { drifted: false } });
    const registered = await post(
      `mutation { registerSession(input: { subject: "700001", date: "2024-05-01", number: 1, idempotencyKey: "drift-1" }) { userErrors { code } } }`,
    );
    expect(registered.data?.registerSession).toEqual({ userErrors: [] });
    const after = (await post(DRIFT, { id: stored.id })).data?.selection as {
      selectedIds: string[];
      drift: { drifted: boolean; queries: { addedCandidateIds: string[]; selectedIdsNow: string[] }[] };
    };
    expect(after.selectedIds).toEqual(stored.selectedIds);
    expect(after.drift.drifted).toBe(true);
    expect(after.drift.queries[0]!.addedCandidateIds).toEqual(['700001_2024-05-01']);
    expect(after.drift.queries[0]!.selectedIdsNow).toEqual(
      drawSample([...stored.queries[0]!.candidateIds, '700001_2024-05-01'], 2, 5),
    );
  });

  it('reads byte-identical selections after a restart on the same data directory', async () => {
    const READ = `{ selections(first: 100) { edges { node { ${SELECTION} } } } }`;
    const before = await (await gw.fetch(`${gw.url}/graphql?query=${encodeURIComponent(READ)}`)).text();
    await gw.close();
    gw = await startGateway(env());
    const after = await (await gw.fetch(`${gw.url}/graphql?query=${encodeURIComponent(READ)}`)).text();
    expect(after).toBe(before);
    expect(JSON.parse(after).data.selections.edges.length).toBeGreaterThan(5);
  }, 120_000);
});
