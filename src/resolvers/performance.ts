/**
 * BlockPerformance: one block of a session's behaviour — the current npc_sessions performance columns
 * (reference §5.1) next to the legacy d′ columns users know from npc_sessions ≤ v0.0.265 (§5.2), which
 * come from the task's own analysis code and use different formulas (they are not aliases).
 */
import type { TableRow } from '../behaviour/tables.ts';
import {
  PERFORMANCE_COLUMN_DESCRIPTIONS as HEAD,
  LEGACY_PERFORMANCE_COLUMN_DESCRIPTIONS as LEGACY,
} from '../domain/columns.ts';
import { type ColumnFieldSpec, type ColumnFieldType, columnFields } from './behaviourColumns.ts';
import { builder } from './builder.ts';

export interface BlockRows {
  head: TableRow;
  /** The same block in the legacy table; null when the legacy table has no such row. */
  legacy: TableRow | null;
}

const HEAD_TYPES: Record<keyof typeof HEAD, ColumnFieldType> = {
  start_time: 'Float',
  stop_time: 'Float',
  block_index: 'Int',
  n_trials: 'Int',
  n_responses: 'Int',
  n_hits: 'Int',
  n_contingent_rewards: 'Int',
  hit_rate: 'Float',
  false_alarm_rate: 'Float',
  catch_response_rate: 'Float',
  rewarded_modality: 'String',
  is_first_block_aud: 'Boolean',
  cross_modality_dprime: 'Float',
  signed_cross_modality_dprime: 'Float',
  vis_dprime: 'Float',
  aud_dprime: 'Float',
  vis_target_response_rate: 'Float',
  vis_nontarget_response_rate: 'Float',
  aud_target_response_rate: 'Float',
  aud_nontarget_response_rate: 'Float',
};

const NAN_NOTE = ' Null where the reference has NaN (x/0).';

const HEAD_FIELDS: ColumnFieldSpec[] = (Object.keys(HEAD_TYPES) as (keyof typeof HEAD)[]).map((column) => ({
  column,
  type: HEAD_TYPES[column],
  nullable: HEAD_TYPES[column] === 'Float',
  description: `${HEAD[column]}${HEAD_TYPES[column] === 'Float' ? NAN_NOTE : ''} (Column \`${column}\`.)`,
}));

const LEGACY_NOTE = 'Legacy (npc_sessions ≤ v0.0.265, the task analysis code DynRoutData; repeats excluded):';

/** The legacy d′ columns under their own names: HEAD renamed and reformulated them. */
const LEGACY_DPRIME_COLUMNS = [
  'cross_modal_dprime',
  'signed_cross_modal_dprime',
  'same_modal_dprime',
  'nonrewarded_modal_dprime',
  'vis_intra_dprime',
  'aud_intra_dprime',
] as const;

const LEGACY_FIELDS: ColumnFieldSpec[] = [
  ...LEGACY_DPRIME_COLUMNS.map(
    (column): ColumnFieldSpec => ({
      column,
      type: 'Float',
      nullable: true,
      description: `${LEGACY_NOTE} ${LEGACY[column]}${NAN_NOTE}`,
    }),
  ),
  {
    column: 'rewarded_modality',
    field: 'rewardedStim',
    type: 'String',
    nullable: true,
    description: `${LEGACY_NOTE} ${LEGACY.rewarded_modality}`,
  },
  {
    column: 'rewarded_modality',
    field: 'context',
    type: 'String',
    nullable: true,
    description: 'Former name of rewardedStim (`context`, npc_sessions before 2023-10-21): vis1 or sound1.',
    deprecationReason: 'Use rewardedStim (the rewarded stimulus) or rewardedModality (vis/aud).',
  },
];

export const BlockPerformanceRef = builder.objectRef<BlockRows>('BlockPerformance').implement({
  description:
    'Behavioural performance in one block (one rewarded modality) of the task: a row of the npc_sessions performance table, computed from the trials table, plus the legacy d′ values.',
  fields: (t) => ({
    ...columnFields(t, (rows) => rows.head, HEAD_FIELDS),
    ...columnFields(t, (rows) => rows.legacy, LEGACY_FIELDS),
  }),
});
