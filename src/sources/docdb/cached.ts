/**
 * DocDB answers cached for the reference's 12 hours (src/cache.ts, policy 'docdb'), keyed by the
 * typed query. Queries are built by our own code with a fixed key order, so JSON is a stable key
 * once the list clauses are put in order.
 */

import { type Caches, createCaches } from '../../cache/caches.ts';
import { CACHE_TTL_MS } from '../../cache.ts';
import type { DocDbRecord } from './record.ts';
import type { DocDbSource, RecordQuery } from './types.ts';

/**
 * The query as the cache keys it: a list clause matches any of its values, so the same values in
 * another order (a batch's subjects in another list's order) are the same query and share an answer.
 */
function canonicalQuery(query: RecordQuery): RecordQuery {
  const { names, subjectIds, codeOceanAssetIds } = query.filter;
  const sorted = (values: readonly string[] | undefined) => values && [...new Set(values)].sort();
  return {
    ...query,
    filter: {
      ...query.filter,
      names: sorted(names),
      subjectIds: sorted(subjectIds),
      codeOceanAssetIds: sorted(codeOceanAssetIds),
    },
  };
}

export function withDocDbCache(
  source: DocDbSource,
  ttlMs = CACHE_TTL_MS.docdb,
  caches: Caches = createCaches(),
): DocDbSource {
  const finds = caches.ttl<DocDbRecord[]>('docdb', 'docdb.finds', ttlMs);
  const counts = caches.ttl<{ count: number }>('docdb', 'docdb.counts', ttlMs);
  return {
    kind: source.kind,
    describe: () => source.describe(),
    find: (query) => finds.getOrLoad(JSON.stringify(canonicalQuery(query)), () => source.find(query)),
    count: async (filter) =>
      (await counts.getOrLoad(JSON.stringify(filter), async () => ({ count: await source.count(filter) })))
        .count,
    close: () => source.close(),
  };
}
