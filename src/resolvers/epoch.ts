/** Epoch: one stimulus file's span of a session (reference §6; without sync, only the task file's). */
import { columnSpecs } from '../domain/columnRegistry.ts';
import type { TableRow } from '../domain/columns.ts';
import { EPOCH_COLUMNS } from '../domain/epochColumns.ts';
import { columnFields } from './behaviourColumns.ts';
import { builder } from './builder.ts';

export const EpochRef = builder.objectRef<TableRow>('Epoch').implement({
  description:
    'A span of the session during which one stimulus script ran (a row of the npc_sessions epochs table). Without sync only the task file can be placed on the session clock, so a session has one epoch.',
  fields: (t) =>
    columnFields(t, (row) => row, columnSpecs(EPOCH_COLUMNS), { nullNote: '', allNullable: true }),
});
