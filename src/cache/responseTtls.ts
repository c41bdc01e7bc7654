/**
 * How long a cached response lives, by the GraphQL types in it: each type's values come from one
 * source, so a response lives as long as the shortest-lived source it read (src/cache.ts policies).
 * Sessions and subjects come from the catalog, rebuilt every LABGRAPH_CATALOG_REFRESH_MS: that is the
 * default for every response. Registry types have no TTL of their own: writes invalidate them.
 */
import type { GraphQLSchema } from 'graphql';
import { CACHE_TTL_MS, type CachePolicy } from '../cache.ts';

/** Types whose values come from one cached source (Metadata* types: DocDB records). */
const TYPE_POLICY: Readonly<Record<string, CachePolicy>> = {
  DataAsset: 'codeocean',
  SortedDataAsset: 'codeocean',
  SessionMetadata: 'docdb',
  StimFile: 'objectstoreListing',
  Trial: 'objectstoreListing',
  BlockPerformance: 'objectstoreListing',
  Epoch: 'objectstoreListing',
  ColumnTable: 'objectstoreListing',
};

/**
 * Never cached: re-run against today's data, and no write names what they depend on (a new session
 * changes a selection's drift without touching the selection).
 */
const UNCACHED_TYPES = ['SelectionDrift', 'SelectionPreviewResult'];

export function responseTtlsByType(schema: GraphQLSchema): Record<string, number> {
  const ttls: Record<string, number> = Object.fromEntries(UNCACHED_TYPES.map((name) => [name, 0]));
  for (const name of Object.keys(schema.getTypeMap())) {
    const policy = TYPE_POLICY[name] ?? (name.startsWith('Metadata') ? 'docdb' : undefined);
    if (policy) ttls[name] = CACHE_TTL_MS[policy];
  }
  return ttls;
}
