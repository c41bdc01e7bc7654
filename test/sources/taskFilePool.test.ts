/**
 * The HDF5 worker pool: a file that makes the HDF5 library loop holds one worker until its timeout,
 * while other files are read by the other worker; the looping worker is then replaced.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TASK_BUCKET } from '../../fixtures/generator/lab.ts';
import { DEFAULT_TASK_FILE_READER } from '../../src/config.ts';
import { InvalidDataError } from '../../src/errors.ts';
import {
  closeTaskFileReader,
  configureTaskFileReader,
  readTaskFile,
  scratchFiles,
} from '../../src/sources/taskfile/index.ts';
import { taskFileBytes, workedExampleTaskData } from '../support/taskFileBytes.ts';

const URI = 's3://bucket/DynamicRouting1_366122_20230130_125627.hdf5';
const LOOPING = join(
  import.meta.dirname,
  '../../fixtures/s3',
  TASK_BUCKET,
  'labgraph-corrupt-files/hdf5-loops.hdf5',
);

/** The promise's outcome so far: settled or not, without waiting for it. */
function watch<T>(promise: Promise<T>) {
  const state = { settled: false };
  const done = promise.then(
    (value) => {
      state.settled = true;
      return value;
    },
    (error: unknown) => {
      state.settled = true;
      throw error;
    },
  );
  return { state, done };
}

afterAll(async () => {
  configureTaskFileReader(DEFAULT_TASK_FILE_READER);
  await closeTaskFileReader();
});

describe('HDF5 worker pool', () => {
  it('reads other files while one file loops, then replaces the looping worker', async () => {
    configureTaskFileReader({ workers: 2, timeoutMs: 8_000 });
    expect(await scratchFiles()).toEqual([]); // both workers booted
    const looping = new Uint8Array(await readFile(LOOPING));
    const good = await taskFileBytes(workedExampleTaskData());
    const stuck = watch(readTaskFile(looping, URI));
    const reads = await Promise.all(Array.from({ length: 4 }, () => readTaskFile(good, URI)));
    expect(reads.map((data) => data.subjectName)).toEqual(['366122', '366122', '366122', '366122']);
    expect(stuck.state.settled).toBe(false); // still holding its own worker, and only that one
    const error = await stuck.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toMatch(/did not finish within 8 s/);
    // The pool is whole again: both workers read side by side.
    const again = await Promise.all([readTaskFile(good, URI), readTaskFile(good, URI)]);
    expect(again).toHaveLength(2);
    expect(await scratchFiles()).toEqual([]);
  });
});
