/**
 * Pure classification of CodeOcean data assets and pipeline output (reference §1.5, §1.8, §2.2).
 * No I/O: callers pass the asset, and the output text when they have read it.
 */
import {
  ANY_YEAR_UPSTREAM,
  derivedProcessOf,
  isSortedAssetName,
  locateAindSessionName,
} from '../../domain/aindSessionName.ts';
import type { DataAsset } from './types.ts';

/** The normalised AIND session name inside the asset's name (`ecephys_676909_2023-12-13_13-43-40`), or null. */
export function sessionNameOf(asset: Pick<DataAsset, 'name'>): string | null {
  const located = locateAindSessionName(asset.name, ANY_YEAR_UPSTREAM);
  return located && 'found' in located ? located.found.name.id : null;
}

/**
 * The subject an asset belongs to: the subject of the AIND session name in its name, else its
 * `subject id` custom metadata, else null. Never guessed from free text (descriptions, tags), so a
 * cohort summary that mentions subject ids belongs to none of them.
 */
export function subjectOf(asset: Pick<DataAsset, 'name' | 'customMetadata'>): string | null {
  const located = locateAindSessionName(asset.name, ANY_YEAR_UPSTREAM);
  if (located && 'found' in located) return located.found.name.subject;
  const fromMetadata = asset.customMetadata['subject id'];
  return fromMetadata === undefined || String(fromMetadata).trim() === ''
    ? null
    : String(fromMetadata).trim();
}

/**
 * Raw data, checked in the reference's order: `custom_metadata["data level"] == "raw data"`; a tag
 * that IS `raw` (case-insensitive) — deliberately unlike the reference, which accepts any tag
 * *containing* "raw" (quirk §7.5) and so takes e.g. a `from_raw_video` result for raw data; or the
 * name is exactly the session name it contains.
 */
export function isRawDataAsset(asset: Pick<DataAsset, 'name' | 'tags' | 'customMetadata'>): boolean {
  const level = asset.customMetadata['data level'];
  if (typeof level === 'string' && level.trim().toLowerCase() === 'raw data') return true;
  if (asset.tags.some((tag) => tag.trim().toLowerCase() === 'raw')) return true;
  return sessionNameOf(asset) === asset.name;
}

/** A sorting result of the session: the name starts with `{session}_sorted`. */
export function isSortedAsset(asset: Pick<DataAsset, 'name'>, aindSessionName: string): boolean {
  return isSortedAssetName(asset.name, aindSessionName);
}

/**
 * What the asset is to its session: `raw` for the session's own name, else the derivation process
 * from its name (`sorted`, `nwb`, `dlc_side`, `neuroglancer-state`…), or null when the asset is not
 * named after that session.
 */
export function processOf(asset: Pick<DataAsset, 'name'>, aindSessionName: string): string | null {
  if (asset.name === aindSessionName) return 'raw';
  return derivedProcessOf(asset.name, aindSessionName);
}

/** The asset's files as a URI (`aws` → `s3://`, `gcp` → `gs://`, `local` → `file://`), or null. */
export function sourceDirUri(asset: Pick<DataAsset, 'sourceBucket'>): string | null {
  const b = asset.sourceBucket;
  if (!b) return null;
  const scheme = { aws: 's3', gcp: 'gs', local: 'file' }[b.origin];
  return `${scheme}://${b.bucket}/${b.prefix}`.replace(/\/+$/, '');
}

/** aind-session's default spike-sorting pipeline (`DEFAULT_SORTING_PIPELINE_ID`). */
export const DEFAULT_SORTING_PIPELINE_ID = '1f8f159a-7670-47a9-baf1-078905fc9c2e';

/** Computation states of a run that has not finished (aind-session's `in_progress=True`). */
export const IN_PROGRESS_STATES: readonly string[] = ['initializing', 'running', 'finalizing'];

/** Text in a pipeline's `output` file that means the run failed (reference §1.8). */
export const OUTPUT_ERROR_MARKERS = [
  'Essential container in task exited',
  'Out of memory.',
  'Task failed to start - DockerTimeoutError',
  'The CUDA error was:',
  'Traceback (most recent call last):',
  'Command error:',
  'WARN: Killing running tasks',
] as const;

/** CUDA errors are reported but recovered from inside the sorting pipeline. */
const MARKERS_IGNORED_FOR_SORTING: readonly string[] = ['The CUDA error was:'];

/** The output comes from the spike-sorting pipeline (Nextflow prints its banner with spaced letters). */
export function isSortingPipelineOutput(text: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes('sorting') && lower.includes('kilosort') && lower.includes('n e x t f l o w');
}

/** The first error marker found in `text`, or null (a sorting output's CUDA errors are ignored). */
export function outputErrorMarker(text: string): string | null {
  const ignored = isSortingPipelineOutput(text) ? MARKERS_IGNORED_FOR_SORTING : [];
  return OUTPUT_ERROR_MARKERS.find((marker) => !ignored.includes(marker) && text.includes(marker)) ?? null;
}

export function isOutputError(text: string): boolean {
  return outputErrorMarker(text) !== null;
}

/**
 * Why a result asset failed (reference `is_data_asset_error`), or null when it did not: no `output`
 * file, an error marker in it, or sorting-pipeline output without an `nwb/*.nwb*` file.
 */
export function dataAssetErrorReason(output: string | null, hasNwb: boolean): string | null {
  if (output === null) return 'no output file in the asset folder';
  const marker = outputErrorMarker(output);
  if (marker !== null) return `the output reports an error: ${JSON.stringify(marker)}`;
  if (isSortingPipelineOutput(output) && !hasNwb) return 'sorting pipeline output without an NWB file';
  return null;
}

/** Whether a result asset failed: `dataAssetErrorReason` has a reason. */
export function isDataAssetError(output: string | null, hasNwb: boolean): boolean {
  return dataAssetErrorReason(output, hasNwb) !== null;
}

/**
 * The asset is named after the session: its name is the session name or starts with it followed by a
 * separator (`…_13-43-40_sorted_…`). The reference uses a bare `startsWith`; the separator check keeps
 * a longer name that merely shares the prefix out.
 */
export function isNamedAfterSession(assetName: string, aindSessionName: string): boolean {
  if (!assetName.startsWith(aindSessionName)) return false;
  const next = assetName.charAt(aindSessionName.length);
  return next === '' || !/[0-9A-Za-z]/.test(next);
}

/** Oldest first; ties by name so the order is stable. */
export function byCreated(
  a: Pick<DataAsset, 'created' | 'name'>,
  b: Pick<DataAsset, 'created' | 'name'>,
): number {
  return a.created.getTime() - b.created.getTime() || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A dashed lowercase UUID from a dashed or bare 32-hex id, or null when it is not a UUID. */
export function normalizeAssetId(id: string): string | null {
  const trimmed = id.trim();
  if (!UUID_RE.test(trimmed)) return null;
  const hex = trimmed.replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type AssetKind = 'raw' | 'sorted' | 'derived' | 'other';

/**
 * What an asset is to the session in its name: raw data, a sorting result, another derived result,
 * or `other` (an asset not named after any session, like a cohort summary).
 */
export function assetKindOf(asset: Pick<DataAsset, 'name' | 'tags' | 'customMetadata'>): AssetKind {
  const session = sessionNameOf(asset);
  if (!session) return 'other';
  if (asset.name === session || isRawDataAsset(asset)) return 'raw';
  if (isSortedAsset(asset, session)) return 'sorted';
  return processOf(asset, session) ? 'derived' : 'other';
}
