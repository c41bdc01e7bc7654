/**
 * The performance tables' column registries: the current table (reference §5.1, npc_sessions
 * ≥ v0.0.266) and the legacy one (§5.2, ≤ v0.0.265), in output order. The legacy table reuses some
 * current names with other formulas, so on BlockPerformance only its d′ columns and its rewarded
 * stimulus have fields; the rest are in `performanceTable(version: LEGACY)` and the legacy exports.
 */
import { defineColumns, type FormerName, TASK_SECONDS } from './columnRegistry.ts';

export const PERFORMANCE_COLUMNS = defineColumns({
  start_time: {
    kind: 'float',
    unit: 's',
    description: `Start of the block: earliest start_time of its trials, in ${TASK_SECONDS}.`,
  },
  stop_time: {
    kind: 'float',
    unit: 's',
    description: `End of the block: latest stop_time of its trials, in ${TASK_SECONDS}.`,
  },
  block_index: { kind: 'int', description: '0-based block number.' },
  n_trials: {
    kind: 'int',
    description: 'Number of trials in the block (repeats and instruction trials included).',
  },
  n_responses: { kind: 'int', description: 'Number of trials in the block with a response.' },
  n_hits: {
    kind: 'int',
    description:
      'Number of hits (responses to the rewarded target) in the block, auto-reward trials included.',
  },
  n_contingent_rewards: {
    kind: 'int',
    description: 'Number of rewards earned by a correct response in the block.',
  },
  hit_rate: {
    kind: 'float',
    description:
      'Hits / GO trials in the block (auto-reward and repeat trials included); NaN without GO trials.',
  },
  false_alarm_rate: {
    kind: 'float',
    description: 'False alarms / NOGO trials in the block; NaN without NOGO trials.',
  },
  catch_response_rate: {
    kind: 'float',
    description:
      'Responses on catch trials / catch trials in the block; NaN without catch trials. (npc_sessions v0.0.266–v0.0.289 divided all responses of the block by the catch trials.)',
  },
  rewarded_modality: { kind: 'string', description: 'The rewarded modality of the block: vis or aud.' },
  is_first_block_aud: {
    kind: 'bool',
    description: 'The first block of the session rewarded the auditory target (same value on every row).',
  },
  cross_modality_dprime: {
    kind: 'float',
    description:
      'd\u2032 of hits on the rewarded target against false alarms to the other modality\u2019s target, with the 1/(2N) correction.',
  },
  signed_cross_modality_dprime: {
    kind: 'float',
    description: 'cross_modality_dprime, positive in visual blocks and negative in auditory blocks.',
  },
  vis_dprime: {
    kind: 'float',
    description:
      'd\u2032 of responses to the visual target against responses to the visual non-target (1/(2N) correction).',
  },
  aud_dprime: {
    kind: 'float',
    description:
      'd\u2032 of responses to the auditory target against responses to the auditory non-target (1/(2N) correction).',
  },
  vis_target_response_rate: {
    kind: 'float',
    description:
      'Response rate to the visual target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
  },
  vis_nontarget_response_rate: {
    kind: 'float',
    description:
      'Response rate to the visual non-target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
  },
  aud_target_response_rate: {
    kind: 'float',
    description:
      'Response rate to the auditory target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
  },
  aud_nontarget_response_rate: {
    kind: 'float',
    description:
      'Response rate to the auditory non-target in the block, excluding instruction trials and, in the numerator, trials with a scheduled reward.',
  },
});

/** The legacy rewarded stimulus was called `context` before 2023-10-21. */
const CONTEXT: FormerName = {
  name: 'context',
  description: 'Former name of rewardedStim (`context`, npc_sessions before 2023-10-21): vis1 or sound1.',
  deprecationReason: 'Use rewardedStim (the rewarded stimulus) or rewardedModality (vis/aud).',
};

export const LEGACY_PERFORMANCE_COLUMNS = defineColumns({
  start_time: {
    kind: 'float',
    unit: 's',
    field: null,
    description: PERFORMANCE_COLUMNS.start_time.description,
  },
  stop_time: {
    kind: 'float',
    unit: 's',
    field: null,
    description: PERFORMANCE_COLUMNS.stop_time.description,
  },
  block_index: { kind: 'int', field: null, description: PERFORMANCE_COLUMNS.block_index.description },
  rewarded_modality: {
    kind: 'string',
    field: 'rewardedStim',
    formerNames: [CONTEXT],
    description: 'The rewarded stimulus of the block, vis1 or sound1 (named context before 2023-10-21).',
  },
  cross_modal_dprime: {
    kind: 'float',
    description:
      'd\u2032 of hits against false alarms to the other modality\u2019s target; repeats and auto-reward trials excluded.',
  },
  signed_cross_modal_dprime: {
    kind: 'float',
    description: 'cross_modal_dprime, positive in visual blocks and negative in auditory blocks.',
  },
  same_modal_dprime: {
    kind: 'float',
    description:
      'd\u2032 of hits against false alarms to the non-target of the rewarded modality; repeats excluded.',
  },
  nonrewarded_modal_dprime: {
    kind: 'float',
    description:
      'd\u2032 of false alarms to the other modality\u2019s target against false alarms to its non-target; repeats excluded.',
  },
  vis_intra_dprime: {
    kind: 'float',
    description:
      'Visual discrimination d\u2032: same_modal_dprime in visual blocks, nonrewarded_modal_dprime otherwise.',
  },
  aud_intra_dprime: {
    kind: 'float',
    description:
      'Auditory discrimination d\u2032: same_modal_dprime in auditory blocks, nonrewarded_modal_dprime otherwise.',
  },
  n_trials: { kind: 'int', field: null, description: PERFORMANCE_COLUMNS.n_trials.description },
  n_responses: { kind: 'int', field: null, description: PERFORMANCE_COLUMNS.n_responses.description },
  n_hits: {
    kind: 'int',
    field: null,
    description: 'Number of hits in the block, excluding repeats and trials with a scheduled auto-reward.',
  },
  n_contingent_rewards: {
    kind: 'int',
    field: null,
    description: PERFORMANCE_COLUMNS.n_contingent_rewards.description,
  },
  hit_rate: {
    kind: 'float',
    field: null,
    description: 'Hits / GO trials in the block, excluding repeats and trials with a scheduled auto-reward.',
  },
  false_alarm_rate: {
    kind: 'float',
    field: null,
    description: 'False alarms / NOGO trials in the block, excluding repeats.',
  },
  catch_response_rate: {
    kind: 'float',
    field: null,
    description: 'Responses on catch trials / catch trials in the block, excluding repeats.',
  },
  vis_target_response_rate: {
    kind: 'float',
    field: null,
    description: 'Response rate to the visual target in the block, excluding trials with a scheduled reward.',
  },
  vis_nontarget_response_rate: {
    kind: 'float',
    field: null,
    description:
      'Response rate to the visual non-target in the block, excluding trials with a scheduled reward.',
  },
  aud_target_response_rate: {
    kind: 'float',
    field: null,
    description:
      'Response rate to the auditory target in the block, excluding trials with a scheduled reward.',
  },
  aud_nontarget_response_rate: {
    kind: 'float',
    field: null,
    description:
      'Response rate to the auditory non-target in the block, excluding trials with a scheduled reward.',
  },
});
