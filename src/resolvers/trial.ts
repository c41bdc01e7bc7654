/**
 * Trial: one row of a session's trials table (reference §4; npc_sessions column names in camelCase).
 * Times are seconds from the task file's first frame. Fields come from the trials column registry
 * (src/domain/trialColumns.ts), former names as deprecated aliases with the same values.
 */
import { columnSpecs } from '../domain/columnRegistry.ts';
import type { TableRow } from '../domain/columns.ts';
import { TRIAL_COLUMNS } from '../domain/trialColumns.ts';
import { columnFields } from './behaviourColumns.ts';
import { builder } from './builder.ts';

export const TrialRef = builder.objectRef<TableRow>('Trial').implement({
  description:
    'One trial of the behaviour task (a row of the npc_sessions trials table), computed from the task file without sync: times are seconds from its first frame. Fields are the reference columns in camelCase (`stim_start_time` → stimStartTime).',
  fields: (t) =>
    columnFields(t, (row) => row, columnSpecs(TRIAL_COLUMNS), {
      nullNote: ' Null where the reference has NaN.',
    }),
});
