/** The three tables of one task file come from one trials table: the same as computed one by one. */
import { describe, expect, it } from 'vitest';
import { rowObjects } from '../../src/domain/columns.ts';
import { computeLegacyPerformance } from '../../src/domain/legacyPerformance.ts';
import { computePerformance } from '../../src/domain/performance.ts';
import { deriveTaskTables } from '../../src/domain/taskTables.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

describe('deriveTaskTables', () => {
  it('gives the trials, performance and legacy performance tables of the file', () => {
    const data = workedExampleTaskData();
    const trials = computeTrials(data);
    const derived = deriveTaskTables(data);
    expect(rowObjects(derived.trials)).toEqual(rowObjects(trials));
    expect(rowObjects(derived.performance)).toEqual(rowObjects(computePerformance(trials, data)));
    expect(rowObjects(derived.legacyPerformance)).toEqual(rowObjects(computeLegacyPerformance(data, trials)));
    expect(derived.performance.rowCount).toBe(2);
  });

  it('refuses inconsistent arrays as computeTrials does', () => {
    const data = { ...workedExampleTaskData(), trialStim: ['vis1'] };
    expect(() => deriveTaskTables(data)).toThrow('trialStim has 1 values for 10 trials (trialEndFrame)');
  });
});
