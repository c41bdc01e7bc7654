/**
 * The per-request DataLoader set: one loader per batched read the services make (their interface and
 * the source call each one makes are in src/services/reads.ts). Built per request, so nothing here
 * outlives it; each batch function is one service call.
 */
import DataLoader from 'dataloader';
import { withSignal } from '../cancellation.ts';
import type { CatalogSession } from '../services/catalog.ts';
import { computationsById, runsOfCapsules } from '../services/computations.ts';
import {
  assetOutputOf,
  assetsById,
  assetsNamedAfter,
  assetsOfSubjects,
  subjectOfSessionName,
} from '../services/dataAsset.ts';
import type { GatewayServices } from '../services/gateway.ts';
import {
  newestRecordsByAssetId,
  newestRecordsByName,
  newestSubjectRecords,
  recordsOfSubjects,
} from '../services/metadata.ts';
import { allOrFirstError, createOutageLog, type OutageLog, settleEach } from '../services/partial.ts';
import type { RequestReads } from '../services/reads.ts';
import {
  behaviourFactsOf,
  behaviourFilterFactsOf,
  sessionTaskOf,
  stimFilesOfSessions,
} from '../services/sessionBehaviour.ts';
import { folderAt, prefixExists, taskTablesAtUri } from '../services/storage.ts';
import { registryLoaders } from './registry.ts';

export type Loaders = RequestReads;

const bySessionId = { cacheKeyFn: (s: CatalogSession) => s.id };

/**
 * DataLoaders whose batch functions run under the request's signal (src/cancellation.ts), so the
 * upstream calls they make are aborted when the request's deadline passes or its client goes away.
 */
function loadersUnder(signal: AbortSignal | undefined) {
  return <K, V, C = K>(
    batch: (keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>>,
    options?: DataLoader.Options<K, V, C>,
  ) => new DataLoader<K, V, C>((keys) => withSignal(signal, () => batch(keys)), options);
}

/**
 * `outages` learns of every outage a loader stood in for (the response cache then keeps nothing);
 * `signal` is the request's cancellation.
 */
export function createLoaders(
  services: GatewayServices,
  outages: OutageLog = createOutageLog(),
  signal?: AbortSignal,
): Loaders {
  const { sources } = services;
  const { objectStore } = sources;
  const loader = loadersUnder(signal);

  // Session assets are filtered out of the subject's assets, so they share the per-subject search
  // (and its cache) with the catalog instead of searching again by name.
  const subjectAssets = loader((subjects: readonly string[]) => assetsOfSubjects(sources, subjects));
  const assetsBySessionName = loader(async (names: readonly string[]) => {
    const subjects = new Set(names.map(subjectOfSessionName).filter((s) => s !== null));
    const all = allOrFirstError(await subjectAssets.loadMany([...subjects])).flat();
    return names.map((name) => assetsNamedAfter(all, name));
  });

  const reads: Loaders = {
    subjectAssets,
    assetsBySessionName,
    asset: loader((ids: readonly string[]) => assetsById(sources, ids)),
    capsuleComputations: loader((capsules: readonly string[]) => runsOfCapsules(sources, capsules)),
    computation: loader((ids: readonly string[]) => computationsById(sources, ids)),
    recordByName: loader((names: readonly string[]) => newestRecordsByName(sources, names)),
    subjectRecord: loader((subjects: readonly string[]) => newestSubjectRecords(sources, subjects)),
    recordByAssetId: loader((ids: readonly string[]) => newestRecordsByAssetId(sources, ids)),
    subjectRecords: loader((subjects: readonly string[]) => recordsOfSubjects(sources, subjects)),
    // Object stores have no batch read: one GET (disk-cached by ETag) and one listing per asset.
    assetOutput: loader((assets) => Promise.all(assets.map((a) => assetOutputOf(sources, a))), {
      cacheKeyFn: (asset) => asset.id,
    }),
    s3PrefixExists: loader((uris: readonly string[]) =>
      Promise.all(uris.map((uri) => prefixExists(objectStore, uri))),
    ),
    s3Folder: loader((uris: readonly string[]) => settleEach(uris, (uri) => folderAt(objectStore, uri))),
    stimFilesBySession: loader((sessions) => stimFilesOfSessions(sessions, services), bySessionId),
    taskBySession: loader((sessions) => settleEach(sessions, (s) => sessionTaskOf(s, deps)), bySessionId),
    taskTablesByUri: loader((uris: readonly string[]) =>
      settleEach(uris, (uri) => taskTablesAtUri(services.behaviour, uri)),
    ),
    behaviourFactsBySession: loader(
      (sessions) => settleEach(sessions, (s) => behaviourFactsOf(s, deps)),
      bySessionId,
    ),
    behaviourFilterFactsBySession: loader(
      (sessions) => settleEach(sessions, (s) => behaviourFilterFactsOf(s, deps)),
      bySessionId,
    ),
    ...registryLoaders(services),
  };
  const deps = { behaviour: services.behaviour, catalog: services.catalog, reads, outages };
  return reads;
}
