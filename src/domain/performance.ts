/**
 * The performance table (reference §5.1, npc_sessions ≥ v0.0.266): one row per block of the (possibly
 * filtered) trials table, computed from the trials table's own columns. Repeats and auto-reward GO
 * trials are included everywhere; x/0 is NaN. catch_response_rate uses the fixed numerator
 * (responses on catch trials), not the v0.0.266–v0.0.289 one (all responses in the block).
 */
import { tableOfRows } from './columnRegistry.ts';
import { boolColumn, type ColumnTable, column, numericColumn, stringColumn } from './columns.ts';
import { dprime, rate } from './dprime.ts';
import { PERFORMANCE_COLUMNS } from './performanceColumns.ts';
import type { TaskFileData } from './taskFile.ts';

/** Row indices of each block of a trials table, in block order. */
export interface BlockTrials {
  blockIndex: number;
  rows: number[];
}

export function trialsByBlock(trials: ColumnTable): BlockTrials[] {
  const blockIndex = numericColumn(trials, 'block_index');
  const byBlock = new Map<number, number[]>();
  for (let i = 0; i < trials.rowCount; i++) {
    const b = blockIndex[i] as number;
    const rows = byBlock.get(b);
    if (rows === undefined) byBlock.set(b, [i]);
    else rows.push(i);
  }
  return [...byBlock.entries()].sort(([a], [b]) => a - b).map(([b, rows]) => ({ blockIndex: b, rows }));
}

/** Number of rows where every given flag is true. */
export function countWhere(rows: readonly number[], ...flags: readonly (readonly boolean[])[]): number {
  let n = 0;
  for (const i of rows) if (flags.every((f) => f[i] === true)) n++;
  return n;
}

/** +1 for a visual block, −1 for an auditory one, NaN otherwise (the reference raises there). */
export function modalitySign(rewarded: string): number {
  if (rewarded.includes('vis')) return 1;
  if (rewarded.includes('aud') || rewarded.includes('sound')) return -1;
  return Number.NaN;
}

/** `aud`/`sound` in the first block's rewarded stimulus. */
export function isFirstBlockAud(data: Pick<TaskFileData, 'blockStimRewarded'>): boolean | null {
  const first = data.blockStimRewarded[0];
  if (first === undefined) return null;
  return first.includes('aud') || first.includes('sound');
}

/** Min and max of the start/stop times of some rows. */
export function blockSpan(trials: ColumnTable, rows: readonly number[]): [number, number] {
  const start = numericColumn(trials, 'start_time');
  const stop = numericColumn(trials, 'stop_time');
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const i of rows) {
    lo = Math.min(lo, start[i] as number);
    hi = Math.max(hi, stop[i] as number);
  }
  return rows.length === 0 ? [Number.NaN, Number.NaN] : [lo, hi];
}

/** The performance table from a trials table (computeTrials, optionally filtered) and its task file. */
export function computePerformance(trials: ColumnTable, data: TaskFileData): ColumnTable {
  const f = (name: string) => boolColumn(trials, name);
  const resp = f('is_response');
  const hit = f('is_hit');
  const go = f('is_go');
  const nogo = f('is_nogo');
  const fa = f('is_false_alarm');
  const isCatch = f('is_catch');
  const scheduled = f('is_reward_scheduled');
  const notInstruction = f('is_instruction').map((x) => !x);
  const notScheduled = scheduled.map((x) => !x);
  const contingent = f('is_contingent_reward');
  const modality = stringColumn(trials, 'rewarded_modality');
  const visTarget = f('is_vis_target');
  const audTarget = f('is_aud_target');
  const visNontarget = f('is_vis_nontarget');
  const audNontarget = f('is_aud_nontarget');
  const visRewarded = f('is_vis_rewarded');
  const audRewarded = f('is_aud_rewarded');
  // The other modality's target: the cross-modal distractor.
  const visStim = f('is_vis_stim');
  const audStim = f('is_aud_stim');
  const otherTarget = f('is_target').map(
    (t, i) =>
      t &&
      ((visStim[i] === true && audRewarded[i] === true) || (audStim[i] === true && visRewarded[i] === true)),
  );
  const responseRate = (rows: number[], group: boolean[]) =>
    rate(
      countWhere(rows, group, notInstruction, resp, notScheduled),
      countWhere(rows, group, notInstruction),
    );
  const modalityDprime = (rows: number[], targets: boolean[], nontargets: boolean[]) => {
    const nA = countWhere(rows, targets);
    const nB = countWhere(rows, nontargets);
    return dprime(
      rate(countWhere(rows, targets, hit), nA),
      rate(countWhere(rows, nontargets, fa), nB),
      nA,
      nB,
    );
  };

  const firstAud = isFirstBlockAud(data) ?? false;
  const rows = trialsByBlock(trials).map(({ blockIndex, rows: r }) => {
    const [start, stop] = blockSpan(trials, r);
    const nGo = countWhere(r, go);
    const nOther = countWhere(r, otherTarget);
    const hitRate = rate(countWhere(r, hit), nGo);
    const cross = dprime(hitRate, rate(countWhere(r, otherTarget, fa), nOther), nGo, nOther);
    const rewarded = modality[r[0] as number] as string;
    return {
      start_time: start,
      stop_time: stop,
      block_index: blockIndex,
      n_trials: r.length,
      n_responses: countWhere(r, resp),
      n_hits: countWhere(r, hit),
      n_contingent_rewards: countWhere(r, contingent),
      hit_rate: hitRate,
      false_alarm_rate: rate(countWhere(r, fa), countWhere(r, nogo)),
      catch_response_rate: rate(countWhere(r, resp, isCatch), countWhere(r, isCatch)),
      rewarded_modality: rewarded,
      is_first_block_aud: firstAud,
      cross_modality_dprime: cross,
      signed_cross_modality_dprime: modalitySign(rewarded) * cross,
      vis_dprime: modalityDprime(r, visTarget, visNontarget),
      aud_dprime: modalityDprime(r, audTarget, audNontarget),
      vis_target_response_rate: responseRate(r, visTarget),
      vis_nontarget_response_rate: responseRate(r, visNontarget),
      aud_target_response_rate: responseRate(r, audTarget),
      aud_nontarget_response_rate: responseRate(r, audNontarget),
    };
  });

  return tableOfRows(PERFORMANCE_COLUMNS, rows);
}

/** Session-level judgements derived from a performance table (reference §5.1). */
export interface BehaviorAssessment {
  /** ≥ 4 blocks with ≥ 10 contingent rewards. */
  isEngaged: boolean;
  /** ≥ 2 visual and ≥ 2 auditory blocks (Templeton: ≥ 4 blocks of any modality) with cross-modal d′ ≥ 1,
   * ≥ 10 trials and ≥ 10 contingent rewards. */
  isGoodBehavior: boolean;
}

export function assessBehavior(
  performance: ColumnTable,
  opts: { isTempleton?: boolean } = {},
): BehaviorAssessment {
  const rewards = numericColumn(performance, 'n_contingent_rewards');
  const nTrials = numericColumn(performance, 'n_trials');
  const cross = numericColumn(performance, 'cross_modality_dprime');
  const modality = column(performance, 'rewarded_modality')?.values as string[] | undefined;
  let engagedBlocks = 0;
  const good = { vis: 0, aud: 0, any: 0 };
  for (let i = 0; i < performance.rowCount; i++) {
    if ((rewards[i] as number) >= 10) engagedBlocks++;
    // NaN d′ fails the comparison, as in the reference.
    if ((cross[i] as number) >= 1 && (nTrials[i] as number) >= 10 && (rewards[i] as number) >= 10) {
      good.any++;
      const m = modality?.[i] ?? '';
      if (m.includes('vis')) good.vis++;
      else if (m.includes('aud') || m.includes('sound')) good.aud++;
    }
  }
  return {
    isEngaged: engagedBlocks >= 4,
    isGoodBehavior: opts.isTempleton === true ? good.any >= 4 : good.vis >= 2 && good.aud >= 2,
  };
}
