/**
 * What a catalog rebuild changed, as entities the response cache drops: a session or subject whose
 * entry differs, by id; when one appeared or went away, the whole type (lists change too).
 */
import type { EntityRef } from '../cache.ts';

/** The part of a catalog snapshot that changes can be told from (catalog.ts's CatalogSnapshot). */
interface Indexed {
  sessionById: ReadonlyMap<string, unknown>;
  subjectById: ReadonlyMap<string, unknown>;
}

export function catalogChanges(previous: Indexed, next: Indexed): EntityRef[] {
  return [
    ...changesOf('Session', previous.sessionById, next.sessionById),
    ...changesOf('Subject', previous.subjectById, next.subjectById),
  ];
}

function changesOf<T>(
  typename: string,
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
): EntityRef[] {
  // Same size and nothing new means nothing went away either.
  let membershipChanged = before.size !== after.size;
  const changed: EntityRef[] = [];
  for (const [id, entry] of after) {
    const old = before.get(id);
    if (old === undefined) membershipChanged = true;
    else if (old !== entry && JSON.stringify(old) !== JSON.stringify(entry)) changed.push({ typename, id });
  }
  return membershipChanged ? [{ typename }] : changed;
}
