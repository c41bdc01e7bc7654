/**
 * Session: one (subject, date, idx), whatever sources know it. Fields read the catalog entry (tracked
 * sheets, AIND names); later modules add the fields that need other sources.
 */
import { MAX_ANY_OF_BRANCHES, MAX_ANY_OF_DEPTH, type SessionFilterInput } from '../domain/sessionFilter.ts';
import type { FlagFilter } from '../domain/sessionFilterTypes.ts';
import { BadUserInputError } from '../errors.ts';
import type { CatalogSession } from '../services/catalog.ts';
import { filterFactsOf, lookupSession } from '../services/session.ts';
import { selectCatalogSessions } from '../services/sessionList.ts';
import { builder } from './builder.ts';
import { DatasetQcEnum } from './datasets.ts';
import { NODE_ID_FORMS, typenameOfNodeId } from './nodeIds.ts';
import { perIdOutcomes } from './nodeResults.ts';
import { checkPageArgs, pageOf } from './pagination.ts';
import { SessionObject, SubjectObject, TrainingInfoObject } from './refs.ts';

export const TrackedPlatformEnum = builder.enumType('TrackedPlatform', {
  description:
    'Where a tracked session was listed (tracked_sessions.yaml platform key, or a training sheet).',
  values: {
    EPHYS: { value: 'ephys', description: 'YAML `ephys`: recording with sync.' },
    BEHAVIOR_WITH_SYNC: {
      value: 'behavior_with_sync',
      description: 'YAML `behavior_with_sync`: hab or opto sessions with sync.',
    },
    BEHAVIOR: {
      value: 'behavior',
      description: 'YAML `behavior`: behaviour-box sessions that needed config.',
    },
    TRAINING_SHEET: { value: 'training_sheet', description: 'A row of a training workbook.' },
  } as const,
});

export const DataSource = builder.enumType('DataSource', {
  description: 'An upstream labgraph federates.',
  values: {
    TRACKED: { value: 'tracked', description: 'tracked_sessions.yaml and the training workbooks.' },
    CODEOCEAN: { value: 'codeocean', description: 'CodeOcean data assets.' },
    DOCDB: { value: 'docdb', description: 'DocDB metadata records.' },
    REGISTRY: {
      value: 'registry',
      description: "labgraph's own registry (registerSession, registerSubject).",
    },
  } as const,
});

export const SessionOrderEnum = builder.enumType('SessionOrder', {
  description: 'Order of a session list.',
  values: {
    DATE_DESC: { description: 'Newest first (then by subject MID, then idx).' },
    DATE_ASC: { description: 'Oldest first (then by subject MID, then idx).' },
  } as const,
});

const COSTLY =
  ' Costly: looked up only for the sessions the cheaper conditions leave (see the README for what each filter reads).';

/** The other Session flags, each filtered as its field decides it. */
const FLAG_FILTER_SOURCES: Record<
  Exclude<FlagFilter, 'isTask' | 'isOpto' | 'isTraining' | 'isHab'>,
  string
> = {
  isVideo: 'the sync and tracked sheets',
  isTempleton: 'the project, the training sheets or the task file',
  isFirstBlockAud: 'the task file',
  isLateAutorewards: 'the task file',
  isEngaged: 'the task file',
  isGoodBehavior: 'the task file',
  isWildtype: 'the genotype',
  isOptoControl: 'the task file and the genotype',
  isContextNaive: 'the tracked kwargs, else isTempleton',
  isProduction: 'the tracked kwargs',
  isNaive: 'the tracked kwargs',
  isStage5Passed: 'the tracked kwargs',
  isDlcSide: 'CodeOcean derived assets',
  isDlcEye: 'CodeOcean derived assets',
  isDlcFace: 'CodeOcean derived assets',
  isFacemap: 'CodeOcean derived assets',
  isDlc: 'CodeOcean derived assets',
  isAnnotated: 'CodeOcean derived assets, then one DocDB find',
  isSurfaceChannels: "the catalog's same-day sessions",
};

const flagFilterDescription = (flag: string, source: string) =>
  flag === 'isSurfaceChannels'
    ? `As Session.isSurfaceChannels (${source}: no upstream read).`
    : `As Session.${flag} (${source}; tracked kwargs override as for the field).${COSTLY}`;

export const SessionFilter = builder.inputRef<SessionFilterInput>('SessionFilter').implement({
  description:
    'Narrows a session list; all given conditions must hold (AND), and `anyOf` adds an OR of whole filters. Dates accept YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD, with an optional time; ranges are inclusive at both ends. Conditions on the tracked sheets and AIND names cost nothing; the others read an upstream, only for the sessions the cheap ones leave. A session whose value is unknown (null) matches neither true nor false.',
  fields: (t) => ({
    subject: t.string({ description: 'Subject MID, e.g. 676909.' }),
    subjects: t.stringList({ description: 'Any of these subject MIDs.' }),
    project: t.string({
      description: 'Project name, e.g. DynamicRouting or TempletonPilotSession (case-insensitive).',
    }),
    date: t.string({ description: 'Sessions on this day (cannot be combined with startDate/endDate).' }),
    startDate: t.string({
      description: 'Sessions starting at or after this date(time). A date alone means 00:00:00.',
    }),
    endDate: t.string({
      description: 'Sessions starting at or before this date(time). A date alone means the whole day.',
    }),
    platform: t.string({
      description:
        'AIND platform of the session name, as Session.platform gives it, e.g. ecephys or behavior (case-insensitive). Sessions never uploaded to AIND have none.',
    }),
    trackedPlatform: t.field({
      type: [TrackedPlatformEnum],
      description: 'Any of these tracked-sheet platforms, as Session.trackedPlatform gives it.',
    }),
    isEphys: t.boolean({
      description: 'Recording sessions only (true) or none (false), as Session.isEphys.',
    }),
    isSync: t.boolean({
      description: 'Sessions with a sync file (true) or without (false), as Session.isSync.',
    }),
    isUploaded: t.boolean({ description: `As Session.isUploaded (CodeOcean, DocDB, S3).${COSTLY}` }),
    isSorted: t.boolean({
      description: `As Session.isSorted: the newest sorted asset is good (CodeOcean, the asset's output file).${COSTLY}`,
    }),
    isTask: t.boolean({ description: `As Session.isTask (the task file).${COSTLY}` }),
    isOpto: t.boolean({ description: `As Session.isOpto (the task file and the genotype).${COSTLY}` }),
    isTraining: t.boolean({ description: `As Session.isTraining (the task file).${COSTLY}` }),
    isHab: t.boolean({ description: `As Session.isHab (the task file).${COSTLY}` }),
    ...Object.fromEntries(
      Object.entries(FLAG_FILTER_SOURCES).map(([flag, source]) => [
        flag,
        t.boolean({ description: flagFilterDescription(flag, source) }),
      ]),
    ),
    keyword: t.string({
      description: `Sessions whose Session.keywords include this word (case-insensitive), e.g. opto_perturbation or good_behavior.${COSTLY}`,
    }),
    rig: t.string({
      description:
        "Sessions on this rig, as Session.rig gives it: the tracked `rig` kwarg or the training sheet, else the task file (costly). Compared in the lab's normal form: NP3 = NP.3, D2 = BEH.D-Box2; a rig without a computer index (BEH.B) matches its whole cluster.",
    }),
    genotypeContains: t.string({
      description:
        "Sessions whose subject's genotype (as Subject.genotype: DocDB, else the training sheet) contains this text, case-insensitive. Costly: one DocDB find for the subjects left.",
    }),
    lab: t.string({
      description:
        "ONE's `lab`: sessions whose lab in labgraph's registry (the registered session's, else its subject's, as Session.alfPath) is this, any case (Alyx's iexact). Sessions the registry does not know have no lab. Costly: one registry query for the sessions left.",
    }),
    taskProtocol: t.string({
      description:
        "ONE's `task_protocol`: sessions whose registered task protocol (registerSession) contains this text, any case. Costly: one registry query for the sessions left.",
    }),
    taskVersion: t.string({
      description: `Sessions whose task version contains this text, any case: the training sheet's \`task version\`, else (costly) the task file's \`taskVersion\`, e.g. \`stage 5\` or \`templeton\`.`,
    }),
    number: t.int({
      description:
        "ONE's `number`: the ALF session number, 1–999 (idx + 1; 1 is a subject's first session that day).",
    }),
    hasIssues: t.boolean({
      description:
        'Sessions whose tracked entry lists issues (true) or lists none (false), as Session.issues.',
    }),
    sessionKwarg: t.string({
      description:
        'A tracked `session_kwargs` entry: `key` (the session sets it, e.g. `is_production`) or `key=value` (its value reads so, any case; e.g. `is_task=false`, `probe_letters_to_skip=DE`).',
    }),
    crossModalityDprimeAtLeast: t.float({
      description: `ONE's \`performance_gte\` for this task: sessions whose cross-modality d′ — the mean of the blocks' crossModalityDprime, blocks without one left out — is at least this. Sessions with no block d′ never match.${COSTLY}`,
    }),
    anyOf: t.field({
      type: [SessionFilter],
      description: `At least one of these filters (OR), ANDed with the other conditions given beside it; e.g. ephys sessions OR opto training sessions. Nests at most ${MAX_ANY_OF_DEPTH} deep, ${MAX_ANY_OF_BRANCHES} filters in all.`,
    }),
    hasDataset: t.stringList({
      description:
        "Sessions with a registered dataset of EVERY one of these dataset types whose file exists in some repository (ONE's `datasets` search). Costly: one registry query for the sessions left.",
    }),
    datasetQcAtMost: t.field({
      type: DatasetQcEnum,
      description:
        "With hasDataset: each listed type's dataset also has QC at most this (ONE's dataset_qc_lte). Alone: the session has some dataset with QC at most this. Costly: one registry query.",
    }),
  }),
});

builder.node(SessionObject, {
  description:
    'One experimental session of one subject on one day: the join of the tracked sheets, CodeOcean assets, DocDB metadata and the task file. Its id is `MID_YYYY-MM-DD`, with `_<idx>` for a second session that day.',
  id: { resolve: (s) => s.id },
  loadMany: async (ids, ctx) => {
    const { sessionById } = await ctx.catalog.snapshot();
    // An id of no known shape (routed here by the builder) fails only its own place in Query.nodes.
    return perIdOutcomes<CatalogSession>(
      ids.map((id) =>
        typenameOfNodeId(id) === 'Session'
          ? (sessionById.get(id) ?? null)
          : new BadUserInputError(
              `${JSON.stringify(id)} is not the id of anything labgraph serves`,
              NODE_ID_FORMS,
            ),
      ),
    );
  },
  fields: (t) => ({
    subject: t.field({
      type: SubjectObject,
      description: 'The mouse.',
      resolve: async (s, _args, ctx) => {
        const { subjectById } = await ctx.catalog.snapshot();
        return subjectById.get(s.subject) ?? { id: s.subject, training: null, sessionIds: [s.id] };
      },
    }),
    date: t.field({ type: 'Date', description: 'Day of the session (lab-local).', resolve: (s) => s.date }),
    idx: t.int({
      description: "Index among the subject's sessions that day: 0, or 1, 2… by start time.",
      resolve: (s) => s.idx,
    }),
    project: t.string({
      nullable: true,
      description: 'Project from the tracked sheets, e.g. DynamicRouting or TempletonPilotSession.',
      resolve: (s) => s.tracked?.project ?? null,
    }),
    trackedPlatform: t.field({
      type: TrackedPlatformEnum,
      nullable: true,
      description: 'Where the tracked sheets list the session; null when only CodeOcean/DocDB know it.',
      resolve: (s) => s.tracked?.platform ?? null,
    }),
    isEphys: t.boolean({
      nullable: true,
      description:
        'A recording session: the YAML platform key contains `ephys`, else the AIND platform is ecephys. Null when neither says.',
      resolve: (s) => filterFactsOf(s).isEphys,
    }),
    isSync: t.boolean({
      nullable: true,
      description: 'Recorded with a sync file: the YAML platform key contains `sync` or `ephys`.',
      resolve: (s) => s.tracked?.isSync ?? null,
    }),
    experimentDay: t.int({
      nullable: true,
      description:
        "Experiment day: YAML `day`, else the 1-based rank of the date among the subject's entries in that platform and project. Null for training-sheet rows.",
      resolve: (s) => s.tracked?.experimentDay ?? null,
    }),
    notes: t.string({
      nullable: true,
      description: 'Free-text notes from the YAML entry.',
      resolve: (s) => s.tracked?.notes || null,
    }),
    issues: t.stringList({
      description: 'Issue links recorded against the session in the YAML.',
      resolve: (s) => s.tracked?.issues ?? [],
    }),
    sessionKwargs: t.field({
      type: 'JSON',
      description:
        'YAML `session_kwargs`: per-session overrides of detected properties (is_task, is_video, invalid_times, probe_letters_to_skip…).',
      resolve: (s) => s.tracked?.sessionKwargs ?? {},
    }),
    allenPath: t.string({
      nullable: true,
      description: 'Path on the Allen network share the tracked sheets give for the session.',
      resolve: (s) => s.tracked?.allenPath ?? null,
    }),
    trainingInfo: t.field({
      type: TrainingInfoObject,
      nullable: true,
      description: "The session's row in the subject's training sheet (first row with the same day).",
      resolve: (s) => s.tracked?.training ?? null,
    }),
    rig: t.string({
      nullable: true,
      description:
        "Rig the session ran on, as written: the tracked `rig` kwarg, else the training-sheet row, else the task file's `rigName` (read only when the sheets do not say). Fails with INVALID_DATA when that task file is corrupt.",
      resolve: async (s, _args, ctx) =>
        filterFactsOf(s).rig ?? (await ctx.loaders.taskBySession.load(s))?.data.rigName ?? null,
    }),
    knownTo: t.field({
      type: [DataSource],
      description: 'Which sources report this session.',
      resolve: (s) => s.knownTo,
    }),
  }),
});

builder.queryFields((t) => ({
  session: t.field({
    type: SessionObject,
    nullable: true,
    description:
      'The session a reference names: `MID_YYYY-MM-DD[_idx]`, MID and date in any order, a stim file name, a path or s3:// URI containing them, or an AIND session or derived-asset name. Null when no source knows the session.',
    args: {
      ref: t.arg.string({ required: true, description: 'Whatever string you have that names the session.' }),
    },
    resolve: async (_root, { ref }, ctx) => lookupSession(await ctx.catalog.snapshot(), ref),
  }),
  sessionsByRef: t.field({
    type: [SessionObject],
    nullable: { list: false, items: true },
    description:
      'Several sessions by reference (any form Query.session accepts), one entry per reference in the order given. An unreadable reference is null with a BAD_USER_INPUT error at its index; a session no source knows is null without an error. The others resolve either way.',
    args: {
      refs: t.arg.stringList({
        required: true,
        description:
          'Session references; at most the maximum page size (LABGRAPH_MAX_PAGE_SIZE, 100 by default).',
      }),
    },
    resolve: (_root, { refs }, ctx) => {
      const max = ctx.config.maxPageSize;
      if (refs.length > max) {
        throw new BadUserInputError(`refs holds ${refs.length} references, more than ${max}`, [
          `at most ${max} references per query; send several queries for more`,
        ]);
      }
      if (refs.length === 0) return [];
      const snapshot = ctx.catalog.snapshot();
      // One promise per reference: a reference that cannot be read rejects only its own index.
      return refs.map(async (ref) => lookupSession(await snapshot, ref));
    },
  }),
  sessions: t.connection({
    type: SessionObject,
    description:
      'Sessions known to any source, filtered and ordered. Cursors are session ids; totalCount counts every match.',
    args: {
      filter: t.arg({ type: SessionFilter, description: 'Conditions every returned session meets.' }),
      orderBy: t.arg({
        type: SessionOrderEnum,
        defaultValue: 'DATE_DESC',
        description: 'Order of the list.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const snapshot = await ctx.catalog.snapshot();
      const selected = await selectCatalogSessions(args, { reads: ctx.loaders, snapshot });
      return pageOf(selected, args, (s) => s.id, ctx.config.maxPageSize);
    },
  }),
}));
