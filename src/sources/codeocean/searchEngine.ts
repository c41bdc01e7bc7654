/**
 * `POST data_assets/search` as the server answers it, over records held in memory: query, type and
 * origin filters, sorting, offset/limit paging with `has_more`. Used by the embedded backend and the
 * loopback test server so both behave like CodeOcean (and like each other).
 */
import { z } from 'zod';
import { parseDataAssetQuery, recordMatchesQuery, type SearchableRecord } from './searchQuery.ts';

/** The request body of `POST data_assets/search` (the SDK sends explicit nulls for unset fields). */
export const searchRequestWireSchema = z.object({
  query: z.string().nullish(),
  offset: z.number().int().min(0).nullish(),
  limit: z.number().int().min(1).max(1000).nullish(),
  sort_field: z.enum(['created', 'type', 'name', 'size']).nullish(),
  sort_order: z.enum(['asc', 'desc']).nullish(),
  type: z.enum(['dataset', 'result', 'combined', 'model']).nullish(),
  origin: z.enum(['internal', 'external']).nullish(),
  archived: z.boolean().nullish(),
  favorite: z.boolean().nullish(),
});
export type SearchRequestWire = z.input<typeof searchRequestWireSchema>;

export interface EngineRecord extends SearchableRecord {
  id: string;
  created: number;
  type: string;
  size?: number | null;
  source_bucket?: { external?: boolean } | null;
}

/** The server's default page size (codeocean-sdk issue #40 raised it from 20 to 100). */
export const SERVER_DEFAULT_LIMIT = 100;

function compareBy(field: 'created' | 'type' | 'name' | 'size') {
  return (a: EngineRecord, b: EngineRecord): number => {
    const x = field === 'size' ? (a.size ?? 0) : a[field];
    const y = field === 'size' ? (b.size ?? 0) : b[field];
    if (x < y) return -1;
    if (x > y) return 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

type SearchRequest = z.infer<typeof searchRequestWireSchema>;

/**
 * Answers one search page. `maxPageSize` caps `limit` the way a server may return fewer results than
 * asked (clients must advance by what they received, not by what they asked for).
 */
export function searchRecords<R extends EngineRecord>(
  records: readonly R[],
  request: SearchRequest,
  maxPageSize = 1000,
): { has_more: boolean; results: R[] } {
  return pageOf(sortedMatches(records, request), request, maxPageSize);
}

/** Every record the request's query and filters match, in the order it asks for. */
export function sortedMatches<R extends EngineRecord>(records: readonly R[], request: SearchRequest): R[] {
  const query = parseDataAssetQuery(request.query ?? '');
  const matching = records.filter(
    (r) =>
      (!request.type || r.type === request.type) &&
      (!request.origin || (request.origin === 'external') === Boolean(r.source_bucket?.external)) &&
      recordMatchesQuery(r, query),
  );
  const sorted = [...matching].sort(compareBy(request.sort_field ?? 'created'));
  if (request.sort_order === 'desc') sorted.reverse();
  return sorted;
}

/** The page `offset`/`limit` ask for of sorted matches, and whether more follow. */
export function pageOf<R>(
  sorted: readonly R[],
  request: SearchRequest,
  maxPageSize = 1000,
): { has_more: boolean; results: R[] } {
  const offset = request.offset ?? 0;
  const limit = Math.min(request.limit ?? SERVER_DEFAULT_LIMIT, maxPageSize);
  return { has_more: offset + limit < sorted.length, results: sorted.slice(offset, offset + limit) };
}
