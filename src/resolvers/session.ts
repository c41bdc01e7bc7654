/**
 * Session: one (subject, date, idx), whatever sources know it. Fields read the catalog entry (tracked
 * sheets, AIND names); later modules add the fields that need other sources.
 */
import { filterFactsOf } from '../catalog/sessionCatalog.ts';
import { compileSessionFilter } from '../domain/sessionFilter.ts';
import { parseSessionRef } from '../domain/sessionRef.ts';
import { builder } from './builder.ts';
import { pageOf } from './pagination.ts';
import { SessionRef, SubjectRef, TrainingInfoRef } from './refs.ts';

export const TrackedPlatform = builder.enumType('TrackedPlatform', {
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
  } as const,
});

export const SessionOrder = builder.enumType('SessionOrder', {
  description: 'Order of a session list.',
  values: {
    DATE_DESC: { description: 'Newest first (then subject, then idx).' },
    DATE_ASC: { description: 'Oldest first (then subject, then idx).' },
  } as const,
});

export const SessionFilter = builder.inputType('SessionFilter', {
  description:
    'Narrows a session list; all given conditions must hold. Dates accept YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD, with an optional time; ranges are inclusive at both ends.',
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
    isEphys: t.boolean({ description: 'Recording sessions only (true) or none (false).' }),
    isSync: t.boolean({ description: 'Sessions with a sync file (true) or without (false).' }),
  }),
});

builder.node(SessionRef, {
  description:
    'One experimental session of one subject on one day: the join of the tracked sheets, CodeOcean assets, DocDB metadata and the task file. Its id is `MID_YYYY-MM-DD`, with `_<idx>` for a second session that day.',
  id: { resolve: (s) => s.id },
  loadMany: async (ids, ctx) => {
    const { sessionById } = await ctx.catalog.snapshot();
    return ids.map((id) => sessionById.get(id) ?? null);
  },
  fields: (t) => ({
    subject: t.field({
      type: SubjectRef,
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
      type: TrackedPlatform,
      nullable: true,
      description: 'Where the tracked sheets list the session; null when only CodeOcean/DocDB know it.',
      resolve: (s) => s.tracked?.platform ?? null,
    }),
    isEphys: t.boolean({
      nullable: true,
      description:
        'A recording session: the YAML platform key contains `ephys`. Null when the sheets do not say.',
      resolve: (s) => s.tracked?.isEphys ?? null,
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
      type: TrainingInfoRef,
      nullable: true,
      description: "The session's row in the subject's training sheet (first row with the same day).",
      resolve: (s) => s.tracked?.training ?? null,
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
    type: SessionRef,
    nullable: true,
    description:
      'The session a reference names: `MID_YYYY-MM-DD[_idx]`, MID and date in any order, a stim file name, a path or s3:// URI containing them, or an AIND session or derived-asset name. Null when no source knows the session.',
    args: {
      ref: t.arg.string({ required: true, description: 'Whatever string you have that names the session.' }),
    },
    resolve: async (_root, { ref }, ctx) => {
      const parsed = parseSessionRef(ref);
      const { sessions, sessionById } = await ctx.catalog.snapshot();
      if (parsed.aind) {
        const byAindName = sessions.find((s) => s.aindNames.includes(parsed.aind?.id ?? ''));
        if (byAindName) return byAindName;
      }
      return sessionById.get(parsed.id) ?? null;
    },
  }),
  sessions: t.connection({
    type: SessionRef,
    description: 'Sessions known to any source, filtered and ordered.',
    args: {
      filter: t.arg({ type: SessionFilter, description: 'Conditions every returned session meets.' }),
      orderBy: t.arg({ type: SessionOrder, defaultValue: 'DATE_DESC', description: 'Order of the list.' }),
    },
    resolve: async (_root, args, ctx) => {
      const matches = compileSessionFilter(args.filter);
      const { sessions } = await ctx.catalog.snapshot();
      const selected = sessions.filter((s) => matches(filterFactsOf(s)));
      if (args.orderBy === 'DATE_ASC') selected.reverse();
      return pageOf(selected, args, (s) => s.id, ctx.config.maxPageSize);
    },
  }),
}));
