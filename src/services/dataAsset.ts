/**
 * Data assets: the per-request batch reads of CodeOcean assets, an asset's sorter and error status,
 * and asset lists as Query.dataAssets serves them, filtered, then ordered by creation time.
 *
 * What goes where: a subject filter is pushed down to CodeOcean as the per-subject search the catalog
 * and the session fields share (one request, cached ~10 min); without one the catalog's assets of
 * every subject in scope are used (no request). CodeOcean's search has no created range, and kind,
 * data level and tag are labgraph's reading of the asset, so those are applied here. A sorter filter
 * reads the DocDB processing record of each sorted asset left (one find for all of them).
 */

import { ANY_YEAR_UPSTREAM, parseAindSessionName } from '../domain/aindSessionName.ts';
import { compileDateRange } from '../domain/dateInput.ts';
import { readSubject, readToken } from '../domain/sessionFilter.ts';
import { BadUserInputError } from '../errors.ts';
import {
  type AssetKind,
  assetKindOf,
  byCreated,
  type DataAsset,
  isDataAssetError,
  isNamedAfterSession,
  normalizeAssetId,
  sessionNameOf,
  sourceDirUri,
} from '../sources/codeocean/index.ts';
import { sorterNameOf } from '../sources/docdb/index.ts';
import type { Sources } from '../sources/index.ts';
import type { CatalogSession, CatalogSnapshot } from './catalog.ts';
import type { AssetOutput, RequestReads } from './reads.ts';
import { readText, s3Location } from './storage.ts';

/** The asset rules resolvers expose as they are (CodeOcean's reading of an asset, src/sources/codeocean). */
export { assetKindOf, sourceDirUri } from '../sources/codeocean/index.ts';

/** An asset's AIND data level as CodeOcean's custom metadata (or its kind) gives it. */
export type AssetDataLevel = 'raw' | 'derived';
export type DataAssetOrder = 'CREATED_ASC' | 'CREATED_DESC';

export interface DataAssetFilterInput {
  subject?: string | null;
  kind?: readonly AssetKind[] | null;
  sorter?: string | null;
  dataLevel?: AssetDataLevel | null;
  tag?: string | null;
  namePrefix?: string | null;
  text?: string | null;
  createdFrom?: string | null;
  createdTo?: string | null;
}

const SORTER_FORMS = ['a spike sorter name, e.g. kilosort2_5, kilosort4, spykingcircus2'];
const TAG_FORMS = ['a non-empty tag, e.g. raw, ecephys, derived'];
const NAME_FORMS = ['the start of an asset name, e.g. ecephys_676909_2023-12-13'];
const TEXT_FORMS = ['one or more words, e.g. "kilosort4 676909"'];

/** The lowercase words of a free-text filter; at least one. */
function freeTextWords(text: string): string[] {
  return readToken('text', text, /\S/, TEXT_FORMS).toLowerCase().split(/\s+/);
}

/** Every word appears in the name, a tag, the description or a custom-metadata value. */
function matchesFreeText(asset: DataAsset, words: readonly string[]): boolean {
  const haystack = [asset.name, ...asset.tags, asset.description, ...Object.values(asset.customMetadata)]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** Custom metadata `data level`, else inferred from the kind (raw data are raw, results derived). */
export function dataLevelOf(asset: DataAsset): AssetDataLevel {
  const level = String(asset.customMetadata['data level'] ?? '').toLowerCase();
  if (level.startsWith('raw')) return 'raw';
  if (level === 'derived') return 'derived';
  return assetKindOf(asset) === 'raw' ? 'raw' : 'derived';
}

/** `created` in UTC as `YYYY-MM-DD HH:MM:SS`, the form the date-range predicate reads. */
const createdUtc = (asset: DataAsset) => asset.created.toISOString().slice(0, 19).replace('T', ' ');

const byCreatedThenId: Record<DataAssetOrder, (a: DataAsset, b: DataAsset) => number> = {
  CREATED_ASC: (a, b) => a.created.getTime() - b.created.getTime() || a.id.localeCompare(b.id),
  CREATED_DESC: (a, b) => b.created.getTime() - a.created.getTime() || a.id.localeCompare(b.id),
};

/** The assets that pass the filter, in the asked order (default newest first). Validates before any I/O. */
export async function selectDataAssets(
  filter: DataAssetFilterInput | null | undefined,
  orderBy: DataAssetOrder | null | undefined,
  ctx: { reads: RequestReads; snapshot: CatalogSnapshot },
  now: Date = new Date(),
): Promise<DataAsset[]> {
  const f = filter ?? {};
  const subject = f.subject == null ? null : readSubject(f.subject);
  const sorter = f.sorter == null ? null : readToken('sorter', f.sorter, /^[A-Za-z0-9_.-]+$/, SORTER_FORMS);
  const tag = f.tag == null ? null : readToken('tag', f.tag, /\S/, TAG_FORMS).toLowerCase();
  const inRange =
    f.createdFrom || f.createdTo ? compileDateRange({ start: f.createdFrom, end: f.createdTo }, now) : null;
  const kinds = f.kind?.length ? f.kind : null;
  const namePrefix = f.namePrefix == null ? null : readToken('namePrefix', f.namePrefix, /\S/, NAME_FORMS);
  const words = f.text == null ? null : freeTextWords(f.text);
  // A sorter is only ever named by a sorting result.
  const kindMatches = (kind: AssetKind) =>
    (kinds === null || kinds.includes(kind)) && (sorter === null || kind === 'sorted');

  const assets = subject === null ? ctx.snapshot.assets : await ctx.reads.subjectAssets.load(subject);
  const selected = assets.filter(
    (a) =>
      kindMatches(assetKindOf(a)) &&
      (!f.dataLevel || dataLevelOf(a) === f.dataLevel) &&
      (tag === null || a.tags.some((x) => x.toLowerCase() === tag)) &&
      (namePrefix === null || a.name.startsWith(namePrefix)) &&
      (words === null || matchesFreeText(a, words)) &&
      (inRange === null || inRange(createdUtc(a))),
  );
  const bySorter = sorter === null ? selected : await sortedBy(selected, sorter.toLowerCase(), ctx.reads);
  return [...bySorter].sort(byCreatedThenId[orderBy ?? 'CREATED_DESC']);
}

async function sortedBy(
  assets: readonly DataAsset[],
  sorter: string,
  reads: RequestReads,
): Promise<DataAsset[]> {
  // Every record is asked for in the same tick: one DocDB find for all of them.
  const names = await Promise.all(assets.map((a) => sorterNameOfAsset(a, reads)));
  return assets.filter((_, i) => names[i]?.toLowerCase() === sorter);
}

/** DataAsset.sorterName: the sorter of a sorted asset; null for other kinds. */
export function sorterNameIfSorted(asset: DataAsset, reads: RequestReads): Promise<string | null> | null {
  return assetKindOf(asset) === 'sorted' ? sorterNameOfAsset(asset, reads) : null;
}

/** The sorter that produced a sorted asset, from its DocDB processing record. */
export async function sorterNameOfAsset(asset: DataAsset, reads: RequestReads): Promise<string | null> {
  const record = await reads.recordByName.load(asset.name);
  return record ? sorterNameOf(record) : null;
}

/** A result asset failed: its `output` reports an error, is missing, or a sorting run has no NWB. */
export async function isAssetError(asset: DataAsset, reads: RequestReads): Promise<boolean> {
  const output = await reads.assetOutput.load(asset);
  return isDataAssetError(output.text, output.hasNwb);
}

/** DataAsset.isError: for results, whether the run failed; null for raw data and other datasets. */
export function resultErrorStatus(asset: DataAsset, reads: RequestReads): Promise<boolean> | null {
  return asset.type === 'result' ? isAssetError(asset, reads) : null;
}

/** Query.dataAsset: the asset with this UUID (dashed or bare hex); null when it does not exist. */
export function dataAssetById(id: string, reads: RequestReads): Promise<DataAsset | null> {
  const uuid = normalizeAssetId(id);
  if (!uuid) {
    throw new BadUserInputError(`${JSON.stringify(id)} is not a data-asset id`, [
      'a UUID, dashed or 32 hex digits',
    ]);
  }
  return reads.asset.load(uuid);
}

/** DataAsset.session: the catalog session the asset is named after. */
export function sessionOfAsset(asset: DataAsset, snapshot: CatalogSnapshot): CatalogSession | null {
  const name = sessionNameOf(asset);
  return name === null ? null : (snapshot.sessionByAindName.get(name) ?? null);
}

// Batch reads (the loaders' batch functions): one source call per batch.

/** Every asset of each subject, oldest first: CodeOcean bulk searches for them all (cached ~10 min). */
export async function assetsOfSubjects(
  sources: Sources,
  subjects: readonly string[],
): Promise<DataAsset[][]> {
  const bySubject = await sources.codeocean.getSubjectsDataAssets(subjects);
  return subjects.map((subject) => [...(bySubject.get(subject) ?? [])].sort(byCreated));
}

/** The subject an AIND session name belongs to, or null when the name is not one. */
export const subjectOfSessionName = (name: string): string | null =>
  parseAindSessionName(name, ANY_YEAR_UPSTREAM)?.subject ?? null;

/** The assets of `subjectAssets` named after the session `name` (raw and derived). */
export const assetsNamedAfter = (subjectAssets: readonly DataAsset[], name: string): DataAsset[] =>
  subjectAssets.filter((asset) => isNamedAfterSession(asset.name, name));

/** Assets by id (null for ids that do not exist): CodeOcean's per-id reads. */
export const assetsById = (sources: Sources, ids: readonly string[]): Promise<(DataAsset | null)[]> =>
  sources.codeocean.getDataAssets(ids);

/** The asset folder's `output` text and whether `nwb/` holds anything: one GET and one listing. */
export async function assetOutputOf(sources: Sources, asset: DataAsset): Promise<AssetOutput> {
  const dir = sourceDirUri(asset);
  const location = dir ? s3Location(dir) : null;
  if (!location) return { text: null, hasNwb: false };
  const [text, hasNwb] = await Promise.all([
    readText(sources.objectStore, location.bucket, `${location.key}/output`),
    sources.objectStore.exists(location.bucket, `${location.key}/nwb/`),
  ]);
  return { text, hasNwb };
}
