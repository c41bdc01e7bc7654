/**
 * Task files for tests: the reference's §8.2 worked example as TaskFileData, h5wasm-written bytes of
 * any TaskFileData (in memory or placed in a local S3 layout), and the committed exact-format
 * (h5py, enum booleans) files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type TaskFileEra,
  type TaskFileVariant,
  taskFileBytesH5wasm,
} from '../../fixtures/generator/taskFileWriter.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';

export type { TaskFileVariant } from '../../fixtures/generator/taskFileWriter.ts';

/**
 * What the reader returns for `data` written to a file of `era`: per-trial arrays sliced to N (data
 * from the simulator keeps the unfinished trial's start in trialStartFrame / trialStimStartFrame),
 * and no lastFrame from the older eras' files, which have none.
 */
export function asDecoded(data: TaskFileData, era: TaskFileEra = 'current'): TaskFileData {
  const n = data.trialEndFrame.length;
  return {
    ...data,
    lastFrame: era === 'current' ? data.lastFrame : null,
    trialStartFrame: data.trialStartFrame.slice(0, n),
    trialStimStartFrame: data.trialStimStartFrame.slice(0, n),
  };
}

/** The task file for `data`, written with h5wasm (booleans as plain int8), as bytes. */
export function taskFileBytes(data: TaskFileData, variant: TaskFileVariant = {}): Promise<Uint8Array> {
  return taskFileBytesH5wasm(data, variant);
}

/**
 * Writes the task file for `data` into a local S3 layout (`<root>/<bucket>/<key>`), creating folders;
 * returns the file's path.
 */
export async function writeTaskFileInto(
  root: string,
  bucket: string,
  key: string,
  data: TaskFileData,
  variant: TaskFileVariant = {},
): Promise<string> {
  const path = join(root, bucket, key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await taskFileBytes(data, variant));
  return path;
}

/**
 * The §8.2 worked example (and an opto variant), and the committed exact-format (h5py, enum(int8)
 * booleans) files of it, by variant (written by `emitTaskFiles(…, { h5py: true })`).
 */
export {
  EXACT_FORMAT_EXAMPLES,
  type ExactFormatExample,
  exactFormatExamplePath,
  workedExampleTaskData,
  workedExampleWithOpto,
} from '../../fixtures/generator/taskFiles.ts';
