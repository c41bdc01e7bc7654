/**
 * Session lists as Query.sessions and Subject.sessions serve them: the filter is validated before
 * anything is read; its catalog conditions (tracked sheets, AIND names, dates) run on every
 * candidate with no I/O; its costly checks run stage by stage, cheapest first, on the survivors only
 * (each stage batched as below). Then the order.
 *
 * `anyOf` branches run after the catalog conditions beside them, each on the sessions no earlier
 * branch matched; the facts they look up are the request's loaders', so a fact two branches need is
 * read once.
 *
 * Cost of a costly filter, beyond the catalog (all cached by the sources' TTLs):
 *   lab, taskProtocol                   one registry query for the surviving subjects' sessions and
 *                                       one for the subjects
 *   hasDataset, datasetQcAtMost         one registry query for the surviving sessions
 *   genotypeContains                    one DocDB find for the surviving subjects
 *   isUploaded                          CodeOcean bulk searches for the surviving subjects, one DocDB find,
 *                                       an S3 existence check per session without a raw asset
 *   isSorted                            CodeOcean bulk searches for the surviving subjects, the newest sorted
 *                                       asset's `output` file per session
 *   isSurfaceChannels                   nothing (the catalog's same-day sessions)
 *   isDlcSide/Eye/Face, isDlc,          CodeOcean bulk searches for the surviving subjects
 *   isFacemap
 *   isAnnotated                         CodeOcean bulk searches for the surviving subjects, one DocDB find
 *                                       for their derived assets
 *   the flags of Session's flag rules   one object-store listing per surviving subject, one DocDB find
 *   (isTask, isOpto, isWildtype…),      and one registry query for their genotypes; each task file
 *   keyword, crossModalityDprime-       downloaded and read once per process (the session's filter
 *   AtLeast, rig and taskVersion        facts are kept by task-file ETag)
 *   (when no sheet says)
 */
import type {
  CompiledSessionFilter,
  CostlyFact,
  CostlyFacts,
  SessionFilterInput,
} from '../domain/sessionFilter.ts';
import { compileSessionFilter } from '../domain/sessionFilter.ts';
import { SESSION_ORDERS, type SessionOrder, withinDays } from '../domain/sessionOrder.ts';
import { UpstreamError } from '../errors.ts';
import { mapWithConcurrency } from '../sources/codeocean/concurrency.ts';
import type { CatalogSession, CatalogSnapshot } from './catalog.ts';
import {
  derivedAssetNames,
  isAnnotated,
  isSurfaceChannels,
  videoProcessingOfSession,
} from './derivedAssets.ts';
import { allOrFirstError, unknownIfInvalid } from './partial.ts';
import type { BatchedRead, RequestReads } from './reads.ts';
import { filterFactsOf, isSorted, isUploaded } from './session.ts';
import { subjectFacts } from './subject.ts';

export type { SessionOrder } from '../domain/sessionOrder.ts';

export interface SessionQuery {
  filter?: SessionFilterInput | null;
  /** Default DATE_DESC. */
  orderBy?: SessionOrder | null;
}

/**
 * Every catalog session passing the filter, in the asked order (Query.sessions, selections, the
 * session-list export). The snapshot keeps its sessions in both orders and a date filter cuts them
 * by binary search, so the catalog conditions run on the sessions of the filter's days only, and
 * nothing is sorted per request. Throws BadUserInputError before any I/O.
 */
export function selectCatalogSessions(
  query: SessionQuery,
  ctx: LookupContext,
  now: Date = new Date(),
): Promise<readonly CatalogSession[]> {
  const order = query.orderBy ?? 'DATE_DESC';
  const ordered = order === 'DATE_ASC' ? ctx.snapshot.sessionsAscending : ctx.snapshot.sessions;
  return selectOrdered(ordered, order, query, ctx, now);
}

/** The candidates (in any order) that pass the filter, in the asked order. Throws BadUserInputError before any I/O. */
export function selectSessions(
  candidates: readonly CatalogSession[],
  query: SessionQuery,
  ctx: LookupContext,
  now: Date = new Date(),
): Promise<readonly CatalogSession[]> {
  const order = query.orderBy ?? 'DATE_DESC';
  return selectOrdered([...candidates].sort(SESSION_ORDERS[order]), order, query, ctx, now);
}

async function selectOrdered(
  ordered: readonly CatalogSession[],
  order: SessionOrder,
  query: SessionQuery,
  ctx: LookupContext,
  now: Date,
): Promise<readonly CatalogSession[]> {
  const filter = compileSessionFilter(query.filter, now);
  if (!query.filter) return ordered;
  const inDays = filter.days ? withinDays(ordered, filter.days, order) : ordered;
  return applyFilter(filter, inDays, ctx);
}

/** The sessions passing the filter, in their order: its catalog conditions, then any of its anyOf branches, then its costly checks. */
async function applyFilter(
  filter: CompiledSessionFilter,
  sessions: readonly CatalogSession[],
  ctx: LookupContext,
): Promise<readonly CatalogSession[]> {
  let survivors = sessions.filter((session) => filter.matchesCatalog(filterFactsOf(session)));
  if (filter.anyOf.length > 0) {
    const matched = new Set<string>();
    let remaining = survivors;
    for (const branch of filter.anyOf) {
      if (remaining.length === 0) break;
      for (const session of await applyFilter(branch, remaining, ctx)) matched.add(session.id);
      remaining = remaining.filter((session) => !matched.has(session.id));
    }
    survivors = survivors.filter((session) => matched.has(session.id));
  }
  for (const check of filter.costly) {
    const needing = survivors.filter((session) => check.appliesTo(filterFactsOf(session)));
    const found = await lookupCostlyFact(check.fact, needing, ctx);
    survivors = survivors.filter((session) => {
      const facts = filterFactsOf(session);
      return !check.appliesTo(facts) || check.matches(facts, found.get(session.id) ?? {});
    });
  }
  return survivors;
}

/*
 * The costly facts a session filter needs (src/domain/sessionFilter.ts), looked up for many sessions
 * at once, with the same rules as the Session fields of the same name. Each lookup first primes the
 * request's loaders with ONE batch for all its sessions — one DocDB find, CodeOcean bulk searches for
 * its subjects, one object-store listing per subject — then reads what exists per session (an asset's
 * `output` file, a task file) at most FACT_LOOKUP_CONCURRENCY at a time.
 *
 * Corrupt data (InvalidDataError, e.g. a truncated task file) make that session's fact null: unknown,
 * so it matches no filter value. An upstream outage fails the lookup: a list silently missing the
 * sessions of an unreachable source would mislead.
 */

/** Per-session reads (S3 objects, task files) in flight at once for one filter. */
export const FACT_LOOKUP_CONCURRENCY = 8;

export interface LookupContext {
  reads: RequestReads;
  snapshot: CatalogSnapshot;
}

type FactLookup<K extends CostlyFact> = (
  sessions: readonly CatalogSession[],
  ctx: LookupContext,
) => Promise<Map<string, CostlyFacts[K]>>;

const distinctSubjects = (sessions: readonly CatalogSession[]) => [
  ...new Set(sessions.map((s) => s.subject)),
];

/** Reads one value per session, concurrency-limited; corrupt data give null. Keyed by session id. */
async function perSession<T>(
  sessions: readonly CatalogSession[],
  read: (session: CatalogSession) => Promise<T>,
): Promise<Map<string, T | null>> {
  const values = await mapWithConcurrency(sessions, FACT_LOOKUP_CONCURRENCY, (session) =>
    unknownIfInvalid(() => read(session)),
  );
  return new Map(sessions.map((s, i) => [s.id, values[i] ?? null]));
}

/**
 * Loads one batch for all keys. An upstream failure fails the lookup at once: DataLoader forgets the
 * keys of a failed batch, so each session would ask the source again, one more full upstream deadline
 * (two in a row outlasted the request deadline and lost the source's name, issue 9 #14).
 */
async function prime<K, V>(read: BatchedRead<K, V>, keys: readonly K[]): Promise<void> {
  const failure = (await read.loadMany(keys)).find((outcome) => outcome instanceof UpstreamError);
  if (failure) throw failure;
}

/** Subject.genotype of each session's subject: one DocDB find for all the subjects. */
const genotype: FactLookup<'genotype'> = async (sessions, { reads, snapshot }) => {
  const subjects = distinctSubjects(sessions);
  await prime(reads.subjectRecord, subjects);
  const bySubject = new Map<string, string | null>();
  for (const id of subjects) {
    const subject = snapshot.subjectById.get(id) ?? { id, training: null, sessionIds: [] };
    bySubject.set(id, (await subjectFacts(subject, reads)).genotype.value);
  }
  return new Map(sessions.map((s) => [s.id, bySubject.get(s.subject) ?? null]));
};

/**
 * The registry's lab and task protocol of each session (Session.registration, else the registry
 * subject's lab, as Session.alfPath): one registry query for the sessions of all the subjects, one
 * for the subjects.
 */
const registration: FactLookup<'registration'> = async (sessions, { reads }) => {
  const subjects = distinctSubjects(sessions);
  await Promise.all([prime(reads.registrySessions, subjects), prime(reads.registrySubject, subjects)]);
  const found = new Map<string, CostlyFacts['registration']>();
  for (const s of sessions) {
    const [registered, subject] = await Promise.all([
      reads.registrySessions.load(s.subject),
      reads.registrySubject.load(s.subject),
    ]);
    const own = registered.find((r) => r.date === s.date && r.number === s.idx + 1);
    const lab = own?.lab ?? subject?.lab ?? null;
    found.set(s.id, own || subject ? { lab, taskProtocol: own?.taskProtocol ?? null } : null);
  }
  return found;
};

/** Sessions without an AIND name were never uploaded: they cost nothing. */
const uploadedOnes = (sessions: readonly CatalogSession[]) => sessions.filter((s) => s.aindNames.length > 0);

/** Session.isUploaded: CodeOcean bulk searches for the subjects, one DocDB find, then S3 checks where no raw asset exists. */
const uploaded: FactLookup<'isUploaded'> = async (sessions, { reads }) => {
  const named = uploadedOnes(sessions);
  await Promise.all([
    prime(reads.subjectAssets, distinctSubjects(named)),
    prime(
      reads.recordByName,
      named.flatMap((s) => s.aindNames),
    ),
  ]);
  return perSession(sessions, (s) => isUploaded(s, reads));
};

/** Session.isSorted: CodeOcean bulk searches for the subjects, then the newest sorted asset's `output` per session. */
const sorted: FactLookup<'isSorted'> = async (sessions, { reads }) => {
  await prime(reads.subjectAssets, distinctSubjects(uploadedOnes(sessions)));
  return perSession(sessions, (s) => isSorted(s, reads));
};

/**
 * Flags, keywords and the task's rig: one listing per subject, one DocDB find and one registry query
 * for the subjects' genotypes, then each session's facts, kept per
 * task-file ETag (src/services/sessionBehaviour.ts): each task file is read once per process.
 */
const behaviour: FactLookup<'behaviour'> = async (sessions, { reads }) => {
  const subjects = distinctSubjects(sessions);
  // The flags need each subject's genotype: one DocDB find and one registry query for all the
  // subjects, not one per batch of sessions. Failures are left to the flags' own outage fallback.
  await Promise.all([
    prime(reads.stimFilesBySession, sessions),
    reads.subjectRecord.loadMany(subjects),
    reads.registrySubject.loadMany(subjects),
  ]);
  return perSession(sessions, (s) => reads.behaviourFilterFactsBySession.load(s));
};

/** Session.isSurfaceChannels: the catalog's same-day sessions, no I/O. */
const surfaceChannels: FactLookup<'surfaceChannels'> = async (sessions, { snapshot }) =>
  new Map(sessions.map((s) => [s.id, isSurfaceChannels(s, snapshot)]));

/** isDlcSide…isFacemap: CodeOcean bulk searches for the subjects, then the derived assets' names. */
const videoProcessing: FactLookup<'videoProcessing'> = async (sessions, { reads }) => {
  await prime(reads.subjectAssets, distinctSubjects(uploadedOnes(sessions)));
  return perSession(sessions, (s) => videoProcessingOfSession(s, reads));
};

/** Session.isAnnotated: CodeOcean bulk searches for the subjects, then one DocDB find for all their derived assets. */
const annotated: FactLookup<'isAnnotated'> = async (sessions, { reads }) => {
  const named = uploadedOnes(sessions);
  await prime(reads.subjectAssets, distinctSubjects(named));
  const names = await Promise.all(named.map((s) => derivedAssetNames(s, reads)));
  await prime(reads.recordByName, names.flat());
  return perSession(sessions, (s) => isAnnotated(s, reads));
};

/** The session's registered datasets: one registry query for all the sessions. */
const datasets: FactLookup<'datasets'> = async (sessions, { reads }) => {
  const rows = allOrFirstError(await reads.datasetsOfSession.loadMany(sessions));
  return new Map(
    sessions.map((s, i) => [
      s.id,
      (rows[i] ?? []).map((d) => ({
        datasetType: d.datasetType,
        qc: d.qc,
        exists: d.fileRecords.some((record) => record.exists),
      })),
    ]),
  );
};

const LOOKUPS: { [K in CostlyFact]: FactLookup<K> } = {
  surfaceChannels,
  registration,
  datasets,
  genotype,
  isUploaded: uploaded,
  isSorted: sorted,
  videoProcessing,
  isAnnotated: annotated,
  behaviour,
};

/** One costly fact for each of `sessions`, keyed by session id. */
async function lookupCostlyFact(
  fact: CostlyFact,
  sessions: readonly CatalogSession[],
  ctx: LookupContext,
): Promise<Map<string, CostlyFacts>> {
  if (sessions.length === 0) return new Map();
  const values: Map<string, CostlyFacts[CostlyFact]> = await LOOKUPS[fact](sessions, ctx);
  return new Map([...values].map(([id, value]) => [id, { [fact]: value } as CostlyFacts]));
}
