/**
 * Trial: one row of a session's trials table (reference §4; npc_sessions column names in camelCase).
 * Times are seconds from the task file's first frame. The columns' former names stay as deprecated
 * aliases with the same values.
 */
import type { TableRow } from '../behaviour/tables.ts';
import { FORMER_TRIAL_COLUMN_NAMES, TRIAL_COLUMN_DESCRIPTIONS } from '../domain/columns.ts';
import { type ColumnFieldSpec, type ColumnFieldType, camelCase, columnFields } from './behaviourColumns.ts';
import { builder } from './builder.ts';

type TrialColumn = keyof typeof TRIAL_COLUMN_DESCRIPTIONS;

/** The GraphQL type of every trials column (a Record, so a column added to the domain must be typed here). */
const TRIAL_COLUMN_TYPES: Record<TrialColumn, ColumnFieldType> = {
  start_time: 'Float',
  stop_time: 'Float',
  quiescent_start_time: 'Float',
  quiescent_stop_time: 'Float',
  stim_start_time: 'Float',
  stim_stop_time: 'Float',
  opto_start_time: 'Float',
  opto_stop_time: 'Float',
  response_window_start_time: 'Float',
  response_window_stop_time: 'Float',
  task_control_response_time: 'Float',
  response_time: 'Float',
  reward_time: 'Float',
  timeout_start_time: 'Float',
  timeout_stop_time: 'Float',
  post_response_window_start_time: 'Float',
  post_response_window_stop_time: 'Float',
  stim_name: 'String',
  grating_phase: 'Float',
  block_index: 'Int',
  rewarded_modality: 'String',
  trial_index: 'Int',
  trial_index_in_block: 'Int',
  opto_wavelength: 'Float',
  opto_duration: 'Float',
  opto_label: 'String',
  opto_stim_name: 'String',
  repeat_index: 'Int',
  is_response: 'Boolean',
  is_go: 'Boolean',
  is_nogo: 'Boolean',
  is_hit: 'Boolean',
  is_miss: 'Boolean',
  is_false_alarm: 'Boolean',
  is_correct_reject: 'Boolean',
  is_correct: 'Boolean',
  is_incorrect: 'Boolean',
  is_rewarded: 'Boolean',
  is_noncontingent_reward: 'Boolean',
  is_contingent_reward: 'Boolean',
  is_reward_scheduled: 'Boolean',
  is_instruction: 'Boolean',
  is_aud_stim: 'Boolean',
  is_vis_stim: 'Boolean',
  is_catch: 'Boolean',
  is_target: 'Boolean',
  is_aud_target: 'Boolean',
  is_vis_target: 'Boolean',
  is_nontarget: 'Boolean',
  is_aud_nontarget: 'Boolean',
  is_vis_nontarget: 'Boolean',
  is_vis_rewarded: 'Boolean',
  is_aud_rewarded: 'Boolean',
  is_block_switch: 'Boolean',
  is_repeat: 'Boolean',
  is_opto: 'Boolean',
  is_single_opto_location: 'Boolean',
  is_task_control_correct: 'Boolean',
};

/** Non-float columns that only some sessions have (opto, galvo opto). */
const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set([
  'opto_label',
  'opto_stim_name',
  'is_single_opto_location',
]);

const NULL_WHEN_ABSENT = ' Null when the session does not have this column (e.g. no opto).';

const specOf = (column: TrialColumn): ColumnFieldSpec => {
  const type = TRIAL_COLUMN_TYPES[column];
  const nullable = type === 'Float' || OPTIONAL_COLUMNS.has(column);
  const nanNote = type === 'Float' ? ' Null where the reference has NaN.' : '';
  return {
    column,
    type,
    nullable,
    description: `${TRIAL_COLUMN_DESCRIPTIONS[column]}${nanNote}${OPTIONAL_COLUMNS.has(column) ? NULL_WHEN_ABSENT : ''} (Column \`${column}\`.)`,
  };
};

const TRIAL_FIELDS: ColumnFieldSpec[] = (Object.keys(TRIAL_COLUMN_TYPES) as TrialColumn[]).map(specOf);

/** The columns' former names (npc_sessions ≤ v0.0.265), same values as the columns that replaced them. */
const FORMER_TRIAL_FIELDS: ColumnFieldSpec[] = Object.entries(FORMER_TRIAL_COLUMN_NAMES).map(
  ([former, current]) => {
    const spec = specOf(current as TrialColumn);
    return {
      ...spec,
      field: camelCase(former),
      description: `Former name of ${camelCase(current)} (\`${former}\`, npc_sessions ≤ v0.0.265); same values.`,
      deprecationReason: `Use ${camelCase(current)} (renamed from ${former} in npc_sessions v0.0.266).`,
    };
  },
);

export const TrialRef = builder.objectRef<TableRow>('Trial').implement({
  description:
    'One trial of the behaviour task (a row of the npc_sessions trials table), computed from the task file without sync: times are seconds from its first frame. Fields are the reference columns in camelCase (`stim_start_time` → stimStartTime).',
  fields: (t) => ({
    ...columnFields(t, (row) => row, TRIAL_FIELDS),
    ...columnFields(t, (row) => row, FORMER_TRIAL_FIELDS),
  }),
});
