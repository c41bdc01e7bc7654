/**
 * The catalog session a user's reference names — the rule of `Query.session(ref:)`, shared with the
 * export routes: an AIND name found in the catalog wins, else the normalised session id.
 */
import type { CatalogSession, CatalogSnapshot } from '../catalog/sessionCatalog.ts';
import { parseSessionRef } from '../domain/sessionRef.ts';

/** null when no source knows the session; BadUserInputError when the reference cannot be read. */
export function lookupSession(snapshot: CatalogSnapshot, ref: string): CatalogSession | null {
  const parsed = parseSessionRef(ref);
  if (parsed.aind) {
    const aindId = parsed.aind.id;
    const byAindName = snapshot.sessions.find((s) => s.aindNames.includes(aindId));
    if (byAindName) return byAindName;
  }
  return snapshot.sessionById.get(parsed.id) ?? null;
}
