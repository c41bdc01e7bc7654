/**
 * Stored selections as the graph shows them (src/services/selections.ts): Selection, its queries and
 * drift, the preview of an unstored one, and Query.selection / selections / selectionPreview.
 */
import type { RequestContext } from '../context.ts';
import { SELECTION_ALGORITHM } from '../domain/selection.ts';
import { BadUserInputError } from '../errors.ts';
import type { CatalogSession } from '../services/catalog.ts';
import {
  draftSelection,
  parseSelectionId,
  type SelectionDraft,
  type SelectionRequest,
  selectionDrift,
  selectionGraphId,
} from '../services/selections.ts';
import type { LookupContext } from '../services/sessionList.ts';
import type { SelectionQueryRecord, SelectionRecord } from '../sources/registry/index.ts';
import { builder } from './builder.ts';
import { checkPageArgs, pageOf } from './pagination.ts';
import { SessionObject } from './refs.ts';
import { UserErrorRef } from './registry.ts';
import { SessionFilter } from './session.ts';

export const lookupContext = async (ctx: RequestContext): Promise<LookupContext> => ({
  reads: ctx.loaders,
  snapshot: await ctx.catalog.snapshot(),
});

export const SelectionUnitEnum = builder.enumType('SelectionUnit', {
  description:
    'What a selection draws: sessions, or subjects (the subjects of the sessions a filter matches).',
  values: {
    SESSION: { description: 'Candidates are session ids (`MID_YYYY-MM-DD`).' },
    SUBJECT: { description: 'Candidates are subject MIDs.' },
  } as const,
});

const SEED_DESCRIPTION =
  'Seed of the generator, an unsigned 32-bit integer 0–4294967295 (a Float in GraphQL, whose Int stops at 2^31 − 1). Default 42.';

const SelectionQueryInput = builder.inputType('SelectionQueryInput', {
  description: 'One query of a selection: draw `count` of the sessions (or subjects) `filter` matches.',
  fields: (t) => ({
    label: t.string({ description: 'A name for the query, e.g. "opto"; Query.selections can filter on it.' }),
    filter: t.field({
      type: SessionFilter,
      required: true,
      description: 'The same filter Query.sessions takes; its matches are the candidates.',
    }),
    count: t.int({ required: true, description: 'How many to draw (0 ≤ count ≤ the candidates).' }),
  }),
});

/** The fields a selection request has, shared by createSelection and selectionPreview. */
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const requestFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  seed: t.float({ defaultValue: 42, description: SEED_DESCRIPTION }),
  unit: t.field({
    type: SelectionUnitEnum,
    defaultValue: 'SESSION',
    description: 'What to draw. Default SESSION.',
  }),
  dedupeAcrossQueries: t.boolean({
    defaultValue: false,
    description:
      'Skip ids an earlier query already picked when concatenating (each query still draws its count).',
  }),
  queries: t.field({ type: [SelectionQueryInput], required: true, description: 'The queries, in order.' }),
});

export const SelectionPreviewInput = builder.inputType('SelectionPreviewInput', {
  description: 'A selection to compute without storing it.',
  fields: requestFields,
});

export { requestFields };

const SelectionQueryRef = builder.objectRef<SelectionQueryRecord>('SelectionQuery').implement({
  description: 'One query of a selection as it was run: its canonical filter, candidate snapshot and picks.',
  fields: (t) => ({
    label: t.exposeString('label', { nullable: true, description: 'The name given to the query.' }),
    filter: t.exposeString('filter', {
      description:
        'The SessionFilter as canonical JSON (keys sorted, no whitespace, nulls left out; enum values as stored, e.g. trackedPlatform "ephys").',
    }),
    filterSha256: t.exposeString('filterSha256', { description: 'SHA-256 (hex) of `filter`’s UTF-8 bytes.' }),
    count: t.exposeInt('count', { description: 'How many were drawn.' }),
    candidateIds: t.exposeStringList('candidateIds', {
      description: 'Every candidate when the selection was made, sorted (the snapshot the draw used).',
    }),
    selectedIds: t.exposeStringList('selectedIds', { description: 'The picks, in draw order.' }),
  }),
});

const sessionsOf = async (selection: SelectionDraft, ctx: RequestContext): Promise<CatalogSession[]> => {
  const { sessionById, subjectById } = await ctx.catalog.snapshot();
  const ids = [...new Set(selection.selectedIds)];
  const sessionIds =
    selection.unit === 'SESSION' ? ids : ids.flatMap((mid) => subjectById.get(mid)?.sessionIds ?? []);
  return sessionIds.flatMap((id) => sessionById.get(id) ?? []);
};

/** What a stored selection and a preview share. */
const SelectionContentRef = builder.interfaceRef<SelectionDraft>('SelectionContent').implement({
  description: 'A computed selection: the algorithm, seed, queries and picks (stored or previewed).',
  fields: (t) => ({
    algorithm: t.exposeString('algorithm', {
      description: `The versioned selection algorithm (today ${SELECTION_ALGORITHM}; README "Selections" spells it out).`,
    }),
    seed: t.exposeFloat('seed', { description: 'The seed, 0–4294967295.' }),
    unit: t.field({ type: SelectionUnitEnum, description: 'What was drawn.', resolve: (s) => s.unit }),
    dedupeAcrossQueries: t.exposeBoolean('dedupe', {
      description: 'Whether ids already picked by an earlier query were skipped.',
    }),
    queries: t.field({
      type: [SelectionQueryRef],
      description: 'The queries, in order.',
      resolve: (s) => s.queries,
    }),
    selectedIds: t.exposeStringList('selectedIds', {
      description: 'Every query’s picks concatenated in query order (without repeats when deduplicated).',
    }),
    sessions: t.field({
      type: [SessionObject],
      description:
        'The selected sessions as graph nodes, in selection order (unit SUBJECT: the sessions the catalog knows today of the selected subjects). Ids no source knows any more are left out.',
      resolve: (s, _args, ctx) => sessionsOf(s, ctx),
    }),
  }),
});

export const SelectionPreviewRef = builder.objectRef<SelectionDraft>('SelectionPreview').implement({
  description: 'A selection computed by selectionPreview: what createSelection would store now.',
  interfaces: [SelectionContentRef],
  isTypeOf: (value) => !('id' in (value as object)),
});

const QueryDriftRef = builder
  .objectRef<Awaited<ReturnType<typeof selectionDrift>>['queries'][number]>('SelectionQueryDrift')
  .implement({
    description: 'How one query would differ if run on today’s data.',
    fields: (t) => ({
      label: t.exposeString('label', { nullable: true, description: 'The query’s label.' }),
      addedCandidateIds: t.exposeStringList('addedCandidateIds', {
        description: 'Candidates today that the snapshot lacks (sorted).',
      }),
      removedCandidateIds: t.exposeStringList('removedCandidateIds', {
        description: 'Snapshot candidates the filter no longer matches (sorted).',
      }),
      selectedIdsNow: t.exposeStringList('selectedIdsNow', {
        nullable: true,
        description: 'What the query would pick today; null when it now has fewer candidates than its count.',
      }),
      selectedChanged: t.exposeBoolean('selectedChanged', {
        description: 'Whether today’s picks differ from the stored ones.',
      }),
    }),
  });

const SelectionDriftRef = builder
  .objectRef<Awaited<ReturnType<typeof selectionDrift>>>('SelectionDrift')
  .implement({
    description:
      'What re-running a stored selection on today’s data would change. The stored selection itself never changes.',
    fields: (t) => ({
      drifted: t.exposeBoolean('drifted', {
        description: 'True when any query’s candidates or picks differ today.',
      }),
      queries: t.field({
        type: [QueryDriftRef],
        description: 'Per query, in order.',
        resolve: (d) => d.queries,
      }),
      selectedIdsNow: t.exposeStringList('selectedIdsNow', {
        nullable: true,
        description: 'The whole selection re-run today; null when some query could not draw its count.',
      }),
    }),
  });

export const SelectionRef = builder.objectRef<SelectionRecord>('Selection').implement({
  interfaces: [SelectionContentRef],
  isTypeOf: (value) => 'id' in (value as object),
  description:
    'A stored, reproducible selection (slapp’s experiment_selection): immutable except its comment. Its candidate snapshot, seed and algorithm reproduce the picks in any language (README "Selections").',
  fields: (t) => ({
    id: t.string({ description: 'The selection’s id, `sel-<n>`.', resolve: (s) => selectionGraphId(s.id) }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was stored (UTC).',
      resolve: (s) => s.createdAt.toISOString(),
    }),
    createdBy: t.exposeString('createdBy', { description: 'The authenticated caller that stored it.' }),
    gatewayVersion: t.exposeString('gatewayVersion', { description: 'labgraph’s version that computed it.' }),
    comment: t.exposeString('comment', { description: 'Free text; the only part that can change.' }),
    drift: t.field({
      type: SelectionDriftRef,
      description:
        'Re-runs every query’s filter on today’s data and compares (costs what the filters cost in Query.sessions).',
      resolve: async (s, _args, ctx) => selectionDrift(s, await lookupContext(ctx)),
    }),
  }),
});

const SelectionListFilter = builder.inputType('SelectionListFilter', {
  description: 'Narrows Query.selections; all given conditions must hold.',
  fields: (t) => ({
    createdBy: t.string({ description: 'Stored by this caller.' }),
    label: t.string({ description: 'Has a query with exactly this label.' }),
    from: t.field({ type: 'DateTime', description: 'Stored at or after this instant.' }),
    to: t.field({ type: 'DateTime', description: 'Stored at or before this instant.' }),
  }),
});

const SelectionPreviewResult = builder
  .objectRef<{ preview: SelectionDraft | null; userErrors: { code: string }[] }>('SelectionPreviewResult')
  .implement({
    description: 'The selection createSelection would store now, or why the input is refused.',
    fields: (t) => ({
      preview: t.field({
        type: SelectionPreviewRef,
        nullable: true,
        description: 'The computed selection; null when userErrors is not empty.',
        resolve: (r) => r.preview,
      }),
      userErrors: t.field({
        type: [UserErrorRef],
        description: 'Why the input was refused, with the same codes as createSelection.',
        resolve: (r) => r.userErrors as never,
      }),
    }),
  });

const instant = (value: Date | string | null | undefined): Date | null =>
  value == null ? null : value instanceof Date ? value : new Date(value);

builder.queryFields((t) => ({
  selection: t.field({
    type: SelectionRef,
    nullable: true,
    description: 'A stored selection by id (`sel-<n>`); null when there is none.',
    args: { id: t.arg.string({ required: true, description: 'The selection id, e.g. sel-1.' }) },
    resolve: (_root, { id }, ctx) => {
      const number = parseSelectionId(id);
      if (number === null) {
        throw new BadUserInputError(`${JSON.stringify(id)} is not a selection id`, ['sel-<n>, e.g. sel-1']);
      }
      return ctx.loaders.selectionById.load(number);
    },
  }),
  selections: t.connection({
    type: SelectionRef,
    description: 'Stored selections, newest first. Cursors are selection ids.',
    args: { filter: t.arg({ type: SelectionListFilter, description: 'Conditions every selection meets.' }) },
    resolve: async (_root, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const registry = (await ctx.registryDeps()).registry;
      const rows = await registry.listSelections({
        createdBy: args.filter?.createdBy,
        label: args.filter?.label,
        from: instant(args.filter?.from),
        to: instant(args.filter?.to),
      });
      for (const row of rows) ctx.loaders.selectionById.prime(row.id, row);
      return pageOf(rows, args, (s) => selectionGraphId(s.id), ctx.config.maxPageSize);
    },
  }),
  selectionPreview: t.field({
    type: SelectionPreviewResult,
    description: 'Runs the selection algorithm on today’s data without storing anything.',
    args: { input: t.arg({ type: SelectionPreviewInput, required: true, description: 'The selection.' }) },
    resolve: async (_root, { input }, ctx) => {
      const outcome = await draftSelection(input as SelectionRequest, await lookupContext(ctx));
      return 'draft' in outcome
        ? { preview: outcome.draft, userErrors: [] }
        : { preview: null, userErrors: outcome.userErrors };
    },
  }),
}));
