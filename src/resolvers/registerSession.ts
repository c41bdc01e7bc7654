/** registerSession: an upsert on (subject, date, number) — see src/services/registrySessions.ts. */
import { alfSessionPath } from '../domain/registryRules.ts';
import { type RegisteredSession, registerSession } from '../services/registrySessions.ts';
import type { JsonValue } from '../sources/registry/index.ts';
import { builder } from './builder.ts';
import {
  calendarDate,
  IDEMPOTENCY_KEY_DESCRIPTION,
  MutationPayloadRef,
  type PayloadShape,
  runAs,
} from './mutationSupport.ts';
import { SessionObject } from './refs.ts';
import { SessionRegistrationRef, sessionIdOfRecord } from './registry.ts';

const RegisterSessionInput = builder.inputType('RegisterSessionInput', {
  description: "A session to register (ONE's register_session): an upsert on (subject, date, number).",
  fields: (t) => ({
    subject: t.string({
      required: true,
      description: 'The subject MID; it must be registered (registerSubject).',
    }),
    date: t.field({
      type: 'Date',
      required: true,
      description: 'The session date, YYYY-MM-DD, in the lab time zone.',
    }),
    number: t.int({
      description:
        'Session number 1–999 (ALF folder NNN). Omitted: the next free one (needs an idempotencyKey).',
    }),
    startTime: t.string({
      description:
        'ISO 8601; without an offset it is read in the lab time zone. Must fall on `date`. Default: midnight of `date`.',
    }),
    endTime: t.string({ description: 'ISO 8601 (naive = lab time zone); after startTime.' }),
    lab: t.string({
      description:
        "The subject's lab (checked: a different lab is LAB_MISMATCH). Default: the subject's lab.",
    }),
    users: t.stringList({ description: 'Users who ran it; every one must exist. Default: the caller.' }),
    projects: t.stringList({ description: 'Projects; every one must exist.' }),
    procedures: t.stringList({
      description: 'Procedures, e.g. "Behavior training/tasks"; every one must exist.',
    }),
    type: t.string({ description: 'Session type (Alyx). Default: Experiment.' }),
    taskProtocol: t.string({ description: 'Task protocol, e.g. DynamicRouting1.' }),
    location: t.string({ description: 'Where it ran (rig or room).' }),
    nTrials: t.int({ description: 'Number of trials (≥ 0).' }),
    nCorrectTrials: t.int({ description: 'Number of correct trials (≥ 0).' }),
    json: t.field({ type: 'JSON', description: 'Free-form JSON kept with the session.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const RegisterSessionPayload = builder
  .objectRef<PayloadShape<RegisteredSession>>('RegisterSessionPayload')
  .implement({
    description: 'The registered session, or why it was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      session: t.field({
        type: SessionObject,
        nullable: true,
        description: 'The session as the graph shows it (session(ref:) finds it by every reference form).',
        resolve: async (p, _args, ctx) =>
          p.value
            ? ((await ctx.catalog.snapshot()).sessionById.get(
                sessionIdOfRecord({ ...p.value, subjectMid: p.value.subject }),
              ) ?? null)
            : null,
      }),
      registration: t.field({
        type: SessionRegistrationRef,
        nullable: true,
        description: 'What the registry now holds about the session.',
        resolve: async (p, _args, ctx) =>
          p.value ? ctx.loaders.registrySessionById.load(p.value.sessionId) : null,
      }),
      created: t.boolean({
        nullable: true,
        description: 'True when this call created the session, false when it updated an existing one.',
        resolve: (p) => p.value?.created ?? null,
      }),
      number: t.int({
        nullable: true,
        description: 'The session number (allocated when omitted).',
        resolve: (p) => p.value?.number ?? null,
      }),
      alfPath: t.string({
        nullable: true,
        description: 'The ALF session path `<lab>/Subjects/<MID>/<YYYY-MM-DD>/<NNN>`.',
        resolve: (p) =>
          p.value ? alfSessionPath(p.value.lab, p.value.subject, p.value.date, p.value.number) : null,
      }),
    }),
  });

builder.mutationField('registerSession', (t) =>
  t.field({
    type: RegisterSessionPayload,
    description: 'Registers a session (scope `write`); an upsert on (subject, date, number).',
    args: { input: t.arg({ type: RegisterSessionInput, required: true, description: 'The session.' }) },
    resolve: (_root, { input }, ctx) =>
      runAs(ctx, 'write', (deps, caller) =>
        registerSession(deps, caller, {
          ...input,
          date: calendarDate(input.date),
          json: (input.json ?? null) as JsonValue | null,
        }),
      ),
  }),
);
