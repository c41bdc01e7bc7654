/**
 * The trials table's column registry (reference §4.2; npc_sessions trials columns in output order):
 * kind, unit, definition and former names of every column. computeTrials builds its table from it and
 * the GraphQL Trial type generates its fields from it.
 *
 * trial_index_in_block and repeat_index are counters (0, 1, 2…; never NaN), so they are `int` here and
 * on Trial; npc_sessions happens to store them as float64, and its CSV reads back as integers anyway.
 */
import { camelCase, defineColumns, type FormerName, TASK_SECONDS } from './columnRegistry.ts';

/** A name npc_sessions ≤ v0.0.265 used for a column with the same values. */
function renamedInV266(former: string, current: string): FormerName {
  const field = camelCase(current);
  return {
    name: former,
    description: `Former name of ${field} (\`${former}\`, npc_sessions ≤ v0.0.265); same values.`,
    deprecationReason: `Use ${field} (renamed from ${former} in npc_sessions v0.0.266).`,
  };
}

export const TRIAL_COLUMNS = defineColumns({
  start_time: {
    kind: 'float',
    unit: 's',
    description: `Earliest time in the trial, before any events occur: the start of the last (unviolated) quiescent interval; excludes the inter-trial period. Same as quiescent_start_time. In ${TASK_SECONDS}.`,
  },
  stop_time: {
    kind: 'float',
    unit: 's',
    description: `Latest time in the trial, after all events have occurred (flip of trialEndFrame). In ${TASK_SECONDS}.`,
  },
  quiescent_start_time: {
    kind: 'float',
    unit: 's',
    description: `Start of the pre-stimulus interval in which the subject must not lick, otherwise the wait starts over; only the last (unviolated) quiescent interval is included. In ${TASK_SECONDS}.`,
  },
  quiescent_stop_time: {
    kind: 'float',
    unit: 's',
    description: `End of the pre-stimulus interval in which the subject must not lick (input time of the frame before stimulus onset); not equal to stim_start_time. In ${TASK_SECONDS}.`,
  },
  stim_start_time: {
    kind: 'float',
    unit: 's',
    description: `Onset of the visual or auditory stimulus (catch trials: the frame a stimulus would have appeared). In ${TASK_SECONDS}.`,
  },
  stim_stop_time: {
    kind: 'float',
    unit: 's',
    description: `Offset of the visual or auditory stimulus (catch trials: equal to stim_start_time). In ${TASK_SECONDS}.`,
  },
  opto_start_time: {
    kind: 'float',
    unit: 's',
    description: `Onset of optogenetic inactivation; NaN on trials without opto. Opto sessions only. In ${TASK_SECONDS}.`,
  },
  opto_stop_time: {
    kind: 'float',
    unit: 's',
    description: `Offset of optogenetic inactivation (onset + opto_duration); NaN on trials without opto. In ${TASK_SECONDS}.`,
  },
  response_window_start_time: {
    kind: 'float',
    unit: 's',
    description: `Start of the interval in which the subject should lick on a GO trial, and should not lick otherwise. In ${TASK_SECONDS}.`,
  },
  response_window_stop_time: {
    kind: 'float',
    unit: 's',
    description: `End of the interval in which the subject should lick on a GO trial, and should not lick otherwise. In ${TASK_SECONDS}.`,
  },
  task_control_response_time: {
    kind: 'float',
    unit: 's',
    description: `Time of the first lick the task control script registered as a response; NaN if it registered none. Before 2023-10-16 a lick just before the response window could count. In ${TASK_SECONDS}.`,
  },
  response_time: {
    kind: 'float',
    unit: 's',
    description: `Time of the first lick within the response window; NaN if no lick occurred. Without sync this equals task_control_response_time. In ${TASK_SECONDS}.`,
  },
  reward_time: {
    kind: 'float',
    unit: 's',
    description: `Delivery time of the water reward, for contingent and non-contingent rewards; NaN on unrewarded trials. In ${TASK_SECONDS}.`,
  },
  timeout_start_time: {
    kind: 'float',
    unit: 's',
    description: `Start of the extended inter-trial interval added after a false alarm (trials followed by a repeat); NaN otherwise. In ${TASK_SECONDS}.`,
  },
  timeout_stop_time: {
    kind: 'float',
    unit: 's',
    description: `End of the extended inter-trial interval after a false alarm; NaN otherwise. In ${TASK_SECONDS}.`,
  },
  post_response_window_start_time: {
    kind: 'float',
    unit: 's',
    description: `Start of the null interval in which the subject awaits a new trial (after the response window or the timeout); may receive a non-contingent reward if scheduled. In ${TASK_SECONDS}.`,
  },
  post_response_window_stop_time: {
    kind: 'float',
    unit: 's',
    description: `End of the null interval in which the subject awaits a new trial. In ${TASK_SECONDS}.`,
  },
  stim_name: {
    kind: 'string',
    description:
      'The stimulus presented (vis1, vis2, sound1, sound2, catch, or a multimodal name such as vis1+sound1); randomized over trials.',
  },
  grating_phase: {
    kind: 'float',
    unit: 'cycles',
    description:
      'Phase of the visual grating in cycles (0 or 0.5), randomized over trials; NaN on non-visual trials.',
  },
  block_index: {
    kind: 'int',
    description: '0-based block number; increments with each block (change of rewarded modality).',
  },
  rewarded_modality: {
    kind: 'string',
    formerNames: [renamedInV266('context_name', 'rewarded_modality')],
    description:
      'The rewarded modality of the trial\u2019s block: vis or aud (none in unrewarded task versions). Not an exact correspondence with stim_name values. Formerly context_name.',
  },
  trial_index: {
    kind: 'int',
    description: '0-based trial number in the session.',
  },
  trial_index_in_block: {
    kind: 'int',
    description: '0-based trial number within the block; restarts at 0 when the block changes.',
  },
  opto_wavelength: {
    kind: 'float',
    unit: 'nm',
    description:
      'Wavelength of the light source used for optogenetic inactivation, in nm (from the opto device name, e.g. laser_488).',
  },
  opto_duration: {
    kind: 'float',
    unit: 's',
    description: 'Nominal duration of optogenetic inactivation, in seconds; NaN on trials without opto.',
  },
  opto_label: {
    kind: 'string',
    optional: true,
    description:
      'Target location label of optogenetic inactivation (galvo sessions); empty on trials without opto.',
  },
  opto_stim_name: {
    kind: 'string',
    optional: true,
    description:
      'Name of the opto waveform and location presented on the trial (opto<i>[_<label>]); empty without opto. Not comparable across sessions: the same waveform may have different names.',
  },
  repeat_index: {
    kind: 'int',
    description:
      'Number of times the trial has already been presented in immediately preceding trials (0 if not a repeat).',
  },
  is_response: {
    kind: 'bool',
    description: 'The subject licked one or more times during the response window.',
  },
  is_go: {
    kind: 'bool',
    description:
      'Condition in which the subject should respond: the target stimulus of the rewarded modality in its block. Includes trials with a scheduled non-contingent reward.',
  },
  is_nogo: {
    kind: 'bool',
    description:
      'Condition in which the subject should not respond: a non-target stimulus, or the target of the other (non-rewarded) modality. Excludes catch and multimodal trials.',
  },
  is_hit: {
    kind: 'bool',
    description: 'The subject responded on a GO trial.',
  },
  is_miss: {
    kind: 'bool',
    description: 'The subject did not respond on a GO trial.',
  },
  is_false_alarm: {
    kind: 'bool',
    description: 'The subject responded on a NOGO trial; excludes catch trials.',
  },
  is_correct_reject: {
    kind: 'bool',
    description: 'The subject did not respond on a NOGO trial; excludes catch trials.',
  },
  is_correct: {
    kind: 'bool',
    description:
      'The subject acted correctly in the response window according to its training (hit or correct reject); includes withholding on catch trials.',
  },
  is_incorrect: {
    kind: 'bool',
    description:
      'The subject acted incorrectly in the response window according to its training (miss or false alarm); includes responding on catch trials.',
  },
  is_rewarded: {
    kind: 'bool',
    description: 'The subject received a reward; includes non-contingent rewards.',
  },
  is_noncontingent_reward: {
    kind: 'bool',
    description: 'The subject received a reward that did not depend on its response (auto-reward).',
  },
  is_contingent_reward: {
    kind: 'bool',
    description: 'The subject received a reward for a correct response.',
  },
  is_reward_scheduled: {
    kind: 'bool',
    description:
      'A non-contingent reward was scheduled, whether or not it was delivered (the subject may have responded first and received a contingent reward instead).',
  },
  is_instruction: {
    kind: 'bool',
    description:
      'The stimulus was not random but chosen to inform the subject of a change in the rewarded modality (first trials of each block).',
  },
  is_aud_stim: {
    kind: 'bool',
    description:
      'An auditory stimulus was presented (target or non-target, rewarded or not); excludes catch trials.',
  },
  is_vis_stim: {
    kind: 'bool',
    description:
      'A visual stimulus was presented (target or non-target, rewarded or not); excludes catch trials.',
  },
  is_catch: {
    kind: 'bool',
    description: 'No stimulus was presented.',
  },
  is_target: {
    kind: 'bool',
    description:
      'A stimulus was presented that the subject should respond to only in a specific block (context).',
  },
  is_aud_target: {
    kind: 'bool',
    description:
      'An auditory stimulus was presented that the subject should respond to only in a specific block (context).',
  },
  is_vis_target: {
    kind: 'bool',
    description:
      'A visual stimulus was presented that the subject should respond to only in a specific block (context).',
  },
  is_nontarget: {
    kind: 'bool',
    description: 'A stimulus was presented that the subject should never respond to.',
  },
  is_aud_nontarget: {
    kind: 'bool',
    description: 'An auditory stimulus was presented that the subject should never respond to.',
  },
  is_vis_nontarget: {
    kind: 'bool',
    description: 'A visual stimulus was presented that the subject should never respond to.',
  },
  is_vis_rewarded: {
    kind: 'bool',
    formerNames: [renamedInV266('is_vis_context', 'is_vis_rewarded')],
    description: 'Visual target stimuli are rewarded in the trial\u2019s block. Formerly is_vis_context.',
  },
  is_aud_rewarded: {
    kind: 'bool',
    formerNames: [renamedInV266('is_aud_context', 'is_aud_rewarded')],
    description: 'Auditory target stimuli are rewarded in the trial\u2019s block. Formerly is_aud_context.',
  },
  is_block_switch: {
    kind: 'bool',
    formerNames: [renamedInV266('is_context_switch', 'is_block_switch')],
    description:
      'The first trial after a change in rewarded modality (first trial of every block but the first). Formerly is_context_switch.',
  },
  is_repeat: {
    kind: 'bool',
    description: 'The trial repeats the previous trial, after a false alarm to a non-catch NOGO stimulus.',
  },
  is_opto: {
    kind: 'bool',
    description: 'Optogenetic inactivation was applied during the trial.',
  },
  is_single_opto_location: {
    kind: 'bool',
    optional: true,
    description:
      'Galvo opto sessions only. As in the reference, true when more than one location was targeted in the trial (the name is inverted).',
  },
  is_task_control_correct: {
    kind: 'bool',
    description:
      'Whether the task control script\u2019s response disagrees with the lick sensor (isnan(response_time) differs from isnan(task_control_response_time)); always false without sync.',
  },
});

export type TrialColumnName = keyof typeof TRIAL_COLUMNS;
