/**
 * The performance table as npc_sessions ≤ v0.0.265 made it (reference §5.2): d′ values from the task's
 * own analysis code (DRAU DynRoutData), per block, over the task file's trials with repeats excluded and
 * with GO trials that had a scheduled auto-reward left out; no engagement filter. The counts (n_trials,
 * n_responses, n_contingent_rewards) and response rates come from the trials table. Blocks are those of
 * the trials table, so both performance tables have the same rows.
 */
import { TaskDataError } from '../errors.ts';
import { tableOfRows } from './columnRegistry.ts';
import { boolColumn, type ColumnTable } from './columns.ts';
import { dprime, rate } from './dprime.ts';
import { blockSpan, countWhere, modalitySign, trialsByBlock } from './performance.ts';
import { LEGACY_PERFORMANCE_COLUMNS } from './performanceColumns.ts';
import type { TaskFileData } from './taskFile.ts';
import { trialFacts } from './trialsFacts.ts';

/** What DRAU computes for one block of the task file. */
interface DrauBlock {
  rewardedStim: string;
  crossModal: number;
  sameModal: number;
  nonrewardedModal: number;
  nHits: number;
  hitRate: number;
  falseAlarmRate: number;
  catchResponseRate: number;
}

/** Per-block DRAU values, keyed by 0-based block index. */
function drauBlocks(data: TaskFileData): Map<number, DrauBlock> {
  const t = trialFacts(data);
  const resp = data.trialResponse.slice(0, t.n);
  // The `distract` task variants reward vis1/sound1 as "other modality go" regardless of the blocks.
  const otherGoStims = new Set(
    (data.taskVersion ?? '').includes('distract') ? ['vis1', 'sound1'] : data.blockStimRewarded,
  );
  const go = t.stim.map((s, i) => s === t.rewardedStim[i] && !t.autoRewardScheduled[i]);
  const sameModal = t.stim.map(
    (s, i) => t.isNogo[i] === true && s.slice(0, -1) === (t.rewardedStim[i] as string).slice(0, -1),
  );
  const otherGo = t.stim.map((s, i) => t.isNogo[i] === true && otherGoStims.has(s));
  const otherNogo = t.isNogo.map((x, i) => x && !sameModal[i] && !otherGo[i]);

  const byBlock = new Map<number, number[]>();
  t.blockIndex.forEach((b, i) => {
    if (t.isRepeat[i]) return;
    const rows = byBlock.get(b);
    if (rows === undefined) byBlock.set(b, [i]);
    else rows.push(i);
  });
  const result = new Map<number, DrauBlock>();
  for (let b = 0; b < data.blockStimRewarded.length; b++) {
    const rows = byBlock.get(b) ?? [];
    const nGo = countWhere(rows, go);
    const nSame = countWhere(rows, sameModal);
    const nOtherGo = countWhere(rows, otherGo);
    const nOtherNogo = countWhere(rows, otherNogo);
    const hitRate = rate(countWhere(rows, go, resp), nGo);
    const faSame = rate(countWhere(rows, sameModal, resp), nSame);
    const faOtherGo = rate(countWhere(rows, otherGo, resp), nOtherGo);
    const faOtherNogo = rate(countWhere(rows, otherNogo, resp), nOtherNogo);
    result.set(b, {
      rewardedStim: data.blockStimRewarded[b] as string,
      crossModal: dprime(hitRate, faOtherGo, nGo, nOtherGo),
      sameModal: dprime(hitRate, faSame, nGo, nSame),
      nonrewardedModal: dprime(faOtherGo, faOtherNogo, nOtherGo, nOtherNogo),
      nHits: countWhere(rows, go, resp),
      hitRate,
      falseAlarmRate: rate(countWhere(rows, t.isNogo, resp), countWhere(rows, t.isNogo)),
      catchResponseRate: rate(countWhere(rows, t.isCatch, resp), countWhere(rows, t.isCatch)),
    });
  }
  return result;
}

/** The legacy performance table, one row per block of `trials` (the table computeTrials made from `data`). */
export function computeLegacyPerformance(data: TaskFileData, trials: ColumnTable): ColumnTable {
  const drau = drauBlocks(data);
  const resp = boolColumn(trials, 'is_response');
  const contingent = boolColumn(trials, 'is_contingent_reward');
  const notScheduled = boolColumn(trials, 'is_reward_scheduled').map((x) => !x);
  const responseRate = (rows: number[], group: boolean[]) =>
    rate(countWhere(rows, group, notScheduled, resp), countWhere(rows, group, notScheduled));
  const groups = {
    vis_target_response_rate: boolColumn(trials, 'is_vis_target'),
    vis_nontarget_response_rate: boolColumn(trials, 'is_vis_nontarget'),
    aud_target_response_rate: boolColumn(trials, 'is_aud_target'),
    aud_nontarget_response_rate: boolColumn(trials, 'is_aud_nontarget'),
  };

  const blocks = trialsByBlock(trials).map(({ blockIndex, rows }) => {
    const d = drau.get(blockIndex);
    if (d === undefined)
      throw new TaskDataError(`block ${blockIndex} of the trials table is not in blockStimRewarded`);
    const [start, stop] = blockSpan(trials, rows);
    const sign = modalitySign(d.rewardedStim);
    const isVis = sign === 1;
    const isAud = sign === -1;
    return {
      start_time: start,
      stop_time: stop,
      block_index: blockIndex,
      rewarded_modality: d.rewardedStim,
      cross_modal_dprime: d.crossModal,
      signed_cross_modal_dprime: sign * d.crossModal,
      same_modal_dprime: d.sameModal,
      nonrewarded_modal_dprime: d.nonrewardedModal,
      vis_intra_dprime: isVis ? d.sameModal : d.nonrewardedModal,
      aud_intra_dprime: isAud ? d.sameModal : d.nonrewardedModal,
      n_trials: rows.length,
      n_responses: countWhere(rows, resp),
      n_hits: d.nHits,
      n_contingent_rewards: countWhere(rows, contingent),
      hit_rate: d.hitRate,
      false_alarm_rate: d.falseAlarmRate,
      catch_response_rate: d.catchResponseRate,
      vis_target_response_rate: responseRate(rows, groups.vis_target_response_rate),
      vis_nontarget_response_rate: responseRate(rows, groups.vis_nontarget_response_rate),
      aud_target_response_rate: responseRate(rows, groups.aud_target_response_rate),
      aud_nontarget_response_rate: responseRate(rows, groups.aud_nontarget_response_rate),
    };
  });
  return tableOfRows(LEGACY_PERFORMANCE_COLUMNS, blocks);
}
