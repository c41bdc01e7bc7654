/**
 * The CodeOcean source's logic, written once over a transport that answers the raw API calls. The HTTP
 * client and the embedded backend differ only in their transport, so paging, validation, session and
 * subject association, de-duplication and batching behave the same on both.
 */
import { UpstreamError } from '../../errors.ts';
import { byCreated, normalizeAssetId, subjectOf } from './assetRules.ts';
import { mapWithConcurrency } from './concurrency.ts';
import type { SearchRequestWire } from './searchEngine.ts';
import { buildDataAssetQuery } from './searchQuery.ts';
import type { CodeOceanBackend, CodeOceanSource, Computation, DataAsset, DataAssetSearch } from './types.ts';
import { toComputation, toComputations, toDataAsset, toSearchResponse } from './wire.ts';

/** The raw API calls a backend must answer; values are unvalidated JSON. */
export interface CodeOceanTransport {
  readonly kind: CodeOceanSource['kind'];
  describe(): string;
  /** One page of `POST data_assets/search`. */
  searchPage(body: SearchRequestWire): Promise<unknown>;
  /** `GET data_assets/{id}`; null when absent. */
  getDataAsset(id: string): Promise<unknown | null>;
  /** `GET capsules/{id}/computations`; null when the capsule is unknown. */
  listCapsuleComputations(capsuleId: string): Promise<unknown | null>;
  /** `GET computations/{id}`; null when absent. */
  getComputation(id: string): Promise<unknown | null>;
  /** Names the endpoint (or file) a value came from, for InvalidDataError; never holds secrets. */
  where(path: string): string;
}

export interface CodeOceanPagingOptions {
  /** `limit` per search page; ≤ 1000 (the API's maximum, the default: bulk searches return many). */
  pageSize?: number;
  /** Guard against endless paging; reaching it with more pages left is an error. Default 1000. */
  maxPages?: number;
  /** Upstream calls in flight at once for the batch helpers. Default 8. */
  concurrency?: number;
}

/** Subjects named in one bulk search: its query stays near 1 kB however large the lab. */
export const SUBJECTS_PER_SEARCH = 100;

/**
 * The searches that find every asset of some subjects, two per group of SUBJECTS_PER_SEARCH: names
 * containing any of the subjects (the AIND session names and the results named after them), and
 * `subject id` metadata naming any of them (assets whose names carry no session). A repeated field is
 * an OR in CodeOcean's query syntax, so a lab of any size costs a few searches and their pages, where a
 * free-text search per subject (the reference's way) costs one search per subject. A group of one
 * subject is that subject's free-text search: one request, the same assets.
 */
export function subjectSearches(subjects: readonly string[]): string[] {
  const queries: string[] = [];
  for (let i = 0; i < subjects.length; i += SUBJECTS_PER_SEARCH) {
    const group = subjects.slice(i, i + SUBJECTS_PER_SEARCH);
    if (group.length === 1) queries.push(buildDataAssetQuery({ text: group[0] }));
    else
      queries.push(
        buildDataAssetQuery({ anyOfNames: group }),
        buildDataAssetQuery({ anyOfSubjectIds: group }),
      );
  }
  return queries;
}

export function createSourceFromTransport(
  transport: CodeOceanTransport,
  options: CodeOceanPagingOptions = {},
): CodeOceanBackend {
  const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  const maxPages = Math.max(1, options.maxPages ?? 1000);
  const concurrency = Math.max(1, options.concurrency ?? 8);

  async function searchDataAssets(search: DataAssetSearch): Promise<DataAsset[]> {
    const where = transport.where('data_assets/search');
    const seen = new Map<string, DataAsset>();
    let offset = 0;
    for (let page = 0; page < maxPages; page++) {
      const response = toSearchResponse(
        await transport.searchPage({
          query: search.query ?? '',
          offset,
          limit: pageSize,
          sort_field: search.sortField ?? 'created',
          sort_order: search.sortOrder ?? 'asc',
          type: search.type ?? null,
          origin: search.origin ?? null,
          archived: search.archived ?? false,
          favorite: false,
        }),
        where,
      );
      for (const raw of response.results) {
        const asset = toDataAsset(raw, where);
        // Offset paging can repeat a record when assets are added mid-scan: keep the first.
        if (!seen.has(asset.id)) seen.set(asset.id, asset);
      }
      // Advance by what came back: a server may return fewer than `limit`.
      offset += response.results.length;
      if (!response.has_more || response.results.length === 0) return [...seen.values()];
    }
    throw new UpstreamError(
      'codeocean',
      'UNAVAILABLE',
      `codeocean: search data assets stopped at the page limit (${maxPages} pages of ${pageSize}); narrow the query`,
    );
  }

  async function getDataAsset(id: string): Promise<DataAsset | null> {
    const normalized = normalizeAssetId(id);
    if (normalized === null) return null; // not a UUID: no asset can have it
    const raw = await transport.getDataAsset(normalized);
    return raw === null ? null : toDataAsset(raw, transport.where(`data_assets/${normalized}`));
  }

  async function getDataAssets(ids: readonly string[]): Promise<(DataAsset | null)[]> {
    const distinct = [...new Set(ids.map((id) => normalizeAssetId(id) ?? id))];
    const fetched = await mapWithConcurrency(distinct, concurrency, getDataAsset);
    const byId = new Map(distinct.map((id, i) => [id, fetched[i] ?? null]));
    return ids.map((id) => byId.get(normalizeAssetId(id) ?? id) ?? null);
  }

  async function getSubjectsDataAssets(subjectIds: readonly string[]): Promise<Map<string, DataAsset[]>> {
    const distinct = [...new Set(subjectIds.map((id) => id.trim()))].filter((id) => id !== '');
    const found = new Map(distinct.map((id) => [id, new Map<string, DataAsset>()]));
    const hits = await mapWithConcurrency(subjectSearches(distinct), concurrency, (query) =>
      searchDataAssets({ query }),
    );
    // An asset belongs to the subject it names itself (its session name, else its `subject id`), never
    // to one its description or tags merely mention.
    for (const asset of hits.flat()) {
      const subject = subjectOf(asset);
      if (subject !== null) found.get(subject)?.set(asset.id, asset);
    }
    const bySubject = new Map([...found].map(([id, assets]) => [id, [...assets.values()].sort(byCreated)]));
    return new Map(subjectIds.map((id) => [id, bySubject.get(id.trim()) ?? []]));
  }

  async function listCapsuleComputations(capsuleId: string): Promise<Computation[]> {
    const id = capsuleId.trim();
    const raw = await transport.listCapsuleComputations(id);
    if (raw === null) return [];
    return toComputations(raw, transport.where(`capsules/${id}/computations`)).sort(
      (a, b) => a.created.getTime() - b.created.getTime(),
    );
  }

  async function getComputation(id: string): Promise<Computation | null> {
    const normalized = normalizeAssetId(id); // computation ids are UUIDs too
    if (normalized === null) return null;
    const raw = await transport.getComputation(normalized);
    return raw === null ? null : toComputation(raw, transport.where(`computations/${normalized}`));
  }

  async function getComputations(ids: readonly string[]): Promise<(Computation | null)[]> {
    const distinct = [...new Set(ids.map((id) => normalizeAssetId(id) ?? id))];
    const fetched = await mapWithConcurrency(distinct, concurrency, getComputation);
    const byId = new Map(distinct.map((id, i) => [id, fetched[i] ?? null]));
    return ids.map((id) => byId.get(normalizeAssetId(id) ?? id) ?? null);
  }

  return {
    kind: transport.kind,
    describe: () => transport.describe(),
    searchDataAssets,
    getDataAsset,
    getDataAssets,
    getSubjectsDataAssets,
    listCapsuleComputations,
    getComputations,
  };
}
