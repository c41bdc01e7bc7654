/** Subject: a mouse, by LabTracks MID, with its sessions and the all-mice sheet's details. */

import type { RequestContext } from '../context.ts';
import { type Disagreement as DisagreementShape, disagreementsOf } from '../domain/subjectFacts.ts';
import { BadUserInputError } from '../errors.ts';
import type { CatalogSubject } from '../services/catalog.ts';
import { type SessionQuery, selectSessions } from '../services/sessionList.ts';
import { genotypeOf, sexOf, subjectFacts } from '../services/subject.ts';
import { builder } from './builder.ts';
import { checkPageArgs, pageOf } from './pagination.ts';
import { SessionObject, SubjectObject } from './refs.ts';
import { DataSource, SessionFilter, SessionOrderEnum } from './session.ts';

const SubjectSexEnum = builder.enumType('SubjectSex', {
  description: "A subject's sex, whichever source's spelling it came in.",
  values: {
    MALE: { description: 'Male (`M`, `Male`).' },
    FEMALE: { description: 'Female (`F`, `Female`).' },
    UNKNOWN: { description: 'No source knows, or the value is neither (the registry’s `U`).' },
  } as const,
});

/** The subject's sessions that meet the query's filter, in its order (newest first by default). */
async function subjectSessions(subject: CatalogSubject, query: SessionQuery, ctx: RequestContext) {
  const snapshot = await ctx.catalog.snapshot();
  const own = subject.sessionIds.map((id) => snapshot.sessionById.get(id)).filter((s) => s !== undefined);
  return selectSessions(own, query, { reads: ctx.loaders, snapshot });
}

const Disagreement = builder.objectRef<DisagreementShape>('SourceDisagreement').implement({
  description: 'A field on which two sources disagree.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The field, e.g. genotype.' }),
    shown: t.exposeString('shown', { description: 'The value labgraph returns.' }),
    shownSource: t.field({
      type: DataSource,
      description: 'Where the shown value comes from.',
      resolve: (d) => d.shownSource,
    }),
    other: t.exposeString('other', { description: 'The other source’s value.' }),
    otherSource: t.field({
      type: DataSource,
      description: 'The source of the other value.',
      resolve: (d) => d.otherSource,
    }),
  }),
});

builder.node(SubjectObject, {
  description: 'A mouse, identified by its LabTracks MID (6–7 digits).',
  id: { resolve: (s) => s.id },
  loadMany: async (ids, ctx) => {
    const { subjectById } = await ctx.catalog.snapshot();
    return ids.map((id) => subjectById.get(id) ?? null);
  },
  fields: (t) => ({
    sessions: t.connection({
      type: SessionObject,
      description: "The subject's sessions, filtered and ordered (newest first by default).",
      args: {
        filter: t.arg({ type: SessionFilter, description: 'Further conditions (subject is implied).' }),
        orderBy: t.arg({
          type: SessionOrderEnum,
          defaultValue: 'DATE_DESC',
          description: 'Order of the list.',
        }),
      },
      resolve: async (subject, args, ctx) => {
        checkPageArgs(args, ctx.config.maxPageSize);
        const selected = await subjectSessions(subject, args, ctx);
        return pageOf(selected, args, (s) => s.id, ctx.config.maxPageSize);
      },
    }),
    latestSession: t.field({
      type: SessionObject,
      nullable: true,
      description:
        "The subject's newest session that meets the filter, as `sessions(first: 1, filter:)` gives it; null when none does. One level shallower than the connection, for lists of subjects.",
      args: {
        filter: t.arg({ type: SessionFilter, description: 'Further conditions (subject is implied).' }),
      },
      resolve: async (subject, args, ctx) => (await subjectSessions(subject, args, ctx))[0] ?? null,
    }),
    genotype: t.string({
      nullable: true,
      description:
        'Genotype: DocDB’s subject record when it has one, else the all-mice sheet (see disagreements).',
      resolve: (s, _args, ctx) => genotypeOf(s, ctx.loaders),
    }),
    sex: t.field({
      type: SubjectSexEnum,
      description:
        'Sex, in one vocabulary whichever source gave it: DocDB (`Male`/`Female`) when it has one, else the registry, else the sheet (`M`/`F`). The source’s own spelling is kept in `disagreements`.',
      resolve: (s, _args, ctx) => sexOf(s, ctx.loaders),
    }),
    dateOfBirth: t.field({
      type: 'Date',
      nullable: true,
      description: 'Date of birth: DocDB when it has one, else the sheet’s `birthdate`.',
      resolve: async (s, _args, ctx) => (await subjectFacts(s, ctx.loaders)).dateOfBirth.value,
    }),
    species: t.string({
      nullable: true,
      description: 'Species (DocDB), e.g. Mus musculus.',
      resolve: async (s, _args, ctx) => (await subjectFacts(s, ctx.loaders)).species.value,
    }),
    disagreements: t.field({
      type: [Disagreement],
      nullable: true,
      description:
        'Fields where DocDB and the training sheet hold different values: which value labgraph shows and what the other source says.',
      resolve: async (s, _args, ctx) => disagreementsOf(await subjectFacts(s, ctx.loaders)),
    }),
    alive: t.boolean({
      nullable: true,
      description: 'Alive, per the all-mice sheet.',
      resolve: (s) => s.training?.alive ?? null,
    }),
    trainer: t.string({
      nullable: true,
      description: 'Who trains the mouse.',
      resolve: (s) => s.training?.trainer ?? null,
    }),
    regimen: t.int({
      nullable: true,
      description: 'Training regimen number.',
      resolve: (s) => s.training?.regimen ?? null,
    }),
    timeouts: t.boolean({
      nullable: true,
      description: 'Trained with timeouts after false alarms.',
      resolve: (s) => s.training?.timeouts ?? null,
    }),
    wheelFixed: t.boolean({
      nullable: true,
      description: 'Running wheel fixed.',
      resolve: (s) => s.training?.wheelFixed ?? null,
    }),
    craniotomy: t.string({
      nullable: true,
      description: 'Craniotomy notes.',
      resolve: (s) => s.training?.craniotomy ?? null,
    }),
    surgeryWeek: t.string({
      nullable: true,
      description: 'Surgery week.',
      resolve: (s) => s.training?.surgeryWeek ?? null,
    }),
    nextTaskVersion: t.string({
      nullable: true,
      description: 'Task version the mouse runs next.',
      resolve: (s) => s.training?.nextTaskVersion ?? null,
    }),
  }),
});

builder.queryFields((t) => ({
  subject: t.field({
    type: SubjectObject,
    nullable: true,
    description: 'A subject by MID; null when no source knows it.',
    args: { id: t.arg.string({ required: true, description: 'LabTracks MID, 6–7 digits.' }) },
    resolve: async (_root, { id }, ctx) => {
      if (!/^\d{6,7}$/.test(id.trim())) {
        throw new BadUserInputError(`subject id ${JSON.stringify(id)} is not a MID`, [
          '6 or 7 digits, e.g. 676909',
        ]);
      }
      const { subjectById } = await ctx.catalog.snapshot();
      return subjectById.get(id.trim()) ?? null;
    },
  }),
  subjects: t.connection({
    type: SubjectObject,
    description: 'Every subject any source knows, by MID.',
    resolve: async (_root, args, ctx) => {
      const { subjects } = await ctx.catalog.snapshot();
      return pageOf(subjects, args, (s) => s.id, ctx.config.maxPageSize);
    },
  }),
}));
