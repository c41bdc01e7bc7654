/**
 * The registry's subject records by MID, read once per catalog snapshot and registry change rather
 * than once per request: every session of a page asks for its subject's record (Subject.genotype,
 * sex, date of birth), and one registry query per request was a quarter of a 50-session page's cost.
 *
 * It is as fresh as the catalog's own view of the registry (catalog.ts joins the registry's sessions
 * and subjects the same way): a committed registry write here, or one another replica announces,
 * calls `changed()` (server.ts wires it beside `catalog.registryChanged`), and a catalog rebuild
 * gives a new snapshot; either makes the next lookup re-read the records. A failed read is not kept.
 */
import type { RegistrySource, SubjectRecord } from '../sources/registry/index.ts';
import type { CatalogSnapshot } from './catalog.ts';

export interface RegistrySubjectIndex {
  /** The records of `mids`, in order (null for a MID the registry does not hold). */
  subjects(mids: readonly string[]): Promise<(SubjectRecord | null)[]>;
  /** A registry write committed (here or on another replica): the next lookup re-reads. */
  changed(): void;
}

export function createRegistrySubjectIndex(
  registry: () => Promise<RegistrySource>,
  snapshot: () => Promise<CatalogSnapshot>,
): RegistrySubjectIndex {
  let version = 0;
  let held: {
    snapshot: CatalogSnapshot;
    version: number;
    byMid: Promise<ReadonlyMap<string, SubjectRecord>>;
  } | null = null;

  const current = async (): Promise<ReadonlyMap<string, SubjectRecord>> => {
    const catalog = await snapshot();
    if (held?.snapshot !== catalog || held.version !== version) {
      const byMid = registry()
        .then((source) => source.subjects())
        .then((rows) => new Map(rows.map((row) => [row.mid, row])));
      const entry = { snapshot: catalog, version, byMid };
      held = entry;
      byMid.catch(() => {
        if (held === entry) held = null;
      });
    }
    return held.byMid;
  };

  return {
    async subjects(mids) {
      const byMid = await current();
      return mids.map((mid) => byMid.get(mid) ?? null);
    },
    changed() {
      version++;
    },
  };
}
