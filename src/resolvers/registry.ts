/**
 * The registry's read side in the graph: what labgraph's own registry holds about a subject or a
 * session (`registration`), a subject's weighings and water administrations (newest first, batched
 * per request), each session's ALF path, and the userError vocabulary every mutation shares.
 * Date-times come back as ISO 8601 with the lab time zone's offset (LABGRAPH_TIMEZONE).
 */
import { formatLabDateTime } from '../domain/labTime.ts';
import {
  alfSessionPath,
  registeredSessionId,
  USER_ERROR_CODES,
  USER_ERROR_DESCRIPTIONS,
  type UserError as UserErrorShape,
  weightLimitOf,
} from '../domain/registryRules.ts';
import type {
  SessionRecord,
  SubjectRecord,
  WaterAdministrationRecord,
  WeighingRecord,
} from '../sources/registry/index.ts';
import { builder } from './builder.ts';
import { checkPageArgs, pageOf } from './pagination.ts';
import { SessionObject, SubjectObject } from './refs.ts';

export const UserErrorCode = builder.enumType('UserErrorCode', {
  description: 'Why a mutation refused its input (expected failures; nothing was written).',
  values: Object.fromEntries(
    USER_ERROR_CODES.map((code) => [code, { value: code, description: USER_ERROR_DESCRIPTIONS[code] }]),
  ) as Record<
    (typeof USER_ERROR_CODES)[number],
    { value: (typeof USER_ERROR_CODES)[number]; description: string }
  >,
});

export const UserErrorRef = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'An expected failure of a mutation: which rule, which input field, and why.',
  fields: (t) => ({
    code: t.field({
      type: UserErrorCode,
      description: 'The rule that refused the input.',
      resolve: (e) => e.code,
    }),
    field: t.stringList({
      nullable: true,
      description:
        'Path of the offending field inside `input` (e.g. ["startTime"]); null for the whole input.',
      resolve: (e) => e.field,
    }),
    message: t.exposeString('message', { description: 'What was wrong and what would be accepted.' }),
  }),
});

const labTime = (instant: Date, zone: string) => formatLabDateTime(instant, zone);

export const WeighingRef = builder.objectRef<WeighingRecord>('Weighing').implement({
  description: 'A weighing of a subject (Alyx Weighing), recorded through labgraph.',
  fields: (t) => ({
    registryId: t.exposeInt('id', { description: "The record's number in the registry." }),
    dateTime: t.field({
      type: 'DateTime',
      description: 'When the subject was weighed (lab time zone offset).',
      resolve: (w, _args, ctx) => labTime(w.dateTime, ctx.config.labTimeZone),
    }),
    weightG: t.exposeFloat('weightG', { description: 'Weight in grams, rounded to 4 significant figures.' }),
    user: t.exposeString('username', { description: 'Who weighed the subject.' }),
    createdBy: t.exposeString('createdBy', { description: 'The authenticated caller that recorded it.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was recorded.',
      resolve: (w, _args, ctx) => labTime(w.createdAt, ctx.config.labTimeZone),
    }),
  }),
});

export const WaterAdministrationRef = builder
  .objectRef<WaterAdministrationRecord>('WaterAdministration')
  .implement({
    description: 'Water given to a subject (Alyx WaterAdministration), recorded through labgraph.',
    fields: (t) => ({
      registryId: t.exposeInt('id', { description: "The record's number in the registry." }),
      dateTime: t.field({
        type: 'DateTime',
        description: 'When the water was given (lab time zone offset).',
        resolve: (w, _args, ctx) => labTime(w.dateTime, ctx.config.labTimeZone),
      }),
      volumeMl: t.float({
        nullable: true,
        description: 'Volume in mL, rounded to 4 significant figures; null only for ad-lib water.',
        resolve: (w) => w.volumeMl,
      }),
      adlib: t.exposeBoolean('adlib', { description: 'Ad-lib water (no measured volume needed).' }),
      waterType: t.exposeString('waterType', {
        description: 'The water type, e.g. Water or Water 10% Sucrose.',
      }),
      user: t.exposeString('username', { description: 'Who gave the water.' }),
      session: t.field({
        type: SessionObject,
        nullable: true,
        description: 'The session the water was given in, if any.',
        resolve: async (w, _args, ctx) => {
          if (w.sessionId === null) return null;
          const session = await ctx.loaders.registrySessionById.load(w.sessionId);
          return session
            ? ((await ctx.catalog.snapshot()).sessionById.get(sessionIdOfRecord(session)) ?? null)
            : null;
        },
      }),
      createdBy: t.exposeString('createdBy', { description: 'The authenticated caller that recorded it.' }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was recorded.',
        resolve: (w, _args, ctx) => labTime(w.createdAt, ctx.config.labTimeZone),
      }),
    }),
  });

/** The graph's id of a registry session: `<MID>_<date>`, `_<idx>` when number > 1. */
export function sessionIdOfRecord(session: Pick<SessionRecord, 'subjectMid' | 'date' | 'number'>): string {
  return registeredSessionId(session.subjectMid, session.date, session.number);
}

export const SubjectRegistrationRef = builder.objectRef<SubjectRecord>('SubjectRegistration').implement({
  description: "What labgraph's registry holds about a subject (registerSubject).",
  fields: (t) => ({
    lab: t.exposeString('lab', { description: "The subject's lab." }),
    responsibleUser: t.exposeString('responsibleUser', {
      description: 'The user responsible for the subject.',
    }),
    sex: t.exposeString('sex', { description: 'M, F or U (unknown).' }),
    species: t.exposeString('species', {
      description: 'Species, lower case (e.g. mouse); sets the plausible weight limit.',
    }),
    dateOfBirth: t.field({
      type: 'Date',
      nullable: true,
      description: 'Date of birth.',
      resolve: (s) => s.birthDate,
    }),
    deathDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'Date of death, if dead.',
      resolve: (s) => s.deathDate,
    }),
    strain: t.exposeString('strain', { nullable: true, description: 'Strain, e.g. C57BL/6J.' }),
    genotype: t.exposeString('genotype', { nullable: true, description: 'Genotype as registered.' }),
    projects: t.exposeStringList('projects', { description: 'Projects the subject belongs to.' }),
    createdBy: t.exposeString('createdBy', { description: 'The authenticated caller that registered it.' }),
  }),
});

export const SessionRegistrationRef = builder.objectRef<SessionRecord>('SessionRegistration').implement({
  description: "What labgraph's registry holds about a session (registerSession).",
  fields: (t) => ({
    number: t.exposeInt('number', { description: 'The session number, 1–999 (ALF folder NNN; idx + 1).' }),
    lab: t.exposeString('lab', { description: "The session's lab." }),
    startTime: t.field({
      type: 'DateTime',
      description: 'Start time (lab time zone offset).',
      resolve: (s, _args, ctx) => labTime(s.startTime, ctx.config.labTimeZone),
    }),
    endTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End time, if registered.',
      resolve: (s, _args, ctx) => (s.endTime ? labTime(s.endTime, ctx.config.labTimeZone) : null),
    }),
    type: t.exposeString('type', { description: 'Session type (Alyx), e.g. Experiment.' }),
    taskProtocol: t.exposeString('taskProtocol', {
      nullable: true,
      description: 'Task protocol, e.g. DynamicRouting1.',
    }),
    location: t.exposeString('location', { nullable: true, description: 'Where it ran (rig or room).' }),
    nTrials: t.exposeInt('nTrials', { nullable: true, description: 'Number of trials.' }),
    nCorrectTrials: t.exposeInt('nCorrectTrials', {
      nullable: true,
      description: 'Number of correct trials.',
    }),
    json: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Free-form JSON given at registration.',
      resolve: (s) => s.json,
    }),
    users: t.exposeStringList('users', { description: 'Users who ran the session.' }),
    projects: t.exposeStringList('projects', { description: 'Projects of the session.' }),
    procedures: t.exposeStringList('procedures', { description: 'Procedures done in the session.' }),
    createdBy: t.exposeString('createdBy', {
      description: 'The authenticated caller that first registered it.',
    }),
  }),
});

const TimeBounds = {
  from: { type: 'DateTime', required: false, description: 'Only records at or after this time (inclusive).' },
  to: { type: 'DateTime', required: false, description: 'Only records at or before this time (inclusive).' },
} as const;

const within = (at: Date, args: { from?: Date | null; to?: Date | null }) =>
  (!args.from || at >= args.from) && (!args.to || at <= args.to);

builder.objectFields(SubjectObject, (t) => ({
  registration: t.field({
    type: SubjectRegistrationRef,
    nullable: true,
    description: "What labgraph's registry holds about this subject; null when it was never registered.",
    resolve: (s, _args, ctx) => ctx.loaders.registrySubject.load(s.id),
  }),
  weighings: t.connection({
    type: WeighingRef,
    description: "The subject's weighings recorded through labgraph, newest first.",
    args: { from: t.arg({ ...TimeBounds.from }), to: t.arg({ ...TimeBounds.to }) },
    resolve: async (s, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const rows = (await ctx.loaders.weighings.load(s.id)).filter((w) => within(w.dateTime, args));
      return pageOf(rows, args, (w) => String(w.id), ctx.config.maxPageSize);
    },
  }),
  waterAdministrations: t.connection({
    type: WaterAdministrationRef,
    description: 'Water given to the subject, recorded through labgraph, newest first.',
    args: { from: t.arg({ ...TimeBounds.from }), to: t.arg({ ...TimeBounds.to }) },
    resolve: async (s, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const rows = (await ctx.loaders.waterAdministrations.load(s.id)).filter((w) =>
        within(w.dateTime, args),
      );
      return pageOf(rows, args, (w) => String(w.id), ctx.config.maxPageSize);
    },
  }),
  latestWeight: t.field({
    type: WeighingRef,
    nullable: true,
    description: "The subject's newest weighing, if any.",
    resolve: (s, _args, ctx) => ctx.loaders.latestWeighing.load(s.id),
  }),
  weightLimitG: t.float({
    nullable: true,
    description:
      "Plausible maximum weight in grams for the registered subject's species (LABGRAPH_MAX_WEIGHT_G): recordWeight refuses heavier weighings. Null when the subject is not registered or no limit is set for its species.",
    resolve: async (s, _args, ctx) => {
      const subject = await ctx.loaders.registrySubject.load(s.id);
      return subject ? (weightLimitOf(subject.species, ctx.config.maxWeightG) ?? null) : null;
    },
  }),
}));

builder.objectFields(SessionObject, (t) => ({
  registration: t.field({
    type: SessionRegistrationRef,
    nullable: true,
    description: "What labgraph's registry holds about this session; null when it was never registered.",
    resolve: async (s, _args, ctx) =>
      (await ctx.loaders.registrySessions.load(s.subject)).find(
        (r) => r.date === s.date && r.number === s.idx + 1,
      ) ?? null,
  }),
  alfPath: t.string({
    nullable: true,
    description:
      'ALF session path `<lab>/Subjects/<MID>/<YYYY-MM-DD>/<NNN>` (NNN = idx + 1) for sessions the registry holds (it knows the lab).',
    resolve: async (s, _args, ctx) => {
      const subject = await ctx.loaders.registrySubject.load(s.subject);
      return subject ? alfSessionPath(subject.lab, s.subject, s.date, s.idx + 1) : null;
    },
  }),
}));
