/**
 * DocDB through AIND's read-only REST gateway (reference §4.1):
 * `GET {base}/{version}/{db}/{collection}/find?filter=&projection=&sort=&limit=&skip=` (JSON-encoded
 * parameters) and `…/count_documents?filter=`. The gateway may return FEWER records than asked to stay
 * under its payload limit, so a short page does not mean the end: paging goes on with
 * `skip += page.length` until an empty page (or the caller's limit) is reached.
 * Retries, backoff and timeouts are upstreamHttp's; there is no other retry loop here.
 */
import type { Document } from 'mongodb';
import { UpstreamError } from '../../errors.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, readJsonOrNull, upstreamFetch } from '../upstreamHttp.ts';
import { toMongoFilter, toMongoFind } from './filter.ts';
import { parseDocDbRecords } from './record.ts';
import type { DocDbCommonOptions, DocDbSource } from './types.ts';

export interface RestDocDbOptions extends DocDbCommonOptions {
  /** e.g. `https://api.allenneuraldynamics.org` (a path prefix is kept). */
  baseUrl: string;
  database?: string;
  collection?: string;
  /** API version segment of the path. */
  apiVersion?: string;
  policy?: RetryPolicy;
  /** Records asked for per request; the gateway may answer with fewer. */
  pageSize?: number;
}

export const DEFAULT_REST_PAGE_SIZE = 500;

interface CountResponse {
  total_record_count?: unknown;
  filtered_record_count?: unknown;
}

/** The base URL without credentials or query, for the startup log. */
function publicBase(base: URL): string {
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
}

export function createRestDocDb(options: RestDocDbOptions): DocDbSource {
  const database = options.database ?? 'metadata_index';
  const collection = options.collection ?? 'data_assets';
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const pageSize = options.pageSize ?? DEFAULT_REST_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError('DocDB REST pageSize must be a positive integer');
  const base = new URL(options.baseUrl);
  const collectionPath = [options.apiVersion ?? 'v1', database, collection].map(encodeURIComponent).join('/');
  const endpoint = (name: string, params: Record<string, string>) => {
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}/${collectionPath}/${name}`, base);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  };

  async function getJson<T>(operation: string, url: URL): Promise<T> {
    const response = await upstreamFetch({
      source: 'docdb',
      operation,
      url,
      init: { headers: { accept: 'application/json' } },
      policy,
    });
    const body = await readJsonOrNull<T>(response, 'docdb', operation);
    if (body === null) {
      throw new UpstreamError(
        'docdb',
        'UNAVAILABLE',
        `docdb: ${operation} answered HTTP 404 (wrong base URL, database or collection?)`,
      );
    }
    return body;
  }

  return {
    kind: 'rest',
    describe: () => `DocDB REST gateway ${publicBase(base)}/${collectionPath}`,
    async find(query) {
      const find = toMongoFind(query);
      const common: Record<string, string> = {
        filter: JSON.stringify(find.filter),
        sort: JSON.stringify(find.sort),
      };
      if (find.projection) common.projection = JSON.stringify(find.projection);
      const documents: Document[] = [];
      let skip = find.skip;
      for (;;) {
        const remaining = find.limit > 0 ? find.limit - documents.length : pageSize;
        if (remaining <= 0) break;
        const limit = Math.min(pageSize, remaining);
        options.onRequest?.('find');
        const page = await getJson<unknown>(
          'find records',
          endpoint('find', { ...common, limit: String(limit), skip: String(skip) }),
        );
        if (!Array.isArray(page)) {
          throw new UpstreamError(
            'docdb',
            'UNAVAILABLE',
            'docdb: find records returned something other than a list',
          );
        }
        if (page.length === 0) break;
        // A page longer than asked would break the skip arithmetic's promise; keep what was asked.
        documents.push(...(page.slice(0, limit) as Document[]));
        skip += Math.min(page.length, limit);
      }
      return parseDocDbRecords(documents, query.projection, options.onMalformedRecord);
    },
    async count(filter) {
      options.onRequest?.('count');
      const body = await getJson<CountResponse>(
        'count records',
        endpoint('count_documents', { filter: JSON.stringify(toMongoFilter(filter)) }),
      );
      const count = body?.filtered_record_count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw new UpstreamError(
          'docdb',
          'UNAVAILABLE',
          'docdb: count records returned no filtered_record_count',
        );
      }
      return count;
    },
    async close() {},
  };
}
