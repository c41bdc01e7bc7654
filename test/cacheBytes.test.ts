/**
 * Caches of derived values are bounded in bytes, not in entries: the behaviour service's derived
 * tables (a 4-hour task file derives to tens of MB) and the cache primitive itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approximateBytes, createByteBoundedCache } from '../src/cache.ts';
import { createBehaviourService } from '../src/services/behaviour.ts';
import { createLocalObjectStore, type ObjectInfo } from '../src/sources/objectstore/index.ts';
import { type CountingObjectStore, countingObjectStore } from './support/countingObjectStore.ts';
import { workedExampleTaskData, writeTaskFileInto } from './support/taskFileBytes.ts';

describe('createByteBoundedCache', () => {
  const sized = (bytes: number) => ({ bytes });
  it('evicts the least recently used values once their sizes pass the bound', async () => {
    const cache = createByteBoundedCache<{ bytes: number }>(1_000, (value) => value.bytes);
    let loads = 0;
    const load = (bytes: number) => async () => {
      loads += 1;
      return sized(bytes);
    };
    await cache.getOrLoad('a', load(600));
    await cache.getOrLoad('b', load(300));
    await cache.getOrLoad('a', load(600)); // a is now the most recent
    expect(loads).toBe(2);
    await cache.getOrLoad('c', load(300)); // 1,200 bytes: b goes
    await cache.getOrLoad('a', load(600));
    expect(loads).toBe(3);
    await cache.getOrLoad('b', load(300));
    expect(loads).toBe(4);
  });

  it('returns but does not keep a value larger than the whole bound', async () => {
    const cache = createByteBoundedCache<{ bytes: number }>(1_000, (value) => value.bytes);
    expect(await cache.getOrLoad('big', async () => sized(5_000))).toEqual(sized(5_000));
    expect(cache.size).toBe(0);
  });

  it('estimates typed arrays by their bytes', () => {
    expect(approximateBytes({ frames: new Float64Array(100_000) })).toBeGreaterThan(800_000);
    expect(approximateBytes(Array.from({ length: 1_000 }, () => 'vis1'))).toBeGreaterThan(8_000);
  });
});

describe('the behaviour service keeps derived tables within its byte bound', () => {
  const BUCKET = 'aind-scratch-data';
  const KEY = 'Data/674723/DynamicRouting1_674723_20231016_162009.hdf5';
  let root: string;
  let counting: CountingObjectStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'labgraph-cachebytes-'));
    counting = countingObjectStore(createLocalObjectStore({ root }));
    await writeTaskFileInto(root, BUCKET, KEY, workedExampleTaskData());
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const serviceWith = (derivedCacheMaxBytes: number) =>
    createBehaviourService({
      objectStore: counting.store,
      taskFiles: { bucket: BUCKET, prefixTemplate: 'Data/{subject}/' },
      derivedCacheMaxBytes,
    });

  it('keeps tables that fit, and reads again tables larger than the bound', async () => {
    const roomy = serviceWith(64 * 1024 ** 2);
    const [file] = (await roomy.listSubjectFolder('674723')) as [ObjectInfo];
    await roomy.taskTables(file);
    await roomy.taskTables(file);
    expect(counting.count('get')).toBe(1);
    const tight = serviceWith(10_000); // the worked example's tables take more than 10 kB
    await tight.taskTables(file);
    await tight.taskTables(file);
    expect(counting.count('get')).toBe(3);
  });
});
