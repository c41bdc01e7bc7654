/**
 * The tables derived from one task file as a whole (before any session's invalid times): trials,
 * performance (HEAD) and the legacy performance table. Pure; the HDF5 worker computes them next to
 * the read, off the gateway's event loop.
 */
import type { ColumnTable } from './columns.ts';
import { computeLegacyPerformance } from './legacyPerformance.ts';
import { computePerformance } from './performance.ts';
import type { TaskFileData } from './taskFile.ts';
import { computeTrials } from './trials.ts';

export interface DerivedTaskTables {
  trials: ColumnTable;
  performance: ColumnTable;
  legacyPerformance: ColumnTable;
}

/** Throws TaskDataError when the file's arrays are inconsistent (see computeTrials). */
export function deriveTaskTables(data: TaskFileData): DerivedTaskTables {
  const trials = computeTrials(data);
  return {
    trials,
    performance: computePerformance(trials, data),
    legacyPerformance: computeLegacyPerformance(data, trials),
  };
}
