/**
 * Sessions: the catalog session a reference names, the facts the catalog holds about it, and its
 * assets as users ask for them (reference aind-session §1.1, §1.5): the raw asset (DocDB external
 * links first, then the raw-asset rules), sorted assets and their sorters, the latest good sorting,
 * whether raw data exist and why a raw asset is missing. Reads go through the request's batched
 * reads, so a list of sessions still costs one upstream call per source per level.
 */
import { instantToLabIso, labLocalToIso } from '../domain/localTime.ts';
import type { FilterableSession } from '../domain/sessionFilter.ts';
import { parseSessionRef } from '../domain/sessionRef.ts';
import {
  type AssetKind,
  assetKindOf,
  byCreated,
  type DataAsset,
  isRawDataAsset,
  isSortedAsset,
  sessionNameOf,
  sourceDirUri,
} from '../sources/codeocean/index.ts';
import { sessionStartOf } from '../sources/docdb/index.ts';
import { KNOWN_DATA_BUCKETS } from '../sources/objectstore/index.ts';
import type { CatalogSession, CatalogSnapshot } from './catalog.ts';
import { isAssetError, sorterNameOfAsset } from './dataAsset.ts';
import { allOrFirstError } from './partial.ts';
import type { RequestReads } from './reads.ts';

/**
 * The catalog session a user's reference names — the rule of `Query.session(ref:)`, shared with the
 * export routes: an AIND name found in the catalog wins, else the normalised session id.
 * null when no source knows the session; BadUserInputError when the reference cannot be read.
 */
export function lookupSession(snapshot: CatalogSnapshot, ref: string): CatalogSession | null {
  const parsed = parseSessionRef(ref);
  if (parsed.aind) {
    const aindId = parsed.aind.id;
    const byAindName = snapshot.sessionByAindName.get(aindId);
    if (byAindName) return byAindName;
  }
  return snapshot.sessionById.get(parsed.id) ?? null;
}

/**
 * Each catalog session's filter facts, derived once: a snapshot's sessions never change (a rebuild
 * makes new ones), and every list request reads the facts of every candidate.
 */
const factsOfSession = new WeakMap<CatalogSession, Readonly<FilterableSession>>();

/** The facts the session filter reads (src/domain/sessionFilter.ts), from whichever source has them. */
export function filterFactsOf(session: CatalogSession): Readonly<FilterableSession> {
  let facts = factsOfSession.get(session);
  if (!facts) {
    facts = deriveFilterFacts(session);
    factsOfSession.set(session, facts);
  }
  return facts;
}

function deriveFilterFacts(session: CatalogSession): FilterableSession {
  const tracked = session.tracked;
  const start = tracked?.training?.startTime ?? session.aindStart?.replace('T', ' ') ?? null;
  const kwargsRig = tracked?.sessionKwargs.rig;
  return {
    subject: session.subject,
    date: session.date,
    datetime: start && start.slice(0, 10) === session.date ? start : session.date,
    project: tracked?.project ?? null,
    aindPlatforms: [...new Set(session.aindNames.map((name) => name.slice(0, name.indexOf('_'))))],
    trackedPlatform: tracked?.platform ?? null,
    isEphys: tracked?.isEphys ?? (session.aindPlatform ? session.aindPlatform === 'ecephys' : null),
    isSync: tracked?.isSync ?? null,
    rig: (typeof kwargsRig === 'string' ? kwargsRig : null) ?? tracked?.training?.rigName ?? null,
    idx: session.idx,
    hasIssues: (tracked?.issues.length ?? 0) > 0,
    sessionKwargs: tracked?.sessionKwargs ?? {},
    taskVersion: tracked?.training?.taskVersion || null,
  };
}

/**
 * Session.startTime: DocDB `session.session_start_time`, else the time in the AIND name, else the
 * training sheet's start time; ISO 8601 with the lab's offset.
 */
export async function startTimeOf(session: CatalogSession, reads: RequestReads): Promise<string | null> {
  for (const name of session.aindNames) {
    const record = await reads.recordByName.load(name);
    const start = record && sessionStartOf(record);
    if (start) return instantToLabIso(start);
  }
  const local = session.aindStart ?? session.tracked?.training?.startTime ?? null;
  return local ? labLocalToIso(local) : null;
}

/** Every asset named after one of the session's AIND names, oldest first, each once. */
async function assetsOfSession(session: CatalogSession, reads: RequestReads): Promise<DataAsset[]> {
  const lists = allOrFirstError(await reads.assetsBySessionName.loadMany(session.aindNames));
  const byId = new Map<string, DataAsset>();
  for (const asset of lists.flat()) byId.set(asset.id, asset);
  return [...byId.values()].sort(byCreated);
}

/** Session.dataAssets: the session's assets, oldest first, of the given kinds and sorter. */
export async function sessionDataAssets(
  session: CatalogSession,
  reads: RequestReads,
  only: { kind?: readonly AssetKind[] | null; sorter?: string | null } = {},
): Promise<DataAsset[]> {
  const assets = await assetsOfSession(session, reads);
  const kinds = only.kind?.length ? only.kind : null;
  const byKind = kinds ? assets.filter((a) => kinds.includes(assetKindOf(a))) : assets;
  if (!only.sorter) return byKind;
  const sorted = await sortedWithStatus(session, reads);
  const ids = new Set(sorted.filter((x) => x.sorter === only.sorter).map((x) => x.asset.id));
  return byKind.filter((a) => ids.has(a.id));
}

const latest = (assets: readonly DataAsset[]) => [...assets].sort(byCreated).at(-1) ?? null;

/**
 * The session's raw asset: the assets DocDB links to the session's record (the latest if several),
 * else the latest asset of the session that the raw-asset rules accept.
 */
export async function rawDataAsset(session: CatalogSession, reads: RequestReads): Promise<DataAsset | null> {
  const assets = await assetsOfSession(session, reads);
  for (const name of session.aindNames) {
    const record = await reads.recordByName.load(name);
    const ids = record ? record.codeOceanAssetIds : [];
    if (ids.length === 0) continue;
    // Linked assets are usually among the session's own; fetch only the others.
    const known = assets.filter((a) => ids.includes(a.id));
    const missing = ids.filter((id) => !known.some((a) => a.id === id));
    const fetched = allOrFirstError(await reads.asset.loadMany(missing));
    const linked = [...known, ...fetched.filter((a) => a !== null)];
    if (linked.length > 0) return latest(linked);
  }
  return latest(assets.filter((a) => isRawDataAsset(a) && sessionNameOf(a) === a.name));
}

/** Where the session's raw data are: DocDB `location`, the raw asset's folder, or a known bucket that has them. */
export async function rawDataLocation(session: CatalogSession, reads: RequestReads): Promise<string | null> {
  for (const name of session.aindNames) {
    const record = await reads.recordByName.load(name);
    if (record?.location) return record.location.replace(/\/+$/, '');
  }
  const raw = await rawDataAsset(session, reads);
  const dir = raw && sourceDirUri(raw);
  if (dir) return dir;
  for (const name of session.aindNames) {
    const candidates = KNOWN_DATA_BUCKETS.map((bucket) => `s3://${bucket}/${name}`);
    // An unreachable bucket fails the lookup: "not uploaded" would be a guess.
    const found = allOrFirstError(await reads.s3PrefixExists.loadMany(candidates.map((uri) => `${uri}/`)));
    const index = found.indexOf(true);
    if (index >= 0) return candidates[index] ?? null;
  }
  return null;
}

/** Whether files exist at the raw-data location (the DocDB location is not trusted blindly). */
export async function rawDataExists(session: CatalogSession, reads: RequestReads): Promise<boolean> {
  const location = await rawDataLocation(session, reads);
  return location !== null && (await reads.s3PrefixExists.load(`${location}/`));
}

/** Uploaded to AIND: a raw data asset exists, or raw data exist at the session's location. */
export async function isUploaded(session: CatalogSession, reads: RequestReads): Promise<boolean> {
  return (await rawDataAsset(session, reads)) !== null || rawDataExists(session, reads);
}

/** Why there is no raw asset, in the reference's words; null when there is one. */
export async function rawDataAbsenceReason(
  session: CatalogSession,
  reads: RequestReads,
): Promise<string | null> {
  if (await rawDataAsset(session, reads)) return null;
  const subject = `No raw data asset found for ${session.aindNames[0] ?? session.id}.`;
  if (session.aindNames.length === 0) {
    return `${subject} The session has no AIND session name in CodeOcean or DocDB: it has likely not been uploaded.`;
  }
  const location = await rawDataLocation(session, reads);
  if (location && (await reads.s3PrefixExists.load(`${location}/`))) {
    return `${subject} Raw data found in ${location}: a raw data asset needs to be created.`;
  }
  return `${subject} The session has likely not been uploaded.`;
}

/** Sorting results of the session, oldest first. */
export async function sortedDataAssets(session: CatalogSession, reads: RequestReads): Promise<DataAsset[]> {
  const assets = await assetsOfSession(session, reads);
  return assets.filter((a) => session.aindNames.some((name) => isSortedAsset(a, name)));
}

/** Sorted assets newest first, with their error status, filtered by sorter when asked. */
export async function sortedWithStatus(
  session: CatalogSession,
  reads: RequestReads,
): Promise<{ asset: DataAsset; sorter: string | null; isError: boolean }[]> {
  const sorted = (await sortedDataAssets(session, reads)).reverse();
  return Promise.all(
    sorted.map(async (asset) => ({
      asset,
      sorter: await sorterNameOfAsset(asset, reads),
      isError: await isAssetError(asset, reads),
    })),
  );
}

/** Session.sortedDataAssets: sorting results newest first, of one sorter when given. */
export async function sortingResults(
  session: CatalogSession,
  reads: RequestReads,
  sorter?: string | null,
): Promise<DataAsset[]> {
  const sorted = await sortedWithStatus(session, reads);
  return sorted.filter((x) => !sorter || x.sorter === sorter).map((x) => x.asset);
}

/** Session.sorters: the distinct sorters of the session's sorting results, by name. */
export async function sortersOf(session: CatalogSession, reads: RequestReads): Promise<string[]> {
  const sorters = (await sortedWithStatus(session, reads)).map((x) => x.sorter);
  return [...new Set(sorters.filter((x) => x !== null))].sort();
}

/** Session.latestSortedDataAsset: the newest sorting result that is not an error (of one sorter). */
export async function latestGoodSorting(
  session: CatalogSession,
  reads: RequestReads,
  sorter?: string | null,
): Promise<DataAsset | null> {
  const sorted = await sortedWithStatus(session, reads);
  return sorted.find((x) => !x.isError && (!sorter || x.sorter === sorter))?.asset ?? null;
}

/** The reference's is_sorted: there is a sorted asset and the latest one is not an error. */
export async function isSorted(session: CatalogSession, reads: RequestReads): Promise<boolean> {
  // Only the newest result's status matters: older ones are not read.
  const newest = (await sortedDataAssets(session, reads)).at(-1);
  return newest !== undefined && !(await isAssetError(newest, reads));
}
