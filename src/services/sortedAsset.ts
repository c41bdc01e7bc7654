/**
 * What a sorting result holds (reference aind-session's `SortedDataAsset`): its sorter, the probes
 * it sorted (the per-probe folders of `curated/`, else the legacy `sorting_precurated/`), whether a
 * SortingAnalyzer (`*\/*.zarr`) was saved, whether the run failed and why, and its `output` log.
 * Folders are listed one level at a time through the request's batched reads.
 */
import { isZarrName, SORTED_PROBE_FOLDERS, sortedProbes } from '../domain/assetLayout.ts';
import {
  assetKindOf,
  type DataAsset,
  dataAssetErrorReason,
  sourceDirUri,
} from '../sources/codeocean/index.ts';
import { sorterNameOfAsset } from './dataAsset.ts';
import { allOrFirstError } from './partial.ts';
import type { RequestReads } from './reads.ts';

/** DataAsset.sorting: the sorting facts of a sorted asset; null for every other kind. */
export function sortingOf(asset: DataAsset): DataAsset | null {
  return assetKindOf(asset) === 'sorted' ? asset : null;
}

/** The sorter, from the asset's DocDB processing record. */
export const sorterOf = (asset: DataAsset, reads: RequestReads) => sorterNameOfAsset(asset, reads);

/** The probes sorted: per-probe folder names of `curated/` (or `sorting_precurated/`), e.g. ProbeA. */
export async function sortedProbesOf(asset: DataAsset, reads: RequestReads): Promise<string[]> {
  const dir = sourceDirUri(asset);
  if (!dir) return [];
  const root = await reads.s3Folder.load(dir);
  const folder = SORTED_PROBE_FOLDERS.find((name) => root.folders.includes(name));
  return folder ? sortedProbes((await reads.s3Folder.load(`${dir}/${folder}`)).folders) : [];
}

/** Whether a SortingAnalyzer was saved: a `.zarr` one folder down in the asset. */
export async function isSortingAnalyzer(asset: DataAsset, reads: RequestReads): Promise<boolean> {
  const dir = sourceDirUri(asset);
  if (!dir) return false;
  const { folders } = await reads.s3Folder.load(dir);
  const levels = allOrFirstError(await reads.s3Folder.loadMany(folders.map((f) => `${dir}/${f}`)));
  return levels.some((level) => level.folders.some(isZarrName) || level.files.some((f) => isZarrName(f.key)));
}

/** Why the sorting run failed, or null when it did not (reference `is_data_asset_error`). */
export async function sortingErrorReason(asset: DataAsset, reads: RequestReads): Promise<string | null> {
  const output = await reads.assetOutput.load(asset);
  return dataAssetErrorReason(output.text, output.hasNwb);
}

/** The text of the run's `output` file (fetched on demand); null when there is none. */
export async function outputLogOf(asset: DataAsset, reads: RequestReads): Promise<string | null> {
  return (await reads.assetOutput.load(asset)).text;
}
