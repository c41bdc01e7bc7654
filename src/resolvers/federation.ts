/**
 * Federation v2: labgraph as a subgraph of an institute's supergraph (LABGRAPH_FEDERATION=true serves
 * `subgraphSchema` of ./schema.ts). Session, Subject, DataAsset and Dataset are entities keyed by
 * `id`, the same natural keys Query.node takes. A federation gateway asks for many at once
 * (`_entities(representations:)`, all resolved in one tick), and each key goes through the request's
 * catalog snapshot or loaders, so a batch of keys costs what a list of nodes does: sessions and
 * subjects are read from the snapshot, assets through the `asset` loader (each distinct id fetched
 * once), datasets through `datasetByNodeId` (one registry query per batch). A key nothing has, or
 * one not of the type's id shape (keys come from other subgraphs), is null and costs no lookup.
 */
import { builder } from './builder.ts';
import { DatasetObject } from './datasets.ts';
import { typenameOfNodeId } from './nodeIds.ts';
import { DataAssetObject, SessionObject, SubjectObject } from './refs.ts';

const byId = builder.selection<{ id: string }>('id');

/**
 * @apollo/subgraph stamps `__typename` on the object an entity resolves to: entities are handed out
 * as copies, so the catalog's and the caches' shared objects are never written to.
 */
const copyOf = <T extends object>(value: T | null | undefined): T | null => (value ? { ...value } : null);

/** The entity `load` finds for a key of `typename`'s id shape (a copy); null for any other key. */
async function entity<T extends object>(
  typename: string,
  id: string,
  load: () => Promise<T | null | undefined>,
): Promise<T | null> {
  return typenameOfNodeId(id) === typename ? copyOf(await load()) : null;
}

builder.asEntity(SessionObject, {
  key: byId,
  resolveReference: ({ id }, ctx) =>
    entity('Session', id, async () => (await ctx.catalog.snapshot()).sessionById.get(id)),
});

builder.asEntity(SubjectObject, {
  key: byId,
  resolveReference: ({ id }, ctx) =>
    entity('Subject', id, async () => (await ctx.catalog.snapshot()).subjectById.get(id)),
});

builder.asEntity(DataAssetObject, {
  key: byId,
  resolveReference: ({ id }, ctx) => entity('DataAsset', id, () => ctx.loaders.asset.load(id)),
});

builder.asEntity(DatasetObject, {
  key: byId,
  resolveReference: ({ id }, ctx) => entity('Dataset', id, () => ctx.loaders.datasetByNodeId.load(id)),
});
