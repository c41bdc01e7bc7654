/**
 * A CodeOcean source behind the shared TTL cache (`createCache('codeocean')`, ~10 min as in the
 * reference). Batch methods keep batching: only the keys not cached are sent upstream, in ONE call of
 * the underlying batch method, so a partly cached batch costs one search per *uncached* subject.
 * Failed loads are not cached (the cache module drops them), so an outage is retried next time.
 */
import { CACHE_TTL_MS, createCache } from '../../cache.ts';
import type { CodeOceanSource, Computation, DataAsset } from './types.ts';

/** The cache holds objects only; `null` (absent asset) is boxed. */
interface Box<T> {
  value: T;
}

/**
 * Loads many keys through a cache: the misses are collected while the cache is asked (its `load`
 * runs synchronously), then fetched with one call to `fetchMany`.
 */
function batchedLookup<T>(ttlMs: number) {
  const cache = createCache<Box<T>>('codeocean', ttlMs);
  return {
    cache,
    async getMany(
      keys: readonly string[],
      fetchMany: (missing: string[]) => Promise<Map<string, T>>,
    ): Promise<T[]> {
      const missing: string[] = [];
      let release!: (batch: Promise<Map<string, T>>) => void;
      const batch = new Promise<Map<string, T>>((resolve) => {
        release = (p) => resolve(p);
      });
      const distinct = [...new Set(keys)];
      const boxes = distinct.map((key) =>
        cache.getOrLoad(key, () => {
          missing.push(key);
          return batch.then((found) => ({ value: found.get(key) as T }));
        }),
      );
      release(missing.length > 0 ? fetchMany(missing) : Promise.resolve(new Map()));
      const byKey = new Map((await Promise.all(boxes)).map((box, i) => [distinct[i]!, box.value]));
      return keys.map((key) => byKey.get(key) as T);
    },
  };
}

export function withCodeOceanCache(source: CodeOceanSource, ttlMs = CACHE_TTL_MS.codeocean): CodeOceanSource {
  const subjects = batchedLookup<DataAsset[]>(ttlMs);
  const assets = batchedLookup<DataAsset | null>(ttlMs);
  const computations = createCache<Computation[]>('codeoceanComputations');
  const runs = batchedLookup<Computation | null>(CACHE_TTL_MS.codeoceanComputations);

  const getDataAssets = (ids: readonly string[]) =>
    assets.getMany(ids, async (missing) => {
      const found = await source.getDataAssets(missing);
      return new Map(missing.map((id, i) => [id, found[i] ?? null]));
    });
  const getSubjectsDataAssets = async (ids: readonly string[]) => {
    const lists = await subjects.getMany(ids, (missing) => source.getSubjectsDataAssets(missing));
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
      runs.getMany(ids, async (missing) => {
        const found = await source.getComputations(missing);
        return new Map(missing.map((id, i) => [id, found[i] ?? null]));
      }),
  };
}
