/**
 * An object far larger than any task file is refused from its listed size, before it is downloaded:
 * INVALID_DATA naming it, and no GET.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { InvalidDataError } from '../../src/errors.ts';
import { createBehaviourService } from '../../src/services/behaviour.ts';
import { createLocalObjectStore, type ObjectInfo } from '../../src/sources/objectstore/index.ts';
import { MAX_TASK_FILE_BYTES } from '../../src/sources/taskfile/index.ts';
import { type CountingObjectStore, countingObjectStore } from '../support/countingObjectStore.ts';

const BUCKET = 'aind-scratch-data';
const KEY = 'Data/674723/DynamicRouting1_674723_20231016_162009.hdf5';
let root: string;
let counting: CountingObjectStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'labgraph-bigtask-'));
  counting = countingObjectStore(createLocalObjectStore({ root }));
});
afterEach(() => rm(root, { recursive: true, force: true }));

it('refuses a task file larger than the limit without downloading it', async () => {
  const path = join(root, BUCKET, KEY);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, '');
  await truncate(path, MAX_TASK_FILE_BYTES + 1); // sparse: no disk is used
  const service = createBehaviourService({
    objectStore: counting.store,
    taskFiles: { bucket: BUCKET, prefixTemplate: 'Data/{subject}/' },
    derivedCacheMaxBytes: 64 * 1024 ** 2,
  });
  const [file] = (await service.listSubjectFolder('674723')) as [ObjectInfo];
  const error = await service.taskTables(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidDataError);
  expect((error as InvalidDataError).uri).toBe(`s3://${BUCKET}/${KEY}`);
  expect((error as Error).message).toMatch(/more than the 268435456 a task file holds.*not downloaded/);
  expect(counting.count('get')).toBe(0);
});
