/**
 * Reproducible selections (slapp's select_data with SessionFilters instead of SQL): each query's
 * candidates are the sessions `sessions(filter:)` returns (or their subjects, unit SUBJECT), drawn from
 * with the versioned algorithm of src/domain/selection.ts. `createSelection` stores the full snapshot
 * (candidates, picks, canonical filters and their SHA-256, seed, algorithm, gateway version) so the
 * selection stays reproducible when the lab's data grow; `selectionDrift` says what re-running it on
 * today's data would change.
 */
import { canonicalJson, sha256Hex } from '../domain/canonicalJson.ts';
import { type UserError, userError } from '../domain/registryRules.ts';
import {
  checkPopulations,
  checkSelectionShape,
  DEFAULT_SEED,
  type QueryDrift,
  queryDrift,
  runSelection,
  SELECTION_ALGORITHM,
  type SelectionUnit,
} from '../domain/selection.ts';
import { compileSessionFilter, type SessionFilterInput } from '../domain/sessionFilter.ts';
import { BadUserInputError } from '../errors.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { SelectionInput, SelectionRecord } from '../sources/registry/index.ts';
import {
  type MutationOutcome,
  type RegistryServiceDeps,
  runMutation,
  withoutNulls,
} from './registryWrites.ts';
import { type LookupContext, selectCatalogSessions } from './sessionList.ts';

export interface SelectionQueryInput {
  label?: string | null;
  filter: SessionFilterInput;
  count: number;
}

export interface SelectionRequest {
  comment?: string | null;
  seed?: number | null;
  unit?: SelectionUnit | null;
  dedupeAcrossQueries?: boolean | null;
  queries: readonly SelectionQueryInput[];
}

/** A selection computed but not stored: what selectionPreview answers and createSelection stores. */
export type SelectionDraft = Omit<SelectionInput, 'gatewayVersion' | 'comment'>;

export type DraftOutcome = { draft: SelectionDraft } | { userErrors: UserError[] };

/** A selection's id as the graph shows it: `sel-<n>`. */
export const selectionGraphId = (id: number) => `sel-${id}`;

/** `sel-<n>` → n; null for anything else. */
export function parseSelectionId(id: string): number | null {
  const match = /^sel-([1-9][0-9]{0,8})$/.exec(id.trim());
  return match ? Number(match[1]) : null;
}

/** A filter in the form stored and hashed: canonical JSON without null members. */
export function canonicalFilter(filter: SessionFilterInput): string {
  return canonicalJson(withoutNulls(filter) ?? {});
}

/** INVALID_FILTER for each query whose filter the session list would refuse. */
function filterProblems(queries: readonly SelectionQueryInput[], now: Date): UserError[] {
  return queries.flatMap((query, index) => {
    try {
      compileSessionFilter(query.filter, now);
      return [];
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      return [userError('INVALID_FILTER', `queries.${index}.filter`, error.message)];
    }
  });
}

/** The ids a filter matches today: session ids, or (unit SUBJECT) the MIDs of their subjects. */
export async function candidatesOf(
  filter: SessionFilterInput,
  unit: SelectionUnit,
  lookup: LookupContext,
  now: Date,
): Promise<string[]> {
  const sessions = await selectCatalogSessions({ filter }, lookup, now);
  return unit === 'SUBJECT' ? sessions.map((s) => s.subject) : sessions.map((s) => s.id);
}

/** Checks the request, looks up every query's candidates and draws; stores nothing. */
export async function draftSelection(
  request: SelectionRequest,
  lookup: LookupContext,
  now: Date = new Date(),
): Promise<DraftOutcome> {
  const seed = request.seed ?? DEFAULT_SEED;
  const unit = request.unit ?? 'SESSION';
  const dedupe = request.dedupeAcrossQueries ?? false;
  const invalid = [
    ...checkSelectionShape({ seed, queries: request.queries }),
    ...filterProblems(request.queries, now),
  ];
  if (invalid.length > 0) return { userErrors: invalid };
  const draws = await Promise.all(
    request.queries.map(async (query) => ({
      candidateIds: await candidatesOf(query.filter, unit, lookup, now),
      count: query.count,
    })),
  );
  const tooLarge = checkPopulations(draws);
  if (tooLarge.length > 0) return { userErrors: tooLarge };
  return { draft: assembleDraft(request.queries, draws, { seed, unit, dedupe }) };
}

/**
 * Draws every query from its candidates and assembles what is stored: canonical filters and their
 * SHA-256, the sorted snapshot and the picks. Pure; the caller has checked counts and the seed.
 */
export function assembleDraft(
  queries: readonly SelectionQueryInput[],
  draws: readonly { candidateIds: readonly string[]; count: number }[],
  options: { seed: number; unit: SelectionUnit; dedupe: boolean },
): SelectionDraft {
  const result = runSelection(draws, options.seed, options.dedupe);
  return {
    algorithm: SELECTION_ALGORITHM,
    ...options,
    selectedIds: result.selectedIds,
    queries: queries.map((query, index) => {
      const filter = canonicalFilter(query.filter);
      const drawn = result.queries[index] ?? { candidateIds: [], selectedIds: [] };
      return {
        label: query.label?.trim() || null,
        filter,
        filterSha256: sha256Hex(filter),
        count: query.count,
        candidateIds: drawn.candidateIds,
        selectedIds: drawn.selectedIds,
      };
    }),
  };
}

export interface CreateSelectionInput extends SelectionRequest {
  idempotencyKey?: string | null;
}

/** Stores a new selection (a new one for every call without a key); the result is its id. */
export async function createSelection(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: CreateSelectionInput,
  lookup: LookupContext,
): Promise<MutationOutcome<{ selectionId: number }>> {
  const drafted = await draftSelection(input, lookup, deps.now?.() ?? new Date());
  if ('userErrors' in drafted) return drafted;
  const stored: SelectionInput = {
    ...drafted.draft,
    comment: input.comment ?? '',
    gatewayVersion: deps.gatewayVersion,
  };
  return runMutation(deps, { operation: 'createSelection', caller, input }, async (tx) => ({
    commit: { selectionId: (await tx.insertSelection(stored, caller.user)).id },
  }));
}

export interface UpdateSelectionCommentInput {
  id: string;
  comment: string;
  idempotencyKey?: string | null;
}

/** The one change a stored selection allows. */
export async function updateSelectionComment(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: UpdateSelectionCommentInput,
): Promise<MutationOutcome<{ selectionId: number }>> {
  const id = parseSelectionId(input.id);
  const notFound = [
    userError(
      'SELECTION_NOT_FOUND',
      'id',
      `no stored selection has id ${JSON.stringify(input.id)} (ids look like sel-12)`,
    ),
  ];
  if (id === null) return { userErrors: notFound };
  return runMutation<UpdateSelectionCommentInput, { selectionId: number }>(
    deps,
    { operation: 'updateSelectionComment', caller, input },
    async (tx) =>
      (await tx.updateSelectionComment(id, input.comment))
        ? { commit: { selectionId: id } }
        : { rollback: notFound },
  );
}

export interface SelectionDrift {
  /** True when any query's candidates or picks would differ today. */
  drifted: boolean;
  queries: (QueryDrift & { label: string | null })[];
  /** The whole selection re-run today; null when a query now has fewer candidates than its count. */
  selectedIdsNow: string[] | null;
}

/** What re-running the stored queries on today's data would change (the stored selection never does). */
export async function selectionDrift(
  selection: SelectionRecord,
  lookup: LookupContext,
  now: Date = new Date(),
): Promise<SelectionDrift> {
  const queries = await Promise.all(
    selection.queries.map(async (query) => {
      const filter = JSON.parse(query.filter) as SessionFilterInput;
      const candidates = await candidatesOf(filter, selection.unit, lookup, now);
      return { label: query.label, ...queryDrift(query, candidates, selection.seed) };
    }),
  );
  const picks = queries.map((query) => query.selectedIdsNow);
  const complete = picks.every((ids): ids is string[] => ids !== null);
  const all = complete ? picks.flat() : null;
  return {
    drifted: queries.some(
      (q) => q.selectedChanged || q.addedCandidateIds.length > 0 || q.removedCandidateIds.length > 0,
    ),
    queries,
    selectedIdsNow: all && selection.dedupe ? [...new Set(all)] : all,
  };
}
