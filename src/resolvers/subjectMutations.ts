/** registerSubject and the reference-data upserts (admin) — see src/services/registrySubjects.ts. */
import { type ReferenceUpsert, registerSubject, upsertReference } from '../services/registrySubjects.ts';
import { builder } from './builder.ts';
import {
  calendarDate,
  IDEMPOTENCY_KEY_DESCRIPTION,
  MutationPayloadRef,
  type PayloadShape,
  runAs,
} from './mutationSupport.ts';
import { SubjectObject } from './refs.ts';
import { SubjectRegistrationRef } from './registry.ts';

const Sex = builder.enumType('Sex', {
  description: 'Sex of a subject, as Alyx records it.',
  values: {
    M: { description: 'Male.' },
    F: { description: 'Female.' },
    U: { description: 'Unknown.' },
  } as const,
});

const RegisterSubjectInput = builder.inputType('RegisterSubjectInput', {
  description: 'A subject to register (once per MID).',
  fields: (t) => ({
    mid: t.string({ required: true, description: 'LabTracks MID, 6–7 digits.' }),
    lab: t.string({ required: true, description: 'The lab; must exist.' }),
    responsibleUser: t.string({ description: 'Responsible user; must exist. Default: the caller.' }),
    sex: t.field({ type: Sex, required: true, description: 'Sex.' }),
    species: t.string({ description: 'Species (default mouse); sets the plausible weight limit.' }),
    dateOfBirth: t.field({ type: 'Date', description: 'Date of birth.' }),
    deathDate: t.field({
      type: 'Date',
      description: 'Date of death (not before birth); water after it is refused.',
    }),
    strain: t.string({ description: 'Strain, e.g. C57BL/6J.' }),
    genotype: t.string({ description: 'Genotype.' }),
    projects: t.stringList({ description: 'Projects; every one must exist.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const RegisterSubjectPayload = builder
  .objectRef<PayloadShape<{ mid: string }>>('RegisterSubjectPayload')
  .implement({
    description: 'The registered subject, or why it was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      subject: t.field({
        type: SubjectObject,
        nullable: true,
        description: 'The subject as the graph shows it.',
        resolve: async (p, _args, ctx) =>
          p.value ? ((await ctx.catalog.snapshot()).subjectById.get(p.value.mid) ?? null) : null,
      }),
      registration: t.field({
        type: SubjectRegistrationRef,
        nullable: true,
        description: 'What the registry now holds about the subject.',
        resolve: (p, _args, ctx) => (p.value ? ctx.loaders.registrySubject.load(p.value.mid) : null),
      }),
    }),
  });

builder.mutationField('registerSubject', (t) =>
  t.field({
    type: RegisterSubjectPayload,
    description: 'Registers a subject (scope `write`).',
    args: { input: t.arg({ type: RegisterSubjectInput, required: true, description: 'The subject.' }) },
    resolve: (_root, { input }, ctx) =>
      runAs(ctx, 'write', (deps, caller) =>
        registerSubject(deps, caller, {
          ...input,
          dateOfBirth: calendarDate(input.dateOfBirth),
          deathDate: calendarDate(input.deathDate),
        }),
      ),
  }),
);

const ReferencePayload = builder
  .objectRef<PayloadShape<{ name: string }>>('UpsertReferencePayload')
  .implement({
    description: 'The reference record written (by its name), or why it was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      name: t.string({
        nullable: true,
        description: 'The name (username for users) now in the registry.',
        resolve: (p) => p.value?.name ?? null,
      }),
    }),
  });

/** One admin upsert mutation per reference table; `key` is the unique name field. */
function referenceMutation<K extends ReferenceUpsert['kind']>(
  mutation: string,
  kind: K,
  what: string,
  extraFields: Record<string, string>,
) {
  const key = kind === 'users' ? 'username' : 'name';
  const Input = builder.inputType(`${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`, {
    description: `${what} to create or update, by its unique ${key}.`,
    fields: (t) => ({
      [key]: t.string({ required: true, description: `Unique ${key}.` }),
      ...Object.fromEntries(
        Object.entries(extraFields).map(([field, description]) => [field, t.string({ description })]),
      ),
      idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    }),
  });
  builder.mutationField(mutation, (t) =>
    t.field({
      type: ReferencePayload,
      description: `Creates or updates ${what.toLowerCase()} (scope \`admin\`).`,
      args: { input: t.arg({ type: Input, required: true, description: what }) },
      resolve: (_root, { input }, ctx) => {
        const { idempotencyKey, ...fields } = input as Record<string, string | null | undefined>;
        const upsert = { kind, input: fields, idempotencyKey } as ReferenceUpsert & {
          idempotencyKey?: string | null;
        };
        return runAs(ctx, 'admin', (deps, caller) => upsertReference(deps, caller, upsert));
      },
    }),
  );
}

referenceMutation('upsertUser', 'users', 'A user', {
  email: 'Email address.',
  firstName: 'First name.',
  lastName: 'Last name.',
});
referenceMutation('upsertLab', 'labs', 'A lab', {
  institution: 'Institution.',
  timezone: 'IANA time zone of the lab.',
});
referenceMutation('upsertProject', 'projects', 'A project', { description: 'What the project is.' });
referenceMutation('upsertProcedure', 'procedures', 'A procedure', { description: 'What the procedure is.' });
referenceMutation('upsertWaterType', 'water_types', 'A water type', { description: 'What the water is.' });
referenceMutation('upsertDataRepository', 'data_repositories', 'A data repository', {
  dataUrl: 'Base URL of the repository, e.g. s3://bucket/.',
});
