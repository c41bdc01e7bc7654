/**
 * The GraphQL response cache: Yoga's response-cache plugin, which answers a repeated query from the
 * cache before it is even parsed. Keyed by the document, the operation name, the variables and the
 * caller's read scope. What it keeps and for how long:
 *
 * - only complete answers: a result with errors, one built while the catalog or the request stood in
 *   for a source that was down, or one computed while an invalidation happened, is not kept;
 * - for the shortest TTL of the sources it read (by the GraphQL types in it: src/cache.ts policies);
 * - until an entity in it changes: `invalidate` drops every response holding `Session:<id>`, or, for
 *   an EntityRef without an id, every response whose document asks for that type anywhere (so a new
 *   session drops the lists that could now hold it, even `sessions { totalCount }`).
 */
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import {
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CacheObserver, EntityRef } from '../cache.ts';

/** The root type's name: every cached response is indexed under it, so `invalidate(null)` drops all. */
const ROOT = 'Query';
/** Set by Yoga's plugin on a result it served from the cache. */
const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache');

export interface ResponseCacheOptions {
  schema: GraphQLSchema;
  /** TTL of a response holding none of the types in `ttlByType`, and of the root type. */
  defaultTtlMs: number;
  /** TTL per GraphQL type, from the policy of the source it comes from. */
  ttlByType: Readonly<Record<string, number>>;
  maxEntries: number;
  /**
   * The caller's read scope, the part of the key that says who may see the answer; null when the
   * caller may not read (the request then neither uses nor fills the cache, and its own auth check
   * answers it).
   */
  readScope(request: Request): Promise<string | null>;
  /** True while the answers are not complete (the catalog stands in for a source that is down). */
  degraded(): boolean;
  /** Whether this request's answer stood in for an outage (from its context). */
  incomplete(context: unknown): boolean;
  /** A store shared by replicas; without it, process memory. */
  store?: ResponseStore;
  observer?: CacheObserver;
}

/** What the plugin keeps responses in (its Cache interface). */
export type ResponseStore = Cache;

export interface ResponseCache {
  plugin(): Plugin;
  /** Drops the responses that hold these entities; null drops every response. */
  invalidate(entities: readonly EntityRef[] | null): Promise<void>;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const store = options.store ?? createInMemoryCache({ max: options.maxEntries });
  const listTypes = nodeTypesOfConnections(options.schema);
  const typesOfDocument = new WeakMap<DocumentNode, EntityRef[]>();
  const documentOfContext = new WeakMap<object, DocumentNode>();
  const epochAtStart = new WeakMap<object, number>();
  const allowed = new WeakMap<Request, boolean>();
  // Bumped by every invalidation: an answer computed across one may hold what it dropped.
  let epoch = 0;
  // The types of the response being stored: onTtl hands them to `set`, which the plugin calls next,
  // synchronously (envelop's maybeCacheResult: onTtl, shouldCacheResult, set).
  let typesOfResponseBeingStored: EntityRef[] = [];

  const indexed: ResponseStore = {
    get: (key) => store.get(key),
    set: (key, result, entities, ttl) => {
      const types = typesOfResponseBeingStored;
      typesOfResponseBeingStored = [];
      return store.set(key, result, [...entities, ...types], ttl);
    },
    invalidate: (entities) => store.invalidate(entities),
  };

  const typesOf = (document: DocumentNode): EntityRef[] => {
    let types = typesOfDocument.get(document);
    if (!types) {
      types = [...documentTypes(options.schema, document, listTypes)].map((typename) => ({ typename }));
      typesOfDocument.set(document, types);
    }
    return types;
  };

  const responseCache = useResponseCache<object>({
    cache: indexed,
    session: async (request) => {
      const scope = await options.readScope(request);
      allowed.set(request, scope !== null);
      return scope;
    },
    enabled: (request) => allowed.get(request) === true,
    ttl: options.defaultTtlMs,
    ttlPerSchemaCoordinate: { [ROOT]: options.defaultTtlMs, ...options.ttlByType },
    // Results with errors are never kept (the plugin's default would also print a console warning).
    shouldCacheResult: ({ result }) => !result.errors?.length,
    onTtl: ({ ttl, context }) => {
      const document = documentOfContext.get(context);
      const complete =
        !options.degraded() && !options.incomplete(context) && epochAtStart.get(context) === epoch;
      typesOfResponseBeingStored = complete && document ? typesOf(document) : [];
      return complete && document ? ttl : 0;
    },
  });

  return {
    plugin: () => ({
      // One lookup per request, counted when its answer goes out: served from the cache, or not.
      onResultProcess({ request, result }) {
        if (allowed.get(request) !== true) return;
        if (typeof result === 'object' && result !== null && SERVED_FROM_CACHE in result) {
          options.observer?.hit('response');
        } else {
          options.observer?.miss('response');
        }
      },
      onPluginInit({ addPlugin }) {
        addPlugin({
          onExecute({ args }) {
            epochAtStart.set(args.contextValue, epoch);
            documentOfContext.set(args.contextValue, args.document);
          },
        });
        addPlugin(responseCache);
      },
    }),
    async invalidate(entities) {
      epoch++;
      const refs = entities === null ? [{ typename: ROOT }] : entities;
      await store.invalidate(refs);
    },
  };
}

/**
 * The types a document asks for (each field's named type), with the node type of every Relay
 * connection in it: `sessions { totalCount }` depends on which sessions exist.
 */
function documentTypes(
  schema: GraphQLSchema,
  document: DocumentNode,
  nodeTypeOf: ReadonlyMap<string, string>,
): Set<string> {
  const types = new Set<string>([ROOT]);
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (!type) return;
        const named = getNamedType(type).name;
        types.add(named);
        const node = nodeTypeOf.get(named);
        if (node) types.add(node);
      },
    }),
  );
  return types;
}

/** Connection type → node type, for every type with `edges { node }`. */
function nodeTypesOfConnections(schema: GraphQLSchema): Map<string, string> {
  const nodes = new Map<string, string>();
  const fieldType = (type: GraphQLNamedType, field: string) =>
    isObjectType(type) ? type.getFields()[field]?.type : undefined;
  for (const type of Object.values(schema.getTypeMap())) {
    const edges = fieldType(type, 'edges');
    const node = edges ? fieldType(getNamedType(edges), 'node') : undefined;
    if (edges && node) {
      nodes.set(type.name, getNamedType(node).name);
      nodes.set(getNamedType(edges).name, getNamedType(node).name);
    }
  }
  return nodes;
}
