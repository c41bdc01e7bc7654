/**
 * The session catalog: what labgraph knows exists — every session and subject any source reports —
 * merged into one index (src/domain/sessionIndex.ts), rebuilt in the background every
 * `config.catalog.refreshMs` (stale-while-revalidate: a request never waits for a rebuild, however
 * slow a source is). A refresh that fails (a malformed sheet uploaded after startup) keeps serving
 * the last good index and logs why; the first load must succeed (startup).
 */
import { createRefreshingValue } from '../cache.ts';
import type { Config } from '../config.ts';
import { buildSessionIndex, type IndexedSession } from '../domain/sessionIndex.ts';
import type { UpstreamError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { DataAsset } from '../sources/codeocean/index.ts';
import type { Sources } from '../sources/index.ts';
import type { TrackedSession, TrainingSubject } from '../sources/tracked/index.ts';
import { discoverAindSessions } from './discovery.ts';

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
  /** CodeOcean assets of every subject in scope, oldest first. */
  assets: DataAsset[];
  warnings: string[];
  /** Sources that could not be read for this snapshot: their sessions are missing until they recover. */
  degraded: UpstreamError[];
}

export interface SessionCatalog {
  /** The last good snapshot; only the very first call (startup) waits for a build. */
  snapshot(): Promise<CatalogSnapshot>;
  /** Loads for the first time; rejects (stopping startup) when a source file is malformed. */
  load(): Promise<CatalogSnapshot>;
  readonly isLoaded: boolean;
  /** Sources the current snapshot had to do without, with the reason (for /readyz). */
  degradedSources(): { source: string; reason: string }[];
}

export function createSessionCatalog(sources: Sources, config: Config, logger: Logger): SessionCatalog {
  const build = async (): Promise<CatalogSnapshot> => {
    const tracked = await sources.tracked.load();
    const trackedSubjects = [
      ...new Set([...tracked.subjects.map((s) => s.id), ...tracked.sessions.map((s) => s.subject)]),
    ];
    const found = await discoverAindSessions(sources, trackedSubjects, config.catalog);
    const sessions = buildSessionIndex(tracked.sessions, found.sightings);
    for (const outage of found.degraded)
      logger.warn({ source: outage.source }, `catalog without ${outage.source}: ${outage.message}`);
    return {
      ...indexSubjects(sessions, tracked.subjects, found.subjects),
      sessions,
      sessionById: new Map(sessions.map((s) => [s.id, s])),
      assets: found.assets,
      warnings: tracked.warnings,
      degraded: found.degraded,
    };
  };

  // Requests never wait for a rebuild: they get the last good snapshot while one rebuild runs in
  // the background. A snapshot missing a source is rebuilt soon, not after the full refresh period.
  const snapshot = createRefreshingValue(build, {
    maxAgeMs: (s) => (s.degraded.length > 0 ? config.catalog.degradedRetryMs : config.catalog.refreshMs),
    onRefreshError: (error) =>
      logger.error({ err: error }, 'catalog refresh failed; serving the previous snapshot'),
  });

  return {
    get isLoaded() {
      return snapshot.current !== null;
    },
    load: () => snapshot.get(),
    snapshot: () => snapshot.get(),
    degradedSources: () =>
      (snapshot.current?.degraded ?? []).map((e) => ({ source: e.source, reason: e.message })),
  };
}

function indexSubjects(
  sessions: CatalogSession[],
  training: TrainingSubject[],
  upstreamSubjects: ReadonlySet<string>,
): Pick<CatalogSnapshot, 'subjects' | 'subjectById'> {
  const subjectById = new Map<string, CatalogSubject>();
  const subject = (id: string) => {
    let found = subjectById.get(id);
    if (!found) {
      found = { id, training: null, sessionIds: [] };
      subjectById.set(id, found);
    }
    return found;
  };
  for (const row of training) subject(row.id).training = row;
  for (const id of upstreamSubjects) subject(id);
  for (const session of sessions) subject(session.subject).sessionIds.push(session.id);
  return { subjects: [...subjectById.values()].sort((a, b) => a.id.localeCompare(b.id)), subjectById };
}
