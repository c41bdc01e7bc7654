/**
 * DocDB through AIND's read-only REST gateway (reference §4.1):
 * `GET {base}/{version}/{db}/{collection}/find?filter=&projection=&sort=&limit=&skip=` (JSON-encoded
 * parameters) and `…/count_documents?filter=`. The gateway may return FEWER records than asked to stay
 * under its payload limit, so a short page does not mean the end: paging goes on with
 * `skip += page.length` until an empty page (or the caller's limit) is reached.
 * Retries, backoff and timeouts are upstreamHttp's; there is no other retry loop here. Paging is
 * bounded three ways, since an upstream that ignores `skip` or keeps sending junk would otherwise
 * be asked forever: at most `maxPages` pages, one deadline for the whole read (the policy's), and a
 * page repeating a record already read stops it.
 */
import type { Document } from 'mongodb';
import { UpstreamError } from '../../errors.ts';
import { publicAddress } from '../../redact.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, upstreamJson } from '../upstreamHttp.ts';
import { toMongoFilter, toMongoFind } from './filter.ts';
import { AIND_STORE, parseDocDbRecords } from './record.ts';
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
  /** Most pages one read may take (`LABGRAPH_DOCDB_MAX_PAGES`); more fails the read. */
  maxPages?: number;
}

export const DEFAULT_REST_PAGE_SIZE = 500;
/** 1,000 pages of up to 500 records: far beyond the lab's whole collection. */
export const DEFAULT_REST_MAX_PAGES = 1000;

interface CountResponse {
  total_record_count?: unknown;
  filtered_record_count?: unknown;
}

/** The key a record is recognised by when a page repeats it: its `_id`, else all of it. */
function recordKey(record: unknown): string {
  const id = typeof record === 'object' && record !== null ? (record as Document)._id : undefined;
  return id === undefined ? `json:${JSON.stringify(record)}` : `id:${JSON.stringify(id)}`;
}

export function createRestDocDb(options: RestDocDbOptions): DocDbSource {
  const database = options.database ?? AIND_STORE.database;
  const collection = options.collection ?? AIND_STORE.collection;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const pageSize = options.pageSize ?? DEFAULT_REST_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError('DocDB REST pageSize must be a positive integer');
  const maxPages = options.maxPages ?? DEFAULT_REST_MAX_PAGES;
  const base = new URL(options.baseUrl);
  const collectionPath = [options.apiVersion ?? 'v1', database, collection].map(encodeURIComponent).join('/');
  const endpoint = (name: string, params: Record<string, string>) => {
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}/${collectionPath}/${name}`, base);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  };

  async function getJson<T>(operation: string, url: URL, deadlineAt?: number): Promise<T> {
    const body = await upstreamJson<T>({
      source: 'docdb',
      operation,
      metric: { backend: 'rest', operation: url.pathname.split('/').at(-1) ?? 'unknown' },
      url,
      init: { headers: { accept: 'application/json' } },
      policy,
      ...(deadlineAt === undefined ? {} : { deadlineAt }),
    });
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
    describe: () => `DocDB REST gateway ${publicAddress(base.href)}/${collectionPath}`,
    async find(query) {
      const find = toMongoFind(query);
      const common: Record<string, string> = {
        filter: JSON.stringify(find.filter),
        sort: JSON.stringify(find.sort),
      };
      if (find.projection) common.projection = JSON.stringify(find.projection);
      const documents: Document[] = [];
      const seen = new Set<string>();
      const deadlineAt = Date.now() + policy.deadlineMs;
      let skip = find.skip;
      for (let pages = 0; ; pages++) {
        const remaining = find.limit > 0 ? find.limit - documents.length : pageSize;
        if (remaining <= 0) break;
        if (pages === maxPages) {
          throw new UpstreamError(
            'docdb',
            'UNAVAILABLE',
            `docdb: find records needed more than ${maxPages} pages (LABGRAPH_DOCDB_MAX_PAGES); the gateway may be ignoring skip`,
          );
        }
        if (Date.now() >= deadlineAt) {
          throw new UpstreamError(
            'docdb',
            'TIMEOUT',
            `docdb: find records did not finish paging within ${policy.deadlineMs} ms (${pages} pages read)`,
          );
        }
        const limit = Math.min(pageSize, remaining);
        options.onRequest?.('find');
        const page = await getJson<unknown>(
          'find records',
          endpoint('find', { ...common, limit: String(limit), skip: String(skip) }),
          deadlineAt,
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
        const kept = page.slice(0, limit);
        for (const record of kept) {
          const key = recordKey(record);
          if (seen.has(key)) {
            throw new UpstreamError(
              'docdb',
              'UNAVAILABLE',
              `docdb: find records returned a record again at skip ${skip}; the gateway is ignoring skip`,
            );
          }
          seen.add(key);
        }
        documents.push(...(kept as Document[]));
        skip += kept.length;
      }
      return parseDocDbRecords(documents, query.projection, options.onMalformedRecord, {
        database,
        collection,
      });
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
