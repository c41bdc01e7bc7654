/**
 * The trials table of one DynamicRouting1 task file without sync (reference §4): every column of the
 * current npc_sessions table (registry: trialColumns.ts) in its order, timed from the task's own frame
 * clock. The columns come by concern: times (trialsTimes.ts), stimulus and block parameters (here),
 * opto parameters (trialsOpto.ts) and outcome flags (trialsOutcomes.ts), all from the per-trial facts
 * (trialsFacts.ts).
 */
import { type TableValues, tableOf } from './columnRegistry.ts';
import type { ColumnTable } from './columns.ts';
import { firstN, type TaskFileData } from './taskFile.ts';
import { noSyncTimeBases } from './timeBases.ts';
import { TRIAL_COLUMNS } from './trialColumns.ts';
import { type TrialFacts, trialFacts } from './trialsFacts.ts';
import { optoParameterValues, optoTimes } from './trialsOpto.ts';
import { outcomeValues } from './trialsOutcomes.ts';
import { timeValues } from './trialsTimes.ts';

/** The trials table; throws TaskDataError when the file's arrays are inconsistent or a frame is out of range. */
export function computeTrials(data: TaskFileData): ColumnTable {
  const t = trialFacts(data);
  const bases = noSyncTimeBases(data.frameIntervals);
  const opto = optoTimes(data.opto, t, bases.flip);
  const values: TableValues<typeof TRIAL_COLUMNS> = {
    ...timeValues(data, t, bases, opto),
    ...parameterValues(data, t),
    ...optoParameterValues(data.opto, t),
    ...outcomeValues(data, t, opto.start),
  };
  // All-NaN float columns are dropped, as the reference does (opto_* without opto, timeout_* without repeats…).
  return tableOf(TRIAL_COLUMNS, t.n, values, { dropAllNaN: true });
}

/** The stimulus and block of each trial. */
function parameterValues(data: TaskFileData, t: TrialFacts): TableValues<typeof TRIAL_COLUMNS> {
  const phase =
    data.trialGratingPhase.length === 0
      ? new Array<number>(t.n).fill(0)
      : firstN(data.trialGratingPhase, t.n, 'trialGratingPhase');
  return {
    stim_name: t.stim,
    grating_phase: phase.map((p, i) => (t.isVisStim[i] ? p : Number.NaN)),
    block_index: t.blockIndex,
    rewarded_modality: t.rewardedStim.map(rewardedModality),
    trial_index: t.stim.map((_, i) => i),
    trial_index_in_block: t.indexInBlock,
  };
}

function rewardedModality(rewardedStim: string): string {
  if (rewardedStim.includes('vis')) return 'vis';
  if (rewardedStim.includes('sound') || rewardedStim.includes('aud')) return 'aud';
  return rewardedStim.replace(/[0-9]/g, '');
}
