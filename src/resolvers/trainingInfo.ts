/** TrainingInfo: the session's row in its subject's training sheet (DynamicRoutingTraining*.xlsx). */
import { labLocalToIso } from '../domain/localTime.ts';
import { publicFileName } from '../domain/publicFileName.ts';
import { builder } from './builder.ts';
import { finiteOrNull, TrainingInfoObject } from './refs.ts';

builder.objectType(TrainingInfoObject, {
  description:
    "The session's row in its subject's sheet of the training workbook (DynamicRoutingTraining*.xlsx), as written by the task's analysis after each session.",
  fields: (t) => ({
    startTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Start of the session (sheet `start time`, Pacific local time, offset attached).',
      resolve: (row) => labLocalToIso(row.startTime),
    }),
    rigName: t.string({
      nullable: true,
      description: 'Rig the session ran on (`rig name`), e.g. B2 or NP3.',
      resolve: (r) => r.rigName,
    }),
    taskVersion: t.string({
      nullable: true,
      description: 'Task version (`task version`), e.g. `stage 5 ori AMN moving timeouts`.',
      resolve: (r) => r.taskVersion,
    }),
    hits: t.intList({ description: 'Hit count per block (`hits`).', resolve: (r) => r.hits }),
    dprimeSameModality: t.floatList({
      nullable: { list: false, items: true },
      description:
        "d′ per block for the same-modality nogo stimulus (`d' same modality`); null where the sheet has nan.",
      resolve: (r) => r.dprimeSameModality.map(finiteOrNull),
    }),
    dprimeOtherModalityGoStim: t.floatList({
      nullable: { list: false, items: true },
      description:
        "d′ per block against the other modality's go stimulus (`d' other modality go stim`); null where nan.",
      resolve: (r) => r.dprimeOtherModalityGoStim.map(finiteOrNull),
    }),
    quiescentViolations: t.int({
      nullable: true,
      description: 'Licks during the quiescent period over the session (`quiescent violations`).',
      resolve: (r) => r.quiescentViolations,
    }),
    pass: t.int({
      nullable: true,
      description: 'Stage-pass mark (`pass`): 1 passed, 0 not, −1 regressed. Absent in the NSB workbook.',
      resolve: (r) => r.pass,
    }),
    hasLicks: t.boolean({
      nullable: true,
      description: 'The lick sensor registered licks (`has licks`).',
      resolve: (r) => r.hasLicks,
    }),
    hab: t.boolean({
      nullable: true,
      description: 'Habituation session on an ephys rig (`hab`).',
      resolve: (r) => r.hab,
    }),
    ephys: t.boolean({
      nullable: true,
      description: 'Recording session (`ephys`).',
      resolve: (r) => r.ephys,
    }),
    muscimol: t.boolean({
      nullable: true,
      description: 'Muscimol session (`muscimol`).',
      resolve: (r) => r.muscimol,
    }),
    computerName: t.string({
      nullable: true,
      description: 'Computer that ran the task (`computer name`, NSB workbook only).',
      resolve: (r) => r.computerName,
    }),
    behaviorDay: t.int({
      description: "1-based row of the session in its subject's sheet (the reference's behavior_day).",
      resolve: (r) => r.behaviorDay,
    }),
    workbook: t.string({
      description:
        'Workbook the row came from: its file name, or its `s3://` URI when it was read from S3 (never a server path).',
      resolve: (r) => publicFileName(r.workbook),
    }),
    sheet: t.string({ description: 'Sheet (the subject MID).', resolve: (r) => r.sheet }),
    row: t.int({ description: 'Row number in the sheet (1 = header).', resolve: (r) => r.row }),
  }),
});
