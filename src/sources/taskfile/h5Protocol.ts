/**
 * The messages between the gateway and its HDF5 workers (h5Pool.ts ⇄ h5Worker.ts), and what a read
 * returns.
 */

import type { TaskFileData } from '../../domain/taskFile.ts';
import type { DerivedTaskTables } from '../../domain/taskTables.ts';
import type { DatasetLimit } from './limits.ts';

/** A dataset's values, by the class the task-file reader cares about. */
export type H5Data =
  | { kind: 'number'; shape: number[]; integer: boolean; values: Float64Array }
  /** h5py's boolean enum `{FALSE: 0, TRUE: 1}` (the task's booleans). */
  | { kind: 'boolean'; shape: number[]; values: boolean[] }
  | { kind: 'string'; shape: number[]; values: string[] }
  /** Variable-length numeric rows (h5py's encoding of ragged nested lists). */
  | { kind: 'ragged'; shape: number[]; values: Float64Array[] }
  | { kind: 'other'; shape: number[]; description: string };

/** What is at a requested path. */
export type H5Entry =
  | H5Data
  | { kind: 'absent' }
  | { kind: 'group' }
  /** A soft/external link or a named datatype: nothing the task writes. */
  | { kind: 'link' }
  /** The HDF5 library failed to read it; `message` is its error (stack). */
  | { kind: 'error'; message: string }
  /** Not read: its metadata declares more than a task file holds (limits.ts); `message` says how much. */
  | { kind: 'refused'; message: string };

export type H5Request =
  /** `limits` by dataset name; datasets without one get the per-frame limit, the largest. */
  | { type: 'read'; id: number; bytes: ArrayBuffer; names: string[]; limits: Record<string, DatasetLimit> }
  /** Reads the task file's datasets, decodes them and derives its tables (reader.ts, taskTables.ts). */
  | { type: 'taskTables'; id: number; bytes: ArrayBuffer; uri: string }
  /** Lists the files currently held in the scratch folder (for leak tests). */
  | { type: 'scratch'; id: number };

/** `retire`: the worker grew too large while answering and is replaced (h5Pool.ts). */
export type H5Response = { retire?: boolean } & (
  | { id: number; ok: true; entries: Record<string, H5Entry> }
  | { id: number; ok: true; scratch: string[] }
  | { id: number; ok: true; tables: TaskTablesResult }
  /**
   * The file was read but its content is not a valid task file: the InvalidDataError's message, and
   * the domain's own message when the tables' computation found it (a TaskDataError).
   */
  | { id: number; ok: true; invalid: string; taskDataError: string | null }
  /** `path` is null when the file could not be opened; `trapped` means the module is now unusable. */
  | { id: number; ok: false; path: string | null; message: string; trapped: boolean }
);

/** A task file read and its tables derived, all in the worker. */
export interface TaskTablesResult extends DerivedTaskTables {
  data: TaskFileData;
}
