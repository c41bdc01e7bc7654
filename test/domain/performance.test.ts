import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../src/domain/columns.ts';
import { numericColumn, selectRows, stringColumn } from '../../src/domain/columns.ts';
import {
  assessBehavior,
  computePerformance,
  isFirstBlockAud,
  modalitySign,
  trialsByBlock,
} from '../../src/domain/performance.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const withData = (patch: Partial<TaskFileData>): TaskFileData => ({ ...workedExampleTaskData(), ...patch });
const perfOf = (data: TaskFileData) => computePerformance(computeTrials(data), data);

describe('computePerformance', () => {
  it('catch_response_rate counts responses on catch trials only (the fixed numerator)', () => {
    // Block 0 has 3 responses and one catch trial without a response: 0, not 3/1.
    expect(numericColumn(perfOf(workedExampleTaskData()), 'catch_response_rate')[0]).toBe(0);
    const resp = [...workedExampleTaskData().trialResponse];
    resp[4] = true;
    expect(numericColumn(perfOf(withData({ trialResponse: resp })), 'catch_response_rate')[0]).toBe(1);
  });

  it('includes repeats (unlike the legacy table)', () => {
    const repeat = Array<boolean>(11).fill(false);
    repeat[7] = true; // trial 7 (FA to sound2) counts as a repeat
    const perf = perfOf(withData({ trialRepeat: repeat }));
    expect(numericColumn(perf, 'false_alarm_rate')[1]).toBeCloseTo(2 / 3, 15);
  });

  it('is computed from the rows it is given (e.g. after dropping invalid times)', () => {
    const data = workedExampleTaskData();
    const trials = computeTrials(data);
    const perf = computePerformance(
      selectRows(trials, (i) => i !== 3),
      data,
    );
    expect(Array.from(numericColumn(perf, 'n_trials'))).toEqual([4, 5]);
    expect(Array.from(numericColumn(perf, 'n_contingent_rewards'))).toEqual([0, 1]);
    const onlyBlock1 = computePerformance(
      selectRows(trials, (i) => i >= 5),
      data,
    );
    expect(Array.from(numericColumn(onlyBlock1, 'block_index'))).toEqual([1]);
  });

  it('reports the first block as auditory on every row', () => {
    const data = withData({ blockStimRewarded: ['sound1', 'vis1'] });
    const perf = perfOf(data);
    expect(perf.columns.find((c) => c.name === 'is_first_block_aud')?.values).toEqual([true, true]);
    expect(stringColumn(perf, 'rewarded_modality')).toEqual(['aud', 'vis']);
    const cross = numericColumn(perf, 'cross_modality_dprime');
    expect(Array.from(numericColumn(perf, 'signed_cross_modality_dprime'))).toEqual([
      -(cross[0] as number),
      cross[1],
    ]);
  });

  it('signs d′ by modality; other modalities give NaN', () => {
    expect(modalitySign('vis')).toBe(1);
    expect(modalitySign('aud')).toBe(-1);
    expect(modalitySign('sound1')).toBe(-1);
    expect(modalitySign('none')).toBeNaN();
    expect(isFirstBlockAud({ blockStimRewarded: [] })).toBeNull();
  });

  it('groups rows by block in block order', () => {
    const trials = computeTrials(workedExampleTaskData());
    const blocks = trialsByBlock(selectRows(trials, (i) => i !== 0));
    expect(blocks.map((b) => [b.blockIndex, b.rows.length])).toEqual([
      [0, 4],
      [1, 5],
    ]);
  });
});

describe('assessBehavior', () => {
  const table = (rows: [string, number, number, number][]): ColumnTable => ({
    rowCount: rows.length,
    columns: [
      { name: 'rewarded_modality', kind: 'string', values: rows.map((r) => r[0]), description: '' },
      { name: 'n_trials', kind: 'int', values: rows.map((r) => r[1]), description: '' },
      { name: 'n_contingent_rewards', kind: 'int', values: rows.map((r) => r[2]), description: '' },
      { name: 'cross_modality_dprime', kind: 'float', values: rows.map((r) => r[3]), description: '' },
    ],
  });

  it('is engaged with ≥ 4 blocks of ≥ 10 contingent rewards', () => {
    const rows: [string, number, number, number][] = [
      ['vis', 80, 10, 2],
      ['aud', 80, 12, 2],
      ['vis', 80, 9, 2],
      ['aud', 80, 20, 2],
    ];
    expect(assessBehavior(table(rows)).isEngaged).toBe(false);
    rows[2] = ['vis', 80, 10, 2];
    expect(assessBehavior(table(rows)).isEngaged).toBe(true);
  });

  it('behaves well with ≥ 2 visual and ≥ 2 auditory good blocks', () => {
    const good = table([
      ['vis', 80, 10, 1],
      ['aud', 80, 12, 1.5],
      ['vis', 80, 11, 2],
      ['aud', 10, 10, 3],
    ]);
    expect(assessBehavior(good).isGoodBehavior).toBe(true);
    const threeVis = table([
      ['vis', 80, 10, 1],
      ['aud', 80, 12, 1.5],
      ['vis', 80, 11, 2],
      ['aud', 9, 10, 3],
      ['vis', 80, 11, 2],
    ]);
    expect(assessBehavior(threeVis).isGoodBehavior).toBe(false);
    // Templeton: any four blocks.
    expect(assessBehavior(threeVis, { isTempleton: true }).isGoodBehavior).toBe(true);
  });

  it('a NaN d′ never counts', () => {
    const nan = table([
      ['vis', 80, 10, Number.NaN],
      ['aud', 80, 12, 1.5],
      ['vis', 80, 11, 2],
      ['aud', 80, 10, 3],
    ]);
    expect(assessBehavior(nan).isGoodBehavior).toBe(false);
  });
});
