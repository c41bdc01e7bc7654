/**
 * A session's assets as users ask for them (reference aind-session §1.1, §1.5): the raw asset
 * (DocDB external links first, then the raw-asset rules), sorted assets and their sorters, the latest
 * good sorting, whether raw data exist and why a raw asset is missing. Built on the per-request
 * loaders, so a list of sessions still costs one upstream call per source per level.
 */
import type { CatalogSession } from '../catalog/sessionCatalog.ts';
import { childFolders, modalitiesFromDirs } from '../domain/modalities.ts';
import {
  byCreated,
  type DataAsset,
  isDataAssetError,
  isRawDataAsset,
  isSortedAsset,
  sessionNameOf,
  sourceDirUri,
} from '../sources/codeocean/index.ts';
import { codeOceanIdsOf, sorterNameOf } from '../sources/docdb/index.ts';
import { KNOWN_DATA_BUCKETS } from '../sources/objectstore/index.ts';
import type { Loaders } from './index.ts';

export type AssetKindFilter = 'raw' | 'sorted' | 'derived';

/** Every asset named after one of the session's AIND names, oldest first, each once. */
export async function sessionAssets(session: CatalogSession, loaders: Loaders): Promise<DataAsset[]> {
  const lists = await loaders.sessionAssets.loadMany(session.aindNames);
  const byId = new Map<string, DataAsset>();
  for (const list of lists) {
    if (list instanceof Error) throw list;
    for (const asset of list) byId.set(asset.id, asset);
  }
  return [...byId.values()].sort(byCreated);
}

const latest = (assets: readonly DataAsset[]) => [...assets].sort(byCreated).at(-1) ?? null;

/**
 * The session's raw asset: the assets DocDB links to the session's record (the latest if several),
 * else the latest asset of the session that the raw-asset rules accept.
 */
export async function rawDataAsset(session: CatalogSession, loaders: Loaders): Promise<DataAsset | null> {
  const assets = await sessionAssets(session, loaders);
  for (const name of session.aindNames) {
    const record = await loaders.recordByName.load(name);
    const ids = record ? codeOceanIdsOf(record) : [];
    if (ids.length === 0) continue;
    // Linked assets are usually among the session's own; fetch only the others.
    const known = assets.filter((a) => ids.includes(a.id));
    const missing = ids.filter((id) => !known.some((a) => a.id === id));
    const fetched = await loaders.asset.loadMany(missing);
    const failed = fetched.find((a) => a instanceof Error);
    if (failed) throw failed;
    const linked = [...known, ...(fetched as (DataAsset | null)[]).filter((a) => a !== null)];
    if (linked.length > 0) return latest(linked);
  }
  return latest(assets.filter((a) => isRawDataAsset(a) && sessionNameOf(a) === a.name));
}

/** Where the session's raw data are: DocDB `location`, the raw asset's folder, or a known bucket that has them. */
export async function rawDataLocation(session: CatalogSession, loaders: Loaders): Promise<string | null> {
  for (const name of session.aindNames) {
    const record = await loaders.recordByName.load(name);
    if (record?.location) return record.location.replace(/\/+$/, '');
  }
  const raw = await rawDataAsset(session, loaders);
  const dir = raw && sourceDirUri(raw);
  if (dir) return dir;
  for (const name of session.aindNames) {
    const candidates = KNOWN_DATA_BUCKETS.map((bucket) => `s3://${bucket}/${name}`);
    const found = await loaders.s3PrefixExists.loadMany(candidates.map((uri) => `${uri}/`));
    const index = found.indexOf(true);
    if (index >= 0) return candidates[index] ?? null;
  }
  return null;
}

/** Whether files exist at the raw-data location (the DocDB location is not trusted blindly). */
export async function rawDataExists(session: CatalogSession, loaders: Loaders): Promise<boolean> {
  const location = await rawDataLocation(session, loaders);
  return location !== null && (await loaders.s3PrefixExists.load(`${location}/`));
}

/** Uploaded to AIND: a raw data asset exists, or raw data exist at the session's location. */
export async function isUploaded(session: CatalogSession, loaders: Loaders): Promise<boolean> {
  return (await rawDataAsset(session, loaders)) !== null || rawDataExists(session, loaders);
}

/** Why there is no raw asset, in the reference's words; null when there is one. */
export async function rawDataAbsenceReason(
  session: CatalogSession,
  loaders: Loaders,
): Promise<string | null> {
  if (await rawDataAsset(session, loaders)) return null;
  const subject = `No raw data asset found for ${session.aindNames[0] ?? session.id}.`;
  if (session.aindNames.length === 0) {
    return `${subject} The session has no AIND session name in CodeOcean or DocDB: it has likely not been uploaded.`;
  }
  const location = await rawDataLocation(session, loaders);
  if (location && (await loaders.s3PrefixExists.load(`${location}/`))) {
    return `${subject} Raw data found in ${location}: a raw data asset needs to be created.`;
  }
  return `${subject} The session has likely not been uploaded.`;
}

/** Sorting results of the session, oldest first. */
export async function sortedDataAssets(session: CatalogSession, loaders: Loaders): Promise<DataAsset[]> {
  const assets = await sessionAssets(session, loaders);
  return assets.filter((a) => session.aindNames.some((name) => isSortedAsset(a, name)));
}

/** The sorter that produced a sorted asset, from its DocDB processing record. */
export async function sorterNameOfAsset(asset: DataAsset, loaders: Loaders): Promise<string | null> {
  const record = await loaders.recordByName.load(asset.name);
  return record ? sorterNameOf(record) : null;
}

/** A result asset failed: its `output` reports an error, is missing, or a sorting run has no NWB. */
export async function isAssetError(asset: DataAsset, loaders: Loaders): Promise<boolean> {
  const output = await loaders.assetOutput.load(asset);
  return isDataAssetError(output.text, output.hasNwb);
}

/** Sorted assets newest first, with their error status, filtered by sorter when asked. */
export async function sortedWithStatus(
  session: CatalogSession,
  loaders: Loaders,
): Promise<{ asset: DataAsset; sorter: string | null; isError: boolean }[]> {
  const sorted = (await sortedDataAssets(session, loaders)).reverse();
  return Promise.all(
    sorted.map(async (asset) => ({
      asset,
      sorter: await sorterNameOfAsset(asset, loaders),
      isError: await isAssetError(asset, loaders),
    })),
  );
}

/** The reference's is_sorted: there is a sorted asset and the latest one is not an error. */
export async function isSorted(session: CatalogSession, loaders: Loaders): Promise<boolean> {
  // Only the newest result's status matters: older ones are not read.
  const newest = (await sortedDataAssets(session, loaders)).at(-1);
  return newest !== undefined && !(await isAssetError(newest, loaders));
}

/** Modalities: the sub-folders of the raw data dir, by the reference's rules; [] when not uploaded. */
export async function modalities(session: CatalogSession, loaders: Loaders): Promise<string[]> {
  const location = await rawDataLocation(session, loaders);
  if (!location) return [];
  const keys = await loaders.s3Keys.load(`${location}/`);
  const prefix = location.replace(/^s3:\/\/[^/]+\/?/, '');
  return modalitiesFromDirs(childFolders(prefix, keys));
}
