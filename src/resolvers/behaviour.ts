/**
 * The behaviour fields of Session: stim files, trials, performance, epochs (as row types and in
 * columnar form), session flags and keywords. Everything comes through the behaviour loaders
 * (src/services/sessionBehaviour.ts); a session without a task file answers null, a broken task file fails
 * these fields of that session only (INVALID_DATA naming the object URI).
 */

import { checkColumnNames, formerNameAliases } from '../domain/columnRegistry.ts';
import { selectColumns, tableRows } from '../domain/columns.ts';
import { labLocalToIso } from '../domain/localTime.ts';
import { LEGACY_PERFORMANCE_COLUMNS, PERFORMANCE_COLUMNS } from '../domain/performanceColumns.ts';
import type { SessionFlags } from '../domain/sessionFlags.ts';
import { TRIAL_COLUMNS } from '../domain/trialColumns.ts';
import type { CatalogSession } from '../services/catalog.ts';
import { sessionFlag, sessionKeywords } from '../services/sessionBehaviour.ts';
import { allStimFiles } from '../services/stimFiles.ts';
import type { StimFile } from '../sources/objectstore/index.ts';
import { ColumnTableRef } from './behaviourTable.ts';
import { builder } from './builder.ts';
import { EpochRef } from './epoch.ts';
import { BlockPerformanceRef } from './performance.ts';
import { SessionObject } from './refs.ts';
import { TrialRef } from './trial.ts';

interface SessionStimFile {
  session: CatalogSession;
  file: StimFile;
  isTaskFile: boolean;
}

const StimFileRef = builder.objectRef<SessionStimFile>('StimFile').implement({
  description:
    'A stimulus file of the session on the object store: the task file (`DynamicRouting1_<MID>_<YYYYMMDD>_<HHMMSS>.hdf5`, the largest of the day) or another script’s file (RFMapping, OptoTagging, Spontaneous…).',
  fields: (t) => ({
    uri: t.string({ description: '`s3://<bucket>/<key>` of the file.', resolve: (f) => f.file.info.uri }),
    fileName: t.string({
      description: 'The file name (last segment of the key).',
      resolve: (f) => f.file.fileName,
    }),
    size: t.float({
      description: 'Size in bytes (a Float: GraphQL Int stops at 2 GiB).',
      resolve: (f) => f.file.info.size,
    }),
    etag: t.string({
      description: 'Version tag of the object; changes whenever its content changes.',
      resolve: (f) => f.file.info.etag,
    }),
    startTime: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Start of the recording, from the `YYYYMMDD_HHMMSS` in the file name (Pacific local time, offset attached).',
      resolve: (f) => (f.file.startTime === null ? null : labLocalToIso(f.file.startTime)),
    }),
    scriptName: t.string({
      description: 'The stimulus script: the file name before its first underscore, e.g. DynamicRouting1.',
      resolve: (f) => f.file.scriptName,
    }),
    isTaskFile: t.boolean({
      description: 'This is the session’s task file (the largest non-empty DynamicRouting* file of the day).',
      resolve: (f) => f.isTaskFile,
    }),
    taskVersion: t.string({
      nullable: true,
      description:
        'Task version the file records (`taskVersion`), e.g. `stage 5 ori AMN moving timeouts`. Read from the task file only; null for other files.',
      resolve: async (f, _args, ctx) =>
        f.isTaskFile ? ((await ctx.loaders.taskBySession.load(f.session))?.data.taskVersion ?? null) : null,
    }),
    rigName: t.string({
      nullable: true,
      description:
        'Rig the file records (`rigName`), e.g. B2 or NP3. Read from the task file only; null for other files.',
      resolve: async (f, _args, ctx) =>
        f.isTaskFile ? ((await ctx.loaders.taskBySession.load(f.session))?.data.rigName ?? null) : null,
    }),
  }),
});

const PerformanceVersion = builder.enumType('PerformanceVersion', {
  description: 'Which performance table: the current formulas or the legacy ones users know.',
  values: {
    CURRENT: { description: 'npc_sessions ≥ v0.0.266: computed from the trials table (reference §5.1).' },
    LEGACY: {
      description: 'npc_sessions ≤ v0.0.265: the task analysis code’s d′ values, repeats excluded (§5.2).',
    },
  } as const,
});

/** Session flags exposed in the graph, with what decides them. */
const FLAG_FIELDS: Record<
  | 'isTask'
  | 'isOpto'
  | 'isVideo'
  | 'isTraining'
  | 'isHab'
  | 'isTempleton'
  | 'isFirstBlockAud'
  | 'isLateAutorewards'
  | 'isEngaged'
  | 'isGoodBehavior'
  | 'isWildtype'
  | 'isOptoControl'
  | 'isContextNaive'
  | 'isProduction'
  | 'isNaive'
  | 'isStage5Passed',
  string
> = {
  isTask: 'The session has a readable task file (`is_task`).',
  isOpto:
    'Optogenetic inactivation during task trials in a non-wild-type subject (`is_opto`): the task file has opto trials and the genotype is not wt/wt.',
  isVideo:
    'Behaviour videos were recorded (`is_video`): a recording session with sync, unless the tracked sheet says otherwise.',
  isTraining:
    'A training session (`is_training`): a task session that is not a recording, on a rig whose name has neither NP nor OG.',
  isHab:
    'A habituation session (`is_hab`): a task session that is not a recording, on an NP rig, without opto.',
  isTempleton:
    'A Templeton project session (`is_templeton`): from the tracked project, else from the subject being absent from the training sheets, else `templeton` in the task version.',
  isFirstBlockAud: 'The first block rewarded the auditory target (`is_first_block_aud`).',
  isLateAutorewards: 'Non-contingent rewards came late: autoRewardOnsetFrame is 60 (`is_late_autorewards`).',
  isEngaged: 'At least 4 blocks with 10 or more contingent rewards (`is_engaged`).',
  isWildtype:
    'The subject is wild type (`is_wildtype`): its genotype contains `wt/wt`; true when the genotype is unknown, as npc_sessions assumes.',
  isOptoControl:
    'Optogenetic light during task trials in a wild-type subject (`is_opto_control`): a control for isOpto.',
  isContextNaive:
    'The subject was never trained on context switching before (`is_context_naive`): the tracked kwarg, else isTempleton.',
  isProduction:
    'A production session rather than a development one (`is_production`; true unless the tracked kwarg says otherwise).',
  isNaive: 'A naive subject (`is_naive`): from the tracked `session_kwargs`; null when they do not say.',
  isStage5Passed:
    'The subject had passed training stage 5 (`is_stage_5_passed`): from the tracked `session_kwargs`; null when they do not say.',
  isGoodBehavior:
    'At least 2 visual and 2 auditory blocks with cross-modality d′ ≥ 1, ≥ 10 trials and ≥ 10 contingent rewards (Templeton: 4 blocks of any modality) (`is_good_behavior`).',
};

const OVERRIDE_NOTE =
  ' Tracked `session_kwargs` override the detection. Null when nothing can decide it. Fails with INVALID_DATA when the task file is corrupt.';

builder.objectFields(SessionObject, (t) => ({
  stimFiles: t.field({
    type: [StimFileRef],
    nullable: true,
    description:
      'The session’s stimulus files in the subject’s task-data folder on the object store: the task file first, then the others by start time. Empty when there are none.',
    resolve: async (session, _args, ctx) => {
      const files = await ctx.loaders.stimFilesBySession.load(session);
      return allStimFiles(files).map((file) => ({ session, file, isTaskFile: file === files.taskFile }));
    },
  }),
  trials: t.field({
    type: [TrialRef],
    nullable: true,
    description:
      'The trials of the behaviour task, from the task file (trials overlapping the session’s invalid times dropped). Null when the session has no task file.',
    resolve: async (session, _args, ctx) => {
      const task = await ctx.loaders.taskBySession.load(session);
      return task === null ? null : tableRows(task.trials);
    },
  }),
  trialsTable: t.field({
    type: ColumnTableRef,
    nullable: true,
    description:
      'The trials in columnar form (reference column names), for dataframes. Null when the session has no task file.',
    args: {
      columns: t.arg.stringList({
        description:
          'Only these columns (snake_case reference names, or their former names such as `is_vis_context`, served under the name asked), in this order. Default: all.',
      }),
    },
    resolve: async (session, args, ctx) => {
      const columns = checkColumnNames(TRIAL_COLUMNS, args.columns);
      const task = await ctx.loaders.taskBySession.load(session);
      return task === null ? null : selectColumns(task.trials, columns, formerNameAliases(TRIAL_COLUMNS));
    },
  }),
  performance: t.field({
    type: [BlockPerformanceRef],
    nullable: true,
    description:
      'Behavioural performance per block (one rewarded modality each). Null when the session has no task file.',
    resolve: async (session, _args, ctx) => {
      const task = await ctx.loaders.taskBySession.load(session);
      if (task === null) return null;
      const legacy = tableRows(task.legacyPerformance);
      return tableRows(task.performance).map((head) => {
        const same = legacy.find((row) => row.int('block_index') === head.int('block_index'));
        return { head, legacy: same ?? null };
      });
    },
  }),
  performanceTable: t.field({
    type: ColumnTableRef,
    nullable: true,
    description:
      'The performance table in columnar form (reference column names). Null when the session has no task file.',
    args: {
      version: t.arg({
        type: PerformanceVersion,
        defaultValue: 'CURRENT',
        required: true,
        description: 'Current or legacy formulas.',
      }),
      columns: t.arg.stringList({
        description:
          'Only these columns (snake_case reference names, or their former names such as `is_vis_context`, served under the name asked), in this order. Default: all.',
      }),
    },
    resolve: async (session, args, ctx) => {
      const legacy = args.version === 'LEGACY';
      const registry = legacy ? LEGACY_PERFORMANCE_COLUMNS : PERFORMANCE_COLUMNS;
      const columns = checkColumnNames(registry, args.columns);
      const task = await ctx.loaders.taskBySession.load(session);
      if (task === null) return null;
      const table = legacy ? task.legacyPerformance : task.performance;
      return selectColumns(table, columns, formerNameAliases(registry));
    },
  }),
  epochs: t.field({
    type: [EpochRef],
    nullable: true,
    description:
      'Spans of the session per stimulus file (without sync: the task file’s). Null when the session has no task file.',
    resolve: async (session, _args, ctx) => {
      const task = await ctx.loaders.taskBySession.load(session);
      return task === null ? null : tableRows(task.epochs);
    },
  }),
  keywords: t.stringList({
    nullable: true,
    description:
      'NWB keywords of the session (npc_sessions words and order): task, sync, ephys, training, hab, dynamic_routing, prod, first_block_aud|vis, late|early_autorewards, good|bad_behavior, epoch tags, day_<n>, the session type…',
    resolve: (session, _args, ctx) => sessionKeywords(session, ctx.loaders),
  }),
  ...Object.fromEntries(
    (Object.entries(FLAG_FIELDS) as [keyof typeof FLAG_FIELDS & keyof SessionFlags, string][]).map(
      ([name, description]) => [
        name,
        t.boolean({
          nullable: true,
          description: `${description}${OVERRIDE_NOTE}`,
          resolve: (session, _args, ctx) => sessionFlag(session, name, ctx.loaders),
        }),
      ],
    ),
  ),
}));
