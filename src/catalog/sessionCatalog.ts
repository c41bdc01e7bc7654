/**
 * The session catalog: what labgraph knows exists — every session and subject any source reports —
 * merged into one index (src/domain/sessionIndex.ts) and cached with the tracked sheets' TTL.
 * A refresh that fails (a malformed sheet uploaded after startup) keeps serving the last good
 * index and logs why, so a request never crashes on it; the first load must succeed (startup).
 */
import { createCache } from '../cache.ts';
import type { FilterableSession } from '../domain/sessionFilter.ts';
import { buildSessionIndex, type IndexedSession } from '../domain/sessionIndex.ts';
import type { Logger } from '../logger.ts';
import type { Sources } from '../sources/index.ts';
import type { TrackedSession, TrainingSubject } from '../sources/tracked/index.ts';

export type CatalogSession = IndexedSession<TrackedSession>;

export interface CatalogSubject {
  id: string;
  /** The all-mice sheet row, if the subject is in a training workbook. */
  training: TrainingSubject | null;
  /** Session ids, newest first. */
  sessionIds: string[];
}

export interface CatalogSnapshot {
  sessions: CatalogSession[];
  sessionById: ReadonlyMap<string, CatalogSession>;
  subjects: CatalogSubject[];
  subjectById: ReadonlyMap<string, CatalogSubject>;
  loadedAt: Date;
  warnings: string[];
}

export interface SessionCatalog {
  snapshot(): Promise<CatalogSnapshot>;
  /** Loads for the first time; rejects (stopping startup) when a source file is malformed. */
  load(): Promise<CatalogSnapshot>;
  readonly isLoaded: boolean;
}

export function createSessionCatalog(sources: Sources, logger: Logger): SessionCatalog {
  const cache = createCache<CatalogSnapshot>('tracked');
  let lastGood: CatalogSnapshot | null = null;

  const build = async (): Promise<CatalogSnapshot> => {
    const tracked = await sources.tracked.load();
    const sessions = buildSessionIndex(tracked.sessions, []);
    const snapshot = indexSnapshot(sessions, tracked.subjects, tracked.warnings);
    lastGood = snapshot;
    return snapshot;
  };

  return {
    get isLoaded() {
      return lastGood !== null;
    },
    load: () => cache.getOrLoad('snapshot', build),
    async snapshot() {
      try {
        return await cache.getOrLoad('snapshot', build);
      } catch (error) {
        if (!lastGood) throw error;
        logger.error({ err: error }, 'catalog refresh failed; serving the previous snapshot');
        return lastGood;
      }
    },
  };
}

function indexSnapshot(
  sessions: CatalogSession[],
  training: TrainingSubject[],
  warnings: string[],
): CatalogSnapshot {
  const subjectById = new Map<string, CatalogSubject>();
  for (const row of training) subjectById.set(row.id, { id: row.id, training: row, sessionIds: [] });
  for (const session of sessions) {
    let subject = subjectById.get(session.subject);
    if (!subject) {
      subject = { id: session.subject, training: null, sessionIds: [] };
      subjectById.set(session.subject, subject);
    }
    subject.sessionIds.push(session.id);
  }
  return {
    sessions,
    sessionById: new Map(sessions.map((s) => [s.id, s])),
    subjects: [...subjectById.values()].sort((a, b) => a.id.localeCompare(b.id)),
    subjectById,
    loadedAt: new Date(),
    warnings,
  };
}

/** The facts the session filter reads (src/domain/sessionFilter.ts), from whichever source has them. */
export function filterFactsOf(session: CatalogSession): FilterableSession {
  const start = session.tracked?.training?.startTime ?? session.aindStart?.replace('T', ' ') ?? null;
  return {
    subject: session.subject,
    date: session.date,
    datetime: start && start.slice(0, 10) === session.date ? start : session.date,
    project: session.tracked?.project ?? null,
    isEphys: session.tracked?.isEphys ?? (session.aindPlatform ? session.aindPlatform === 'ecephys' : null),
    isSync: session.tracked?.isSync ?? null,
  };
}
