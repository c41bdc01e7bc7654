/**
 * Column tables: the one shape every behaviour table (trials, performance, epochs) is computed in, so
 * GraphQL row objects and dataframe-style exports come from the same computation. Columns keep the
 * reference (npc_sessions) snake_case names and order; each carries its definition and unit.
 */

interface ColumnBase {
  /** snake_case name used by the reference tables (npc_sessions / NWB). */
  name: string;
  /** Definition (and unit) of the column, shown in schema descriptions and exports. */
  description: string;
}

export type Column =
  | (ColumnBase & { kind: 'float'; values: Float64Array | number[]; unit?: string })
  | (ColumnBase & { kind: 'int'; values: number[]; unit?: string })
  | (ColumnBase & { kind: 'bool'; values: boolean[] })
  | (ColumnBase & { kind: 'string'; values: string[] })
  /** A list of strings per row (epoch `tags`, `interval_names`): the NWB ragged columns. */
  | (ColumnBase & { kind: 'stringList'; values: string[][] });

export type ColumnKind = Column['kind'];

export interface ColumnTable {
  rowCount: number;
  /** In reference output order. */
  columns: Column[];
}

export function column(table: ColumnTable, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The column's values as numbers (float or int); throws when absent or of another kind. */
export function numericColumn(table: ColumnTable, name: string): ArrayLike<number> {
  const c = column(table, name);
  if (c === undefined || (c.kind !== 'float' && c.kind !== 'int')) {
    throw new Error(`numeric column ${name} is not in the table`);
  }
  return c.values;
}

/** The column's values as booleans; throws when absent or of another kind. */
export function boolColumn(table: ColumnTable, name: string): boolean[] {
  const c = column(table, name);
  if (c === undefined || c.kind !== 'bool') throw new Error(`boolean column ${name} is not in the table`);
  return c.values;
}

/** The column's values as strings; throws when absent or of another kind. */
export function stringColumn(table: ColumnTable, name: string): string[] {
  const c = column(table, name);
  if (c === undefined || c.kind !== 'string') throw new Error(`string column ${name} is not in the table`);
  return c.values;
}

export type CellValue = number | boolean | string | string[] | null;

/**
 * One row as a plain object keyed by column name (what a GraphQL row resolver or a JSON export wants).
 * With `nanAsNull`, NaN floats become null (GraphQL Float and JSON cannot carry NaN).
 */
export function rowObject(
  table: ColumnTable,
  index: number,
  opts: { nanAsNull?: boolean } = {},
): Record<string, CellValue> {
  const row: Record<string, CellValue> = {};
  for (const c of table.columns) {
    const v = c.values[index];
    if (v === undefined) continue;
    row[c.name] = opts.nanAsNull === true && typeof v === 'number' && Number.isNaN(v) ? null : v;
  }
  return row;
}

/** All rows as plain objects. */
export function rowObjects(
  table: ColumnTable,
  opts: { nanAsNull?: boolean } = {},
): Record<string, CellValue>[] {
  return Array.from({ length: table.rowCount }, (_, i) => rowObject(table, i, opts));
}

/** The rows whose index `keep` says to keep, every column sliced alike. */
export function selectRows(table: ColumnTable, keep: (rowIndex: number) => boolean): ColumnTable {
  const indices: number[] = [];
  for (let i = 0; i < table.rowCount; i++) if (keep(i)) indices.push(i);
  return {
    rowCount: indices.length,
    columns: table.columns.map((c) => pickRows(c, indices)),
  };
}

function pickRows(c: Column, indices: readonly number[]): Column {
  switch (c.kind) {
    case 'float':
      return { ...c, values: Float64Array.from(indices, (i) => c.values[i] ?? Number.NaN) };
    case 'int':
      return { ...c, values: indices.map((i) => c.values[i] ?? 0) };
    case 'bool':
      return { ...c, values: indices.map((i) => c.values[i] ?? false) };
    case 'string':
      return { ...c, values: indices.map((i) => c.values[i] ?? '') };
    case 'stringList':
      return { ...c, values: indices.map((i) => c.values[i] ?? []) };
  }
}

/** True when every value of a float column is NaN (the reference drops such columns from trials). */
export function isAllNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Column descriptions (wording after the npc_sessions / NWB column descriptions and reference §4–§6).

const T0 =
  'seconds from the first frame of the task file (no sync: timed by the task\u2019s own frame clock)';

/** Trials table (reference §4.2), keyed by column name. */
export const TRIAL_COLUMN_DESCRIPTIONS = {
  start_time: `Earliest time in the trial, before any events occur: the start of the last (unviolated) quiescent interval; excludes the inter-trial period. Same as quiescent_start_time. In ${T0}.`,
  stop_time: `Latest time in the trial, after all events have occurred (flip of trialEndFrame). In ${T0}.`,
  quiescent_start_time: `Start of the pre-stimulus interval in which the subject must not lick, otherwise the wait starts over; only the last (unviolated) quiescent interval is included. In ${T0}.`,
  quiescent_stop_time: `End of the pre-stimulus interval in which the subject must not lick (input time of the frame before stimulus onset); not equal to stim_start_time. In ${T0}.`,
  stim_start_time: `Onset of the visual or auditory stimulus (catch trials: the frame a stimulus would have appeared). In ${T0}.`,
  stim_stop_time: `Offset of the visual or auditory stimulus (catch trials: equal to stim_start_time). In ${T0}.`,
  opto_start_time: `Onset of optogenetic inactivation; NaN on trials without opto. Opto sessions only. In ${T0}.`,
  opto_stop_time: `Offset of optogenetic inactivation (onset + opto_duration); NaN on trials without opto. In ${T0}.`,
  response_window_start_time: `Start of the interval in which the subject should lick on a GO trial, and should not lick otherwise. In ${T0}.`,
  response_window_stop_time: `End of the interval in which the subject should lick on a GO trial, and should not lick otherwise. In ${T0}.`,
  task_control_response_time: `Time of the first lick the task control script registered as a response; NaN if it registered none. Before 2023-10-16 a lick just before the response window could count. In ${T0}.`,
  response_time: `Time of the first lick within the response window; NaN if no lick occurred. Without sync this equals task_control_response_time. In ${T0}.`,
  reward_time: `Delivery time of the water reward, for contingent and non-contingent rewards; NaN on unrewarded trials. In ${T0}.`,
  timeout_start_time: `Start of the extended inter-trial interval added after a false alarm (trials followed by a repeat); NaN otherwise. In ${T0}.`,
  timeout_stop_time: `End of the extended inter-trial interval after a false alarm; NaN otherwise. In ${T0}.`,
  post_response_window_start_time: `Start of the null interval in which the subject awaits a new trial (after the response window or the timeout); may receive a non-contingent reward if scheduled. In ${T0}.`,
  post_response_window_stop_time: `End of the null interval in which the subject awaits a new trial. In ${T0}.`,
  stim_name:
    'The stimulus presented (vis1, vis2, sound1, sound2, catch, or a multimodal name such as vis1+sound1); randomized over trials.',
  grating_phase:
    'Phase of the visual grating in cycles (0 or 0.5), randomized over trials; NaN on non-visual trials.',
  block_index: '0-based block number; increments with each block (change of rewarded modality).',
  rewarded_modality:
    'The rewarded modality of the trial\u2019s block: vis or aud (none in unrewarded task versions). Not an exact correspondence with stim_name values. Formerly context_name.',
  trial_index: '0-based trial number in the session.',
  trial_index_in_block: '0-based trial number within the block; restarts at 0 when the block changes.',
  opto_wavelength:
    'Wavelength of the light source used for optogenetic inactivation, in nm (from the opto device name, e.g. laser_488).',
  opto_duration: 'Nominal duration of optogenetic inactivation, in seconds; NaN on trials without opto.',
  opto_label:
    'Target location label of optogenetic inactivation (galvo sessions); empty on trials without opto.',
  opto_stim_name:
    'Name of the opto waveform and location presented on the trial (opto<i>[_<label>]); empty without opto. Not comparable across sessions: the same waveform may have different names.',
  repeat_index:
    'Number of times the trial has already been presented in immediately preceding trials (0 if not a repeat).',
  is_response: 'The subject licked one or more times during the response window.',
  is_go:
    'Condition in which the subject should respond: the target stimulus of the rewarded modality in its block. Includes trials with a scheduled non-contingent reward.',
  is_nogo:
    'Condition in which the subject should not respond: a non-target stimulus, or the target of the other (non-rewarded) modality. Excludes catch and multimodal trials.',
  is_hit: 'The subject responded on a GO trial.',
  is_miss: 'The subject did not respond on a GO trial.',
  is_false_alarm: 'The subject responded on a NOGO trial; excludes catch trials.',
  is_correct_reject: 'The subject did not respond on a NOGO trial; excludes catch trials.',
  is_correct:
    'The subject acted correctly in the response window according to its training (hit or correct reject); includes withholding on catch trials.',
  is_incorrect:
    'The subject acted incorrectly in the response window according to its training (miss or false alarm); includes responding on catch trials.',
  is_rewarded: 'The subject received a reward; includes non-contingent rewards.',
  is_noncontingent_reward: 'The subject received a reward that did not depend on its response (auto-reward).',
  is_contingent_reward: 'The subject received a reward for a correct response.',
  is_reward_scheduled:
    'A non-contingent reward was scheduled, whether or not it was delivered (the subject may have responded first and received a contingent reward instead).',
  is_instruction:
    'The stimulus was not random but chosen to inform the subject of a change in the rewarded modality (first trials of each block).',
  is_aud_stim:
    'An auditory stimulus was presented (target or non-target, rewarded or not); excludes catch trials.',
  is_vis_stim:
    'A visual stimulus was presented (target or non-target, rewarded or not); excludes catch trials.',
  is_catch: 'No stimulus was presented.',
  is_target:
    'A stimulus was presented that the subject should respond to only in a specific block (context).',
  is_aud_target:
    'An auditory stimulus was presented that the subject should respond to only in a specific block (context).',
  is_vis_target:
    'A visual stimulus was presented that the subject should respond to only in a specific block (context).',
  is_nontarget: 'A stimulus was presented that the subject should never respond to.',
  is_aud_nontarget: 'An auditory stimulus was presented that the subject should never respond to.',
  is_vis_nontarget: 'A visual stimulus was presented that the subject should never respond to.',
  is_vis_rewarded: 'Visual target stimuli are rewarded in the trial\u2019s block. Formerly is_vis_context.',
  is_aud_rewarded: 'Auditory target stimuli are rewarded in the trial\u2019s block. Formerly is_aud_context.',
  is_block_switch:
    'The first trial after a change in rewarded modality (first trial of every block but the first). Formerly is_context_switch.',
  is_repeat: 'The trial repeats the previous trial, after a false alarm to a non-catch NOGO stimulus.',
  is_opto: 'Optogenetic inactivation was applied during the trial.',
  is_single_opto_location:
    'Galvo opto sessions only. As in the reference, true when more than one location was targeted in the trial (the name is inverted).',
  is_task_control_correct:
    'Whether the task control script\u2019s response disagrees with the lick sensor (isnan(response_time) differs from isnan(task_control_response_time)); always false without sync.',
} as const;

/**
 * Former names of trials columns (npc_sessions ≤ v0.0.265) with the same values, for deprecated aliases.
 * The renamed performance columns are not listed: their formulas changed too (reference §5.2).
 */
export const FORMER_TRIAL_COLUMN_NAMES: Readonly<Record<string, string>> = {
  context_name: 'rewarded_modality',
  is_vis_context: 'is_vis_rewarded',
  is_aud_context: 'is_aud_rewarded',
  is_context_switch: 'is_block_switch',
};

/** Performance table, current (reference §5.1), keyed by column name. */
export const PERFORMANCE_COLUMN_DESCRIPTIONS = {
  start_time: `Start of the block: earliest start_time of its trials, in ${T0}.`,
  stop_time: `End of the block: latest stop_time of its trials, in ${T0}.`,
  block_index: '0-based block number.',
  n_trials: 'Number of trials in the block (repeats and instruction trials included).',
  n_responses: 'Number of trials in the block with a response.',
  n_hits: 'Number of hits (responses to the rewarded target) in the block, auto-reward trials included.',
  n_contingent_rewards: 'Number of rewards earned by a correct response in the block.',
  hit_rate: 'Hits / GO trials in the block (auto-reward and repeat trials included); NaN without GO trials.',
  false_alarm_rate: 'False alarms / NOGO trials in the block; NaN without NOGO trials.',
  catch_response_rate:
    'Responses on catch trials / catch trials in the block; NaN without catch trials. (npc_sessions v0.0.266–v0.0.289 divided all responses of the block by the catch trials.)',
  rewarded_modality: 'The rewarded modality of the block: vis or aud.',
  is_first_block_aud:
    'The first block of the session rewarded the auditory target (same value on every row).',
  cross_modality_dprime:
    'd\u2032 of hits on the rewarded target against false alarms to the other modality\u2019s target, with the 1/(2N) correction.',
  signed_cross_modality_dprime:
    'cross_modality_dprime, positive in visual blocks and negative in auditory blocks.',
  vis_dprime:
    'd\u2032 of responses to the visual target against responses to the visual non-target (1/(2N) correction).',
  aud_dprime:
    'd\u2032 of responses to the auditory target against responses to the auditory non-target (1/(2N) correction).',
  vis_target_response_rate:
    'Response rate to the visual target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
  vis_nontarget_response_rate:
    'Response rate to the visual non-target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
  aud_target_response_rate:
    'Response rate to the auditory target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
  aud_nontarget_response_rate:
    'Response rate to the auditory non-target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
} as const;

/** Performance table as npc_sessions ≤ v0.0.265 computed it from the task's analysis code (reference §5.2). */
export const LEGACY_PERFORMANCE_COLUMN_DESCRIPTIONS = {
  start_time: PERFORMANCE_COLUMN_DESCRIPTIONS.start_time,
  stop_time: PERFORMANCE_COLUMN_DESCRIPTIONS.stop_time,
  block_index: PERFORMANCE_COLUMN_DESCRIPTIONS.block_index,
  rewarded_modality: 'The rewarded stimulus of the block, vis1 or sound1 (named context before 2023-10-21).',
  cross_modal_dprime:
    'd\u2032 of hits against false alarms to the other modality\u2019s target; repeats and auto-reward trials excluded.',
  signed_cross_modal_dprime: 'cross_modal_dprime, positive in visual blocks and negative in auditory blocks.',
  same_modal_dprime:
    'd\u2032 of hits against false alarms to the non-target of the rewarded modality; repeats excluded.',
  nonrewarded_modal_dprime:
    'd\u2032 of false alarms to the other modality\u2019s target against false alarms to its non-target; repeats excluded.',
  vis_intra_dprime:
    'Visual discrimination d\u2032: same_modal_dprime in visual blocks, nonrewarded_modal_dprime otherwise.',
  aud_intra_dprime:
    'Auditory discrimination d\u2032: same_modal_dprime in auditory blocks, nonrewarded_modal_dprime otherwise.',
  n_trials: PERFORMANCE_COLUMN_DESCRIPTIONS.n_trials,
  n_responses: PERFORMANCE_COLUMN_DESCRIPTIONS.n_responses,
  n_hits: 'Number of hits in the block, excluding repeats and trials with a scheduled auto-reward.',
  n_contingent_rewards: PERFORMANCE_COLUMN_DESCRIPTIONS.n_contingent_rewards,
  hit_rate: 'Hits / GO trials in the block, excluding repeats and trials with a scheduled auto-reward.',
  false_alarm_rate: 'False alarms / NOGO trials in the block, excluding repeats.',
  catch_response_rate: 'Responses on catch trials / catch trials in the block, excluding repeats.',
  vis_target_response_rate:
    'Response rate to the visual target in the block, excluding trials with a scheduled reward.',
  vis_nontarget_response_rate:
    'Response rate to the visual non-target in the block, excluding trials with a scheduled reward.',
  aud_target_response_rate:
    'Response rate to the auditory target in the block, excluding trials with a scheduled reward.',
  aud_nontarget_response_rate:
    'Response rate to the auditory non-target in the block, excluding trials with a scheduled reward.',
} as const;

/** Epochs table (reference §6). */
export const EPOCH_COLUMN_DESCRIPTIONS = {
  start_time: `Start of the stimulus file's recording, in ${T0}.`,
  stop_time: `End of the stimulus file's recording (sum of its frame intervals without sync), in ${T0}.`,
  script_name:
    'Name of the stimulus script that ran in the epoch (stim file name before the first underscore), e.g. DynamicRouting1.',
  tags: 'Labels of the epoch: task, opto_perturbation | opto_control, rewards, timing_issues, spontaneous, mapping, optotagging | optotagging_control, invalid_times.',
  interval_names: 'Names of the interval tables that describe the epoch (task: trials, performance).',
  notes: 'Free-text notes; mentions invalid times the epoch includes.',
} as const;
