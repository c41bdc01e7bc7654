/**
 * Session lists as Query.sessions and Subject.sessions serve them: the filter is validated before
 * anything is read; its catalog conditions (tracked sheets, AIND names, dates) run on every
 * candidate with no I/O; its costly checks run stage by stage, cheapest first, on the survivors only
 * (src/loaders/filterFacts.ts batches each stage). Then the order.
 *
 * Cost of a costly filter, beyond the catalog (all cached by the sources' TTLs):
 *   genotypeContains                    one DocDB find for the surviving subjects
 *   isUploaded                          one CodeOcean search per surviving subject, one DocDB find,
 *                                       an S3 existence check per session without a raw asset
 *   isSorted                            one CodeOcean search per surviving subject, the newest sorted
 *                                       asset's `output` file per session
 *   isTask/isOpto/isTraining/isHab,     one object-store listing per surviving subject, each task file
 *   keyword, rig (when no sheet says)   downloaded and read once per process (ETag cache)
 */
import { compileSessionFilter, type SessionFilterInput } from '../domain/sessionFilter.ts';
import { lookupCostlyFact } from '../loaders/filterFacts.ts';
import type { Loaders } from '../loaders/index.ts';
import { type CatalogSession, type CatalogSnapshot, filterFactsOf } from './sessionCatalog.ts';

export type SessionOrder = 'DATE_ASC' | 'DATE_DESC';

export interface SessionQuery {
  filter?: SessionFilterInput | null;
  /** Default DATE_DESC. */
  orderBy?: SessionOrder | null;
}

const byDate: Record<SessionOrder, (a: CatalogSession, b: CatalogSession) => number> = {
  DATE_DESC: (a, b) => b.date.localeCompare(a.date) || a.subject.localeCompare(b.subject) || a.idx - b.idx,
  DATE_ASC: (a, b) => a.date.localeCompare(b.date) || a.subject.localeCompare(b.subject) || a.idx - b.idx,
};

/** The candidates that pass the filter, in the asked order. Throws BadUserInputError before any I/O. */
export async function selectSessions(
  candidates: readonly CatalogSession[],
  query: SessionQuery,
  ctx: { loaders: Loaders; snapshot: CatalogSnapshot },
  now: Date = new Date(),
): Promise<CatalogSession[]> {
  const filter = compileSessionFilter(query.filter, now);
  let survivors = candidates
    .map((session) => ({ session, facts: filterFactsOf(session) }))
    .filter(({ facts }) => filter.matchesCatalog(facts));
  for (const check of filter.costly) {
    const needing = survivors.filter(({ facts }) => check.appliesTo(facts)).map(({ session }) => session);
    const found = await lookupCostlyFact(check.fact, needing, ctx);
    survivors = survivors.filter(
      ({ session, facts }) => !check.appliesTo(facts) || check.matches(facts, found.get(session.id) ?? {}),
    );
  }
  return survivors.map(({ session }) => session).sort(byDate[query.orderBy ?? 'DATE_DESC']);
}
