/**
 * labgraph as a Federation v2 subgraph, for real on loopback: labgraph (LABGRAPH_FEDERATION=true, over
 * the CodeOcean HTTP server, the Mongo wire server and the seeded registry) and a second subgraph
 * written for the test (surgery notes: it adds Session.surgeryNotes and points at labgraph's Session
 * and DataAsset entities) are composed from their `_service { sdl }` with
 * @theguild/federation-composition and served by Hive Gateway. Queries cross both subgraphs both
 * ways, and the upstream servers and registry metrics count what `_entities` costs: keys resolve
 * through the request's loaders, so many keys cost what one does.
 */
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabSession, labAssets } from '../../fixtures/generator/lab.ts';
import { printedSubgraphSchema } from '../../src/resolvers/schema.ts';
import { type RunningGateway, startGateway, startHttpGateway } from '../support/gateway.ts';
import { type HiveGateway, startHiveGateway } from '../support/hiveGateway.ts';
import { type Scrape, scrapeMetrics } from '../support/metricsScrape.ts';
import { type Surgery, type SurgerySubgraph, startSurgerySubgraph } from '../support/surgerySubgraph.ts';
import { type GraphQLTarget, postGraphQL, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const lab = buildLab();
const assets = labAssets(lab);

/** Sessions with an AIND name, a raw asset and a DocDB record: each field below has a known answer. */
const documented = lab.sessions.filter((s) => s.aind?.rawAsset && s.aind.docdb !== 'none');
const rawAssetOf = (s: LabSession) => {
  const asset = assets.find((a) => a.kind === 'raw' && a.sessionId === s.id);
  if (!asset) throw new Error(`the fixture lab lacks the raw asset of ${s.id}`);
  return asset;
};
if (documented.length < 19) throw new Error('the fixture lab has too few documented sessions');
// Disjoint sets, so that no list is answered from what an earlier one put in the caches.
const SURGERY_SESSIONS = documented.slice(0, 6);
const BATCH_SESSIONS = documented.slice(6, 12);
const LONE_SESSION = documented[12] as LabSession;
const PLAIN_SESSIONS = documented.slice(13, 19);

/** Six notes on six sessions; the first session has two, the last none of the raw asset. */
const SURGERIES: Surgery[] = [
  ...SURGERY_SESSIONS.map((s, i) => ({
    notes: `craniotomy ${i + 1} of ${s.subject}`,
    sessionId: s.id,
    assetId: i === SURGERY_SESSIONS.length - 1 ? null : rawAssetOf(s).id,
  })),
  {
    notes: 'headframe check',
    sessionId: SURGERY_SESSIONS[0]!.id,
    assetId: rawAssetOf(SURGERY_SESSIONS[0]!).id,
  },
];
const notesOf = (id: string) => {
  const notes = SURGERIES.filter((s) => s.sessionId === id).map((s) => s.notes);
  return notes.length > 0 ? notes.join('; ') : null;
};

/** Registered datasets of fixtures/registry/seed.yaml, by id (`<session id>/<path in the session>`). */
const DATASETS = [
  '700001_2024-03-04/alf/performance.table.pqt',
  '700001_2024-03-04/alf/licks.times.npy',
  '700001_2024-03-04_1/alf/trials.table.pqt',
  '676909_2024-03-05/alf/trials.table.pqt',
];

interface Entity {
  __typename: string;
  id: string;
  [field: string]: unknown;
}

let upstreams: Upstreams;
let labgraph: RunningGateway;
let surgeries: SurgerySubgraph;
let hive: HiveGateway;
let labgraphSdl: string;
let composed: ReturnType<typeof composeServices>;

/** The subgraph's own SDL, as a federation gateway or a schema registry asks for it. */
async function serviceSdl(target: GraphQLTarget): Promise<string> {
  const response = await postGraphQL<{ _service: { sdl: string } }>(target, '{ _service { sdl } }');
  expect(response.body.errors).toBeUndefined();
  return response.body.data?._service.sdl ?? '';
}

const endpoint = (url: string) => ({ url: url.replace(/\/graphql$/, ''), fetch });

beforeAll(async () => {
  upstreams = await startUpstreams();
  labgraph = await startHttpGateway(
    upstreams.env({ LABGRAPH_FEDERATION: 'true', LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' }),
  );
  surgeries = await startSurgerySubgraph(SURGERIES);
  labgraphSdl = await serviceSdl(labgraph);
  composed = composeServices([
    { name: 'labgraph', typeDefs: parse(labgraphSdl), url: `${labgraph.url}/graphql` },
    { name: 'surgeries', typeDefs: parse(await serviceSdl(endpoint(surgeries.url))), url: surgeries.url },
  ]);
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message)}`);
  hive = await startHiveGateway(composed.supergraphSdl);
});
afterAll(async () => {
  await hive?.close();
  await surgeries?.close();
  await labgraph?.close();
  await upstreams?.stop();
});

/** Sends one query through Hive Gateway; fails the test on any error. */
async function throughHive<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await postGraphQL<T>(endpoint(hive.url), query, { variables });
  expect(response.body.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.body.data as T;
}

/** `_entities` straight to labgraph, as a gateway sends it. */
async function entities(representations: { __typename: string; id: string }[], selection: string) {
  const response = await postGraphQL<{ _entities: (Entity | null)[] }>(
    labgraph,
    `query($representations: [_Any!]!) { _entities(representations: $representations) { __typename ${selection} } }`,
    { variables: { representations } },
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data?._entities ?? [];
}

const keys = (typename: string, ids: readonly string[]) => ids.map((id) => ({ __typename: typename, id }));

describe('labgraph as a subgraph', () => {
  it('`_service { sdl }` is the committed schema/subgraph.graphql', () => {
    expect(`${labgraphSdl}\n`).toBe(printedSubgraphSchema());
  });

  it('composes with a second subgraph into a supergraph where Session has fields of both', () => {
    const supergraph = composed.supergraphSdl ?? '';
    expect(supergraph).toMatch(/join__graph\(name: "labgraph"/);
    expect(supergraph).toMatch(/join__graph\(name: "surgeries"/);
    expect(supergraph).toMatch(/surgeryNotes: String @join__field\(graph: SURGERIES\)/);
    for (const entity of ['Session', 'Subject', 'DataAsset', 'Dataset']) {
      expect(supergraph).toMatch(
        new RegExp(`type ${entity}[^{]*@join__type\\(graph: LABGRAPH, key: "id"\\)`),
      );
    }
  });

  it("a query through Hive Gateway crosses both subgraphs: the test subgraph's list, labgraph's entities", async () => {
    surgeries.reset();
    hive.reset();
    upstreams.resetCounts();
    const data = await throughHive<{
      surgeries: {
        notes: string;
        session: { id: string; date: string; subject: { id: string }; metadata: { name: string } | null };
        asset: { id: string; name: string; kind: string } | null;
      }[];
    }>(`query SurgeryLog {
      surgeries {
        notes
        session { id date subject { id } metadata { name } }
        asset { id name kind }
      }
    }`);
    expect(data.surgeries).toEqual(
      SURGERIES.map((surgery) => {
        const session = lab.sessions.find((s) => s.id === surgery.sessionId) as LabSession;
        const asset = surgery.assetId ? rawAssetOf(session) : null;
        return {
          notes: surgery.notes,
          session: {
            id: session.id,
            date: session.date,
            subject: { id: session.subject },
            metadata: { name: session.aind?.name },
          },
          asset: asset ? { id: asset.id, name: asset.name, kind: 'RAW' } : null,
        };
      }),
    );
    // Hive asked the test subgraph once, then labgraph for all the keys in one `_entities` request.
    const toLabgraph = hive.sent.filter((r) => r.url.startsWith(labgraph.url));
    expect(hive.sent.filter((r) => r.url === surgeries.url)).toHaveLength(1);
    expect(toLabgraph).toHaveLength(1);
    expect(toLabgraph[0]?.query).toContain('_entities');
    // labgraph's loaders: each distinct asset fetched once, one DocDB find for every session's record.
    const assetIds = new Set(SURGERIES.flatMap((s) => (s.assetId ? [s.assetId] : [])));
    const counts = upstreams.counts();
    expect([...counts.assetIds].sort()).toEqual([...assetIds].sort());
    expect(counts.finds).toBe(1);
  });

  it("the other way: labgraph's list gets Session.surgeryNotes from the test subgraph in one batch", async () => {
    const refs = [...SURGERY_SESSIONS, ...PLAIN_SESSIONS].map((s) => s.id);
    surgeries.reset();
    const data = await throughHive<{ sessionsByRef: { id: string; surgeryNotes: string | null }[] }>(
      'query($refs: [String!]!) { sessionsByRef(refs: $refs) { id surgeryNotes } }',
      { refs },
    );
    expect(data.sessionsByRef).toEqual(refs.map((id) => ({ id, surgeryNotes: notesOf(id) })));
    expect(surgeries.received).toHaveLength(1);
    expect(surgeries.received[0]?.variables.representations).toHaveLength(refs.length);
  });
});

describe('`_entities` resolves keys through the request loaders', () => {
  it('sessions: six keys cost DocDB one find, as one key does', async () => {
    upstreams.resetCounts();
    const one = await entities(keys('Session', [LONE_SESSION.id]), '... on Session { id metadata { name } }');
    const findsForOne = upstreams.counts().finds;
    upstreams.resetCounts();
    const six = await entities(
      keys(
        'Session',
        BATCH_SESSIONS.map((s) => s.id),
      ),
      '... on Session { id metadata { name } }',
    );
    expect(findsForOne).toBe(1);
    expect(upstreams.counts().finds).toBe(findsForOne);
    expect([...one, ...six]).toEqual(
      [LONE_SESSION, ...BATCH_SESSIONS].map((s) => ({
        __typename: 'Session',
        id: s.id,
        metadata: { name: s.aind?.name },
      })),
    );
  });

  it('data assets: a repeated key is fetched once', async () => {
    const ids = BATCH_SESSIONS.slice(0, 3).map((s) => rawAssetOf(s).id);
    upstreams.resetCounts();
    const result = await entities(
      keys('DataAsset', [...ids, ids[0] as string]),
      '... on DataAsset { id name }',
    );
    expect(result.map((a) => a?.id)).toEqual([...ids, ids[0]]);
    expect([...upstreams.counts().assetIds].sort()).toEqual([...ids].sort());
  });

  it('datasets: three keys cost the registry what one does', async () => {
    const selects = (after: Scrape, before: Scrape) =>
      after.since(before, 'labgraph_upstream_requests_total', { source: 'registry', operation: 'select' });
    const s0 = await scrapeMetrics(labgraph);
    const one = await entities(keys('Dataset', DATASETS.slice(0, 1)), '... on Dataset { id relativePath }');
    const s1 = await scrapeMetrics(labgraph);
    const three = await entities(keys('Dataset', DATASETS.slice(1)), '... on Dataset { id relativePath }');
    const s2 = await scrapeMetrics(labgraph);
    expect([...one, ...three].map((d) => d?.id)).toEqual(DATASETS);
    expect(selects(s1, s0)).toBeGreaterThan(0);
    expect(selects(s2, s1)).toBe(selects(s1, s0));
  });

  it('subjects resolve from the catalog; unknown keys and keys of another shape are null and cost nothing', async () => {
    const subject = LONE_SESSION.subject;
    upstreams.resetCounts();
    const result = await entities(
      [
        { __typename: 'Subject', id: subject },
        { __typename: 'Subject', id: '999999' },
        { __typename: 'Subject', id: LONE_SESSION.id },
        { __typename: 'Session', id: 'not-a-session' },
        { __typename: 'DataAsset', id: '../../etc/passwd' },
        { __typename: 'Dataset', id: subject },
      ],
      '... on Subject { id } ... on Session { id } ... on DataAsset { id } ... on Dataset { id }',
    );
    expect(result).toEqual([{ __typename: 'Subject', id: subject }, null, null, null, null, null]);
    expect(upstreams.counts().codeocean).toBe(0);
    expect(upstreams.counts().finds).toBe(0);
  });
});

describe('the default server stays plain', () => {
  it('has no `_service` or `_entities` without LABGRAPH_FEDERATION', async () => {
    const plain = await startGateway();
    try {
      const result = await plain.query('{ _service { sdl } }');
      expect(result.errors?.[0]?.message).toMatch(/Cannot query field "_service" on type "Query"/);
    } finally {
      await plain.close();
    }
  });
});
