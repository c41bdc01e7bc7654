/**
 * A CodeOcean source behind the gateway's caches (policy 'codeocean', ~10 min as in the
 * reference; memory, and Redis when configured). Batch methods keep batching: only the keys not cached are sent upstream, in ONE call of
 * the underlying batch method, so a partly cached batch costs one search per *uncached* subject.
 * Failed loads are not cached (the cache module drops them), so an outage is retried next time.
 */

import { type BatchCache, type Caches, createCaches } from '../../cache/caches.ts';
import { CACHE_TTL_MS } from '../../cache.ts';
import type { CodeOceanSource, Computation, DataAsset } from './types.ts';

/** The cache holds objects only; `null` (absent asset) is boxed. */
interface Box<T> {
  value: T;
}

/** A batch lookup through the cache: only the keys neither memory nor Redis holds are fetched. */
function batchedLookup<T>(cache: BatchCache<Box<T>>) {
  return async (keys: readonly string[], fetchMany: (missing: string[]) => Promise<Map<string, T>>) => {
    const boxes = await cache.getMany(keys, async (missing) => {
      const found = await fetchMany(missing);
      return new Map(missing.map((key) => [key, { value: found.get(key) as T }]));
    });
    return boxes.map((box) => box.value);
  };
}

export function withCodeOceanCache(
  source: CodeOceanSource,
  ttlMs = CACHE_TTL_MS.codeocean,
  caches: Caches = createCaches(),
): CodeOceanSource {
  const subjects = batchedLookup(caches.ttl<Box<DataAsset[]>>('codeocean', 'codeocean.subjectAssets', ttlMs));
  const assets = batchedLookup(caches.ttl<Box<DataAsset | null>>('codeocean', 'codeocean.assets', ttlMs));
  const computations = caches.ttl<Computation[]>('codeoceanComputations', 'codeocean.capsuleComputations');
  const runs = batchedLookup(
    caches.ttl<Box<Computation | null>>('codeoceanComputations', 'codeocean.computations'),
  );

  const getDataAssets = (ids: readonly string[]) =>
    assets(ids, async (missing) => {
      const found = await source.getDataAssets(missing);
      return new Map(missing.map((id, i) => [id, found[i] ?? null]));
    });
  const getSubjectsDataAssets = async (ids: readonly string[]) => {
    const lists = await subjects(ids, (missing) => source.getSubjectsDataAssets(missing));
    return new Map(ids.map((id, i) => [id, lists[i] ?? []]));
  };

  return {
    kind: source.kind,
    describe: () => `${source.describe()}, cached ${Math.round(ttlMs / 1000)} s`,
    getDataAsset: async (id) => (await getDataAssets([id]))[0] ?? null,
    getDataAssets,
    getSubjectsDataAssets,
    listCapsuleComputations: (id) => computations.getOrLoad(id, () => source.listCapsuleComputations(id)),
    getComputations: (ids) =>
      runs(ids, async (missing) => {
        const found = await source.getComputations(missing);
        return new Map(missing.map((id, i) => [id, found[i] ?? null]));
      }),
  };
}
