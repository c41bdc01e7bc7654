/**
 * BlockPerformance: one block of a session's behaviour — the current npc_sessions performance columns
 * (reference §5.1) next to the legacy d′ columns users know from npc_sessions ≤ v0.0.265 (§5.2), which
 * come from the task's own analysis code and use different formulas (they are not aliases). Fields
 * come from the two performance column registries (src/domain/performanceColumns.ts).
 */
import { columnSpecs } from '../domain/columnRegistry.ts';
import type { TableRow } from '../domain/columns.ts';
import { LEGACY_PERFORMANCE_COLUMNS, PERFORMANCE_COLUMNS } from '../domain/performanceColumns.ts';
import { columnFields } from './behaviourColumns.ts';
import { builder } from './builder.ts';

/** One block's row in the current table and in the legacy one. */
export interface BlockPerformanceRows {
  head: TableRow;
  /** The same block in the legacy table; null when the legacy table has no such row. */
  legacy: TableRow | null;
}

const NAN_NOTE = ' Null where the reference has NaN (x/0).';

export const BlockPerformanceRef = builder.objectRef<BlockPerformanceRows>('BlockPerformance').implement({
  description:
    'Behavioural performance in one block (one rewarded modality) of the task: a row of the npc_sessions performance table, computed from the trials table, plus the legacy d′ values.',
  fields: (t) => ({
    ...columnFields(t, (rows) => rows.head, columnSpecs(PERFORMANCE_COLUMNS), { nullNote: NAN_NOTE }),
    ...columnFields(t, (rows) => rows.legacy, columnSpecs(LEGACY_PERFORMANCE_COLUMNS), {
      nullNote: NAN_NOTE,
      prefix: 'Legacy (npc_sessions ≤ v0.0.265, the task analysis code DynRoutData; repeats excluded): ',
      namesColumn: false,
      allNullable: true,
    }),
  }),
});
