/** The epochs table's column registry (reference §6; npc_sessions epochs columns in output order). */
import { defineColumns, TASK_SECONDS } from './columnRegistry.ts';

export const EPOCH_COLUMNS = defineColumns({
  start_time: {
    kind: 'float',
    unit: 's',
    description: `Start of the stimulus file's recording, in ${TASK_SECONDS}.`,
  },
  stop_time: {
    kind: 'float',
    unit: 's',
    description: `End of the stimulus file's recording (sum of its frame intervals without sync), in ${TASK_SECONDS}.`,
  },
  script_name: {
    kind: 'string',
    description:
      'Name of the stimulus script that ran in the epoch (stim file name before the first underscore), e.g. DynamicRouting1.',
  },
  tags: {
    kind: 'stringList',
    description:
      'Labels of the epoch: task, opto_perturbation | opto_control, rewards, timing_issues, spontaneous, mapping, optotagging | optotagging_control, invalid_times.',
  },
  interval_names: {
    kind: 'stringList',
    description: 'Names of the interval tables that describe the epoch (task: trials, performance).',
  },
  notes: {
    kind: 'string',
    emptyMeansNone: true,
    description: 'Free-text notes; mentions invalid times the epoch includes.',
  },
});
