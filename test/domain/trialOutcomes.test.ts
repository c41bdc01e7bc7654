/**
 * The trials table's flag columns and opto parameters, column by column on the worked example
 * (two blocks of five: vis1 rewarded, then sound1): outcomes, instruction trials, block switches,
 * repeat runs, modality rewarded; opto waveforms named by first appearance, galvo labels and probes,
 * device wavelengths; a short per-trial array is named in the error.
 */
import { describe, expect, it } from 'vitest';
import { boolColumn, column, numericColumn, stringColumn } from '../../src/domain/columns.ts';
import type { TaskFileData, TaskFileOpto } from '../../src/domain/taskFile.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { wavelengthOf } from '../../src/domain/trialsOpto.ts';
import { workedExampleTaskData } from '../support/workedExample.ts';

const T = true;
const F = false;
const nan = Number.NaN;
const withData = (patch: Partial<TaskFileData>): TaskFileData => ({ ...workedExampleTaskData(), ...patch });
const bools = (data: TaskFileData, name: string) => boolColumn(computeTrials(data), name);

describe('outcome flags on the worked example', () => {
  // stim:     vis1 vis2 sound1 vis1 catch | sound1 vis1 sound2 sound1 vis1
  // response: T    F    T      T    F     | T      F    T      T      T
  it.each<[string, boolean[]]>([
    ['is_correct', [T, T, F, T, T, T, T, F, T, F]],
    ['is_incorrect', [F, F, T, F, F, F, F, T, F, T]],
    ['is_target', [T, F, T, T, F, T, T, F, T, T]],
    ['is_nontarget', [F, T, F, F, F, F, F, T, F, F]],
    ['is_aud_nontarget', [F, F, F, F, F, F, F, T, F, F]],
    ['is_vis_nontarget', [F, T, F, F, F, F, F, F, F, F]],
    ['is_vis_rewarded', [T, T, T, T, T, F, F, F, F, F]],
    ['is_aud_rewarded', [F, F, F, F, F, T, T, T, T, T]],
    ['is_block_switch', [F, F, F, F, F, T, F, F, F, F]],
    ['is_instruction', [T, F, F, F, F, T, F, F, F, F]],
    ['is_task_control_correct', [F, F, F, F, F, F, F, F, F, F]],
  ])('%s', (name, expected) => {
    expect(bools(workedExampleTaskData(), name)).toEqual(expected);
  });

  it.each<[Partial<TaskFileData>, boolean[]]>([
    [{ newBlockGoTrials: 1, newBlockNogoTrials: 1, newBlockCatchTrials: 1 }, [T, T, T, F, F, T, T, T, F, F]],
    [{ newBlockGoTrials: 2, newBlockNogoTrials: 0, newBlockCatchTrials: 0 }, [T, T, F, F, F, T, T, F, F, F]],
    [{ newBlockGoTrials: 0, newBlockNogoTrials: 0, newBlockCatchTrials: 4 }, [T, T, T, T, F, T, T, T, T, F]],
    [{ newBlockGoTrials: 0, newBlockNogoTrials: 0, newBlockCatchTrials: 0 }, [F, F, F, F, F, F, F, F, F, F]],
  ])('instruction trials are the first go + nogo + catch of each block: %j', (patch, expected) => {
    expect(bools(withData(patch), 'is_instruction')).toEqual(expected);
  });

  it('a block switch is the first trial of every block but the first', () => {
    const data = withData({
      trialBlock: [1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
      blockStimRewarded: ['vis1', 'sound1', 'vis1'],
      blockStim: Array(3).fill(['vis1', 'vis2', 'sound1', 'sound2']),
    });
    expect(bools(data, 'is_block_switch')).toEqual([F, F, T, F, F, T, F, F, F, F]);
  });

  it('repeat_index counts consecutive repeats', () => {
    // The stored trialRepeat keeps its leading entry: trialRepeat[k] is trial k.
    const repeat = [F, F, T, T, F, F, F, T, F, T, F];
    const trials = computeTrials(withData({ trialRepeat: repeat }));
    expect(Array.from(numericColumn(trials, 'repeat_index'))).toEqual([0, 0, 1, 2, 0, 0, 0, 1, 0, 1]);
    expect(boolColumn(trials, 'is_repeat')).toEqual(repeat.slice(0, 10));
  });

  it.each(['trialResponse', 'trialRewarded', 'trialBlock'] as const)(
    'a short %s is named in the error',
    (name) => {
      const short = (workedExampleTaskData()[name] as unknown[]).slice(0, 9);
      expect(() => computeTrials(withData({ [name]: short }))).toThrow(
        `${name} has 9 values for 10 trials (trialEndFrame)`,
      );
    },
  );
});

describe('opto parameters', () => {
  const on = [nan, 0, nan, nan, 6, nan, 0, nan, 0, nan];
  const opto = (patch: Partial<TaskFileOpto> = {}): TaskFileOpto => ({
    trialOptoOnsetFrame: on,
    trialOptoDur: on.map((o) => (Number.isNaN(o) ? nan : 1)),
    trialOptoVoltage: on.map((o) => (Number.isNaN(o) ? nan : 5)),
    trialOptoLabel: null,
    trialOptoDevice: null,
    trialGalvoX: null,
    trialGalvoY: null,
    ...patch,
  });
  const trials = (patch: Partial<TaskFileOpto>) => computeTrials(withData({ opto: opto(patch) }));

  it('waveforms are numbered by first appearance; the device tells two apart', () => {
    const device = [
      '',
      "['laser_488']",
      '',
      '',
      "['laser_488']",
      '',
      "['laser_633']",
      '',
      "['laser_488']",
      '',
    ];
    const table = trials({ trialOptoDevice: device });
    // trial 1: (0, 1, 5, 488) → opto0; 4: onset 6 → opto1; 6: device 633 → opto2; 8: as trial 1.
    expect(stringColumn(table, 'opto_stim_name')).toEqual([
      '',
      'opto0',
      '',
      '',
      'opto1',
      '',
      'opto2',
      '',
      'opto0',
      '',
    ]);
    expect(Array.from(numericColumn(table, 'opto_wavelength'))).toEqual(
      device.map((d) => (d === '' ? nan : d.includes('633') ? 633 : 488)),
    );
  });

  it('a repeated waveform before a new one does not shift the new one’s number', () => {
    const onset = [0, 0, 0, nan, nan, nan, nan, nan, nan, 6];
    const table = trials({
      trialOptoOnsetFrame: onset,
      trialOptoDur: onset.map(() => 1),
      trialOptoVoltage: onset.map(() => 5),
    });
    expect(stringColumn(table, 'opto_stim_name')).toEqual([
      'opto0',
      'opto0',
      'opto0',
      '',
      '',
      '',
      '',
      '',
      '',
      'opto1',
    ]);
  });

  it('galvo targets without labels are named unlabeled<n> by first appearance', () => {
    const x = [nan, 1, nan, nan, 1, nan, 2, nan, 1, nan];
    const y = [nan, 1, nan, nan, 1, nan, 1, nan, 3, nan];
    const table = trials({ trialGalvoX: x, trialGalvoY: y });
    expect(stringColumn(table, 'opto_label')).toEqual([
      '',
      'unlabeled0',
      '',
      '',
      'unlabeled0',
      '',
      'unlabeled1',
      '',
      'unlabeled2',
      '',
    ]);
    expect(stringColumn(table, 'opto_stim_name')[6]).toBe('opto0_unlabeled1');
    expect(boolColumn(table, 'is_single_opto_location')).toEqual(Array(10).fill(false));
  });

  it('a NaN galvo coordinate is no target', () => {
    const x = [nan, 1, nan, nan, nan, nan, 2, nan, 1, nan];
    const y = [nan, 1, nan, nan, 1, nan, nan, nan, 1, nan];
    expect(stringColumn(trials({ trialGalvoX: x, trialGalvoY: y }), 'opto_label')).toEqual([
      '',
      'unlabeled0',
      '',
      '',
      '',
      '',
      '',
      '',
      'unlabeled0',
      '',
    ]);
  });

  it('only one galvo coordinate: not a galvo session (no labels, no location flag)', () => {
    for (const patch of [{ trialGalvoX: on }, { trialGalvoY: on }]) {
      const table = trials({ ...patch, trialOptoLabel: on.map(() => 'A') });
      expect(column(table, 'opto_label')).toBeUndefined();
      expect(column(table, 'is_single_opto_location')).toBeUndefined();
    }
  });

  it.each<[string[], string[]]>([
    [
      ['A', 'b', 'F'],
      ['probeA', 'probeB', 'probeF'],
    ],
    [
      ['A', 'V1', 'F'],
      ['A', 'V1', 'F'],
    ],
    [
      ['A', 'Ab', 'F'],
      ['A', 'Ab', 'F'],
    ],
    [
      ['A', 'xA', 'F'],
      ['A', 'xA', 'F'],
    ],
    [
      ['A', 'G', 'F'],
      ['A', 'G', 'F'],
    ],
  ])('labels %j → %j (single letters A–F name probes)', (given, expected) => {
    const at = [1, 4, 6];
    const labels = on.map((_, i) => (at.includes(i) ? (given[at.indexOf(i)] as string) : 'no opto'));
    const table = trials({ trialGalvoX: on, trialGalvoY: on, trialOptoLabel: labels });
    expect(stringColumn(table, 'opto_label')).toEqual(
      on.map((_, i) => (at.includes(i) ? (expected[at.indexOf(i)] as string) : '')),
    );
  });

  it.each([
    'trialOptoOnsetFrame',
    'trialOptoDur',
    'trialOptoVoltage',
    'trialOptoDevice',
    'trialGalvoX',
    'trialGalvoY',
    'trialOptoLabel',
  ] as const)('a short %s is named in the error', (name) => {
    // Galvo coordinates are read only when there are no labels.
    const galvoOnly = name === 'trialGalvoX' || name === 'trialGalvoY';
    const full: Partial<TaskFileOpto> = {
      trialOptoDevice: on.map(() => 'laser_488'),
      trialGalvoX: on,
      trialGalvoY: on,
      trialOptoLabel: galvoOnly ? null : on.map(() => 'A'),
    };
    const value = { ...opto(full) }[name] as unknown[];
    expect(() => computeTrials(withData({ opto: opto({ ...full, [name]: value.slice(0, 9) }) }))).toThrow(
      `${name} has 9 values for 10 trials (trialEndFrame)`,
    );
  });
});

describe('wavelengthOf', () => {
  it.each<[string, number]>([
    ['laser_488', 488],
    ["['laser_488']", 488],
    ["['laser_633', 'laser_488']", 633],
    ['blue_laser_473', 473],
    ['led_1', 470],
    ['led_2', 470],
    ["['led_2']", 470],
    ['led_3', nan],
    ['laser_301', 301],
    ['laser_300', nan],
    ['laser_999', 999],
    ['laser_1000', nan],
    ['laser_488.5', nan],
    ['laser_-488', nan],
    ['', nan],
    ['[]', nan],
  ])('%j → %f', (device, nm) => {
    expect(wavelengthOf(device)).toBe(nm);
  });
});
