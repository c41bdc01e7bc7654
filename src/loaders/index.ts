/**
 * The per-request DataLoader set: one loader per batched read the services make (their interface and
 * the source call each one makes are in src/services/reads.ts). Built per request, so nothing here
 * outlives it; each batch function is one service call.
 */
import DataLoader from 'dataloader';
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
import { behaviourFactsOf, sessionTaskOf, stimFilesOfSessions } from '../services/sessionBehaviour.ts';
import { folderAt, prefixExists } from '../services/storage.ts';
import { registryLoaders } from './registry.ts';

export type Loaders = RequestReads;

const bySessionId = { cacheKeyFn: (s: CatalogSession) => s.id };

/** `outages` learns of every outage a loader stood in for (the response cache then keeps nothing). */
export function createLoaders(services: GatewayServices, outages: OutageLog = createOutageLog()): Loaders {
  const { sources } = services;
  const { objectStore } = sources;

  // Session assets are filtered out of the subject's assets, so they share the per-subject search
  // (and its cache) with the catalog instead of searching again by name.
  const subjectAssets = new DataLoader((subjects: readonly string[]) => assetsOfSubjects(sources, subjects));
  const assetsBySessionName = new DataLoader(async (names: readonly string[]) => {
    const subjects = new Set(names.map(subjectOfSessionName).filter((s) => s !== null));
    const all = allOrFirstError(await subjectAssets.loadMany([...subjects])).flat();
    return names.map((name) => assetsNamedAfter(all, name));
  });

  const reads: Loaders = {
    subjectAssets,
    assetsBySessionName,
    asset: new DataLoader((ids: readonly string[]) => assetsById(sources, ids)),
    capsuleComputations: new DataLoader((capsules: readonly string[]) => runsOfCapsules(sources, capsules)),
    computation: new DataLoader((ids: readonly string[]) => computationsById(sources, ids)),
    recordByName: new DataLoader((names: readonly string[]) => newestRecordsByName(sources, names)),
    subjectRecord: new DataLoader((subjects: readonly string[]) => newestSubjectRecords(sources, subjects)),
    recordByAssetId: new DataLoader((ids: readonly string[]) => newestRecordsByAssetId(sources, ids)),
    subjectRecords: new DataLoader((subjects: readonly string[]) => recordsOfSubjects(sources, subjects)),
    // Object stores have no batch read: one GET (disk-cached by ETag) and one listing per asset.
    assetOutput: new DataLoader((assets) => Promise.all(assets.map((a) => assetOutputOf(sources, a))), {
      cacheKeyFn: (asset) => asset.id,
    }),
    s3PrefixExists: new DataLoader((uris: readonly string[]) =>
      Promise.all(uris.map((uri) => prefixExists(objectStore, uri))),
    ),
    s3Folder: new DataLoader((uris: readonly string[]) =>
      settleEach(uris, (uri) => folderAt(objectStore, uri)),
    ),
    stimFilesBySession: new DataLoader((sessions) => stimFilesOfSessions(sessions, services), bySessionId),
    taskBySession: new DataLoader(
      (sessions) => settleEach(sessions, (s) => sessionTaskOf(s, deps)),
      bySessionId,
    ),
    behaviourFactsBySession: new DataLoader(
      (sessions) => settleEach(sessions, (s) => behaviourFactsOf(s, deps)),
      bySessionId,
    ),
    ...registryLoaders(services),
  };
  const deps = { behaviour: services.behaviour, catalog: services.catalog, reads, outages };
  return reads;
}
