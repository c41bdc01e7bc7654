/**
 * Asset lists as Query.dataAssets serves them, filtered, then ordered by creation time.
 *
 * What goes where: a subject filter is pushed down to CodeOcean as the per-subject search the catalog
 * and the session fields share (one request, cached ~10 min); without one the catalog's assets of
 * every subject in scope are used (no request). CodeOcean's search has no created range, and kind,
 * data level and tag are labgraph's reading of the asset, so those are applied here. A sorter filter
 * reads the DocDB processing record of each sorted asset left (one find for all of them).
 */
import { compileDateRange } from '../domain/dateInput.ts';
import { readSubject, readToken } from '../domain/sessionFilter.ts';
import type { Loaders } from '../loaders/index.ts';
import { sorterNameOfAsset } from '../loaders/sessionAssets.ts';
import { type AssetKind, assetKindOf, type DataAsset } from '../sources/codeocean/index.ts';
import type { CatalogSnapshot } from './sessionCatalog.ts';

export type DataLevel = 'raw' | 'derived';
export type DataAssetOrder = 'CREATED_ASC' | 'CREATED_DESC';

export interface DataAssetFilterInput {
  subject?: string | null;
  kind?: readonly AssetKind[] | null;
  sorter?: string | null;
  dataLevel?: DataLevel | null;
  tag?: string | null;
  createdFrom?: string | null;
  createdTo?: string | null;
}

const SORTER_FORMS = ['a spike sorter name, e.g. kilosort2_5, kilosort4, spykingcircus2'];
const TAG_FORMS = ['a non-empty tag, e.g. raw, ecephys, derived'];

/** Custom metadata `data level`, else inferred from the kind (raw data are raw, results derived). */
export function dataLevelOf(asset: DataAsset): DataLevel {
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
  ctx: { loaders: Loaders; snapshot: CatalogSnapshot },
  now: Date = new Date(),
): Promise<DataAsset[]> {
  const f = filter ?? {};
  const subject = f.subject == null ? null : readSubject(f.subject);
  const sorter = f.sorter == null ? null : readToken('sorter', f.sorter, /^[A-Za-z0-9_.-]+$/, SORTER_FORMS);
  const tag = f.tag == null ? null : readToken('tag', f.tag, /\S/, TAG_FORMS).toLowerCase();
  const inRange =
    f.createdFrom || f.createdTo ? compileDateRange({ start: f.createdFrom, end: f.createdTo }, now) : null;
  const kinds = f.kind?.length ? f.kind : null;
  // A sorter is only ever named by a sorting result.
  const kindMatches = (kind: AssetKind) =>
    (kinds === null || kinds.includes(kind)) && (sorter === null || kind === 'sorted');

  const assets = subject === null ? ctx.snapshot.assets : await ctx.loaders.subjectAssets.load(subject);
  const selected = assets.filter(
    (a) =>
      kindMatches(assetKindOf(a)) &&
      (!f.dataLevel || dataLevelOf(a) === f.dataLevel) &&
      (tag === null || a.tags.some((x) => x.toLowerCase() === tag)) &&
      (inRange === null || inRange(createdUtc(a))),
  );
  const bySorter = sorter === null ? selected : await sortedBy(selected, sorter.toLowerCase(), ctx.loaders);
  return [...bySorter].sort(byCreatedThenId[orderBy ?? 'CREATED_DESC']);
}

async function sortedBy(
  assets: readonly DataAsset[],
  sorter: string,
  loaders: Loaders,
): Promise<DataAsset[]> {
  // Every record is asked for in the same tick: one DocDB find for all of them.
  const names = await Promise.all(assets.map((a) => sorterNameOfAsset(a, loaders)));
  return assets.filter((_, i) => names[i]?.toLowerCase() === sorter);
}
