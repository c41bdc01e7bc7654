/**
 * The costly facts a session filter needs (src/domain/sessionFilter.ts), looked up for many sessions
 * at once, with the same rules as the Session fields of the same name. Each lookup first primes the
 * request's loaders with ONE batch for all its sessions — one DocDB find, one CodeOcean search per
 * subject, one object-store listing per subject — then reads what exists per session (an asset's
 * `output` file, a task file) at most FACT_LOOKUP_CONCURRENCY at a time.
 *
 * Corrupt data (InvalidDataError, e.g. a truncated task file) make that session's fact null: unknown,
 * so it matches no filter value. An upstream outage fails the lookup: a list silently missing the
 * sessions of an unreachable source would mislead.
 */
import type { CatalogSession, CatalogSnapshot } from '../catalog/sessionCatalog.ts';
import type { BehaviourFilterFacts, CostlyFact, CostlyFacts } from '../domain/sessionFilter.ts';
import { InvalidDataError } from '../errors.ts';
import { mapWithConcurrency } from '../sources/codeocean/concurrency.ts';
import type { Loaders } from './index.ts';
import { isSorted, isUploaded } from './sessionAssets.ts';
import { subjectFacts } from './subjectFacts.ts';

/** Per-session reads (S3 objects, task files) in flight at once for one filter. */
export const FACT_LOOKUP_CONCURRENCY = 8;

interface LookupContext {
  loaders: Loaders;
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
  const values = await mapWithConcurrency(sessions, FACT_LOOKUP_CONCURRENCY, async (session) => {
    try {
      return await read(session);
    } catch (error) {
      if (error instanceof InvalidDataError) return null;
      throw error;
    }
  });
  return new Map(sessions.map((s, i) => [s.id, values[i] ?? null]));
}

/** Subject.genotype of each session's subject: one DocDB find for all the subjects. */
const genotype: FactLookup<'genotype'> = async (sessions, { loaders, snapshot }) => {
  const subjects = distinctSubjects(sessions);
  await loaders.subjectRecord.loadMany(subjects);
  const bySubject = new Map<string, string | null>();
  for (const id of subjects) {
    const subject = snapshot.subjectById.get(id) ?? { id, training: null, sessionIds: [] };
    bySubject.set(id, (await subjectFacts(subject, loaders)).genotype.value);
  }
  return new Map(sessions.map((s) => [s.id, bySubject.get(s.subject) ?? null]));
};

/** Sessions without an AIND name were never uploaded: they cost nothing. */
const uploadedOnes = (sessions: readonly CatalogSession[]) => sessions.filter((s) => s.aindNames.length > 0);

/** Session.isUploaded: one CodeOcean search per subject, one DocDB find, then S3 checks where no raw asset exists. */
const uploaded: FactLookup<'isUploaded'> = async (sessions, { loaders }) => {
  const named = uploadedOnes(sessions);
  await Promise.all([
    loaders.subjectAssets.loadMany(distinctSubjects(named)),
    loaders.recordByName.loadMany(named.flatMap((s) => s.aindNames)),
  ]);
  return perSession(sessions, (s) => isUploaded(s, loaders));
};

/** Session.isSorted: one CodeOcean search per subject, then the newest sorted asset's `output` per session. */
const sorted: FactLookup<'isSorted'> = async (sessions, { loaders }) => {
  await loaders.subjectAssets.loadMany(distinctSubjects(uploadedOnes(sessions)));
  return perSession(sessions, (s) => isSorted(s, loaders));
};

/** Flags, keywords and the task's rig: one listing per subject, then each task file (read once per process). */
const behaviour: FactLookup<'behaviour'> = async (sessions, { loaders }) => {
  await loaders.stimFilesBySession.loadMany(sessions);
  return perSession(sessions, async (s): Promise<BehaviourFilterFacts> => {
    const { flags, keywords } = await loaders.behaviourFactsBySession.load(s);
    const task = await loaders.taskBySession.load(s);
    return {
      isTask: flags.isTask,
      isOpto: flags.isOpto,
      isTraining: flags.isTraining,
      isHab: flags.isHab,
      keywords,
      rigName: task?.data.rigName ?? null,
    };
  });
};

const LOOKUPS: { [K in CostlyFact]: FactLookup<K> } = {
  genotype,
  isUploaded: uploaded,
  isSorted: sorted,
  behaviour,
};

/** One costly fact for each of `sessions`, keyed by session id. */
export async function lookupCostlyFact(
  fact: CostlyFact,
  sessions: readonly CatalogSession[],
  ctx: LookupContext,
): Promise<Map<string, CostlyFacts>> {
  if (sessions.length === 0) return new Map();
  const values: Map<string, CostlyFacts[CostlyFact]> = await LOOKUPS[fact](sessions, ctx);
  return new Map([...values].map(([id, value]) => [id, { [fact]: value } as CostlyFacts]));
}
