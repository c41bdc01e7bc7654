/** Epoch: one stimulus file's span of a session (reference §6; without sync, only the task file's). */
import type { TableRow } from '../behaviour/tables.ts';
import { EPOCH_COLUMN_DESCRIPTIONS as DESC } from '../domain/columns.ts';
import { builder } from './builder.ts';

export const EpochRef = builder.objectRef<TableRow>('Epoch').implement({
  description:
    'A span of the session during which one stimulus script ran (a row of the npc_sessions epochs table). Without sync only the task file can be placed on the session clock, so a session has one epoch.',
  fields: (t) => ({
    startTime: t.float({
      nullable: true,
      description: `${DESC.start_time} (Column \`start_time\`.)`,
      resolve: (row) => row.float('start_time'),
    }),
    stopTime: t.float({
      nullable: true,
      description: `${DESC.stop_time} (Column \`stop_time\`.)`,
      resolve: (row) => row.float('stop_time'),
    }),
    scriptName: t.string({
      nullable: true,
      description: `${DESC.script_name} (Column \`script_name\`.)`,
      resolve: (row) => row.string('script_name'),
    }),
    tags: t.stringList({
      description: `${DESC.tags} (Column \`tags\`.)`,
      resolve: (row) => row.stringList('tags') ?? [],
    }),
    intervalNames: t.stringList({
      description: `${DESC.interval_names} (Column \`interval_names\`.)`,
      resolve: (row) => row.stringList('interval_names') ?? [],
    }),
    notes: t.string({
      nullable: true,
      description: `${DESC.notes} Null when there are none. (Column \`notes\`.)`,
      resolve: (row) => row.string('notes') || null,
    }),
  }),
});
