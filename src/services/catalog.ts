/**
 * The session catalog: what labgraph knows exists — every session and subject any source reports —
 * merged into one index (src/domain/sessionIndex.ts), rebuilt in the background every
 * `config.catalog.refreshMs` (stale-while-revalidate: a request never waits for a rebuild, however
 * slow a source is). A refresh that fails (a malformed sheet uploaded after startup) keeps serving
 * the last good index and logs why; the first load must succeed (startup).
 */
import { createRefreshingValue, type EntityRef } from '../cache.ts';
import type { Config } from '../config.ts';
import { buildSessionIndex, type IndexedSession, withRegisteredSessions } from '../domain/sessionIndex.ts';
import { SESSION_ORDERS } from '../domain/sessionOrder.ts';
import type { UpstreamError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { DataAsset } from '../sources/codeocean/index.ts';
import type { Sources } from '../sources/index.ts';
import type { RegistrySource } from '../sources/registry/index.ts';
import type { TrackedSession, TrainingSubject } from '../sources/tracked/index.ts';
import { catalogChanges } from './catalogChanges.ts';
import { discoverAindSessions, type UpstreamAnswers } from './discovery.ts';

export type CatalogSession = IndexedSession<TrackedSession>;

export interface CatalogSubject {
  id: string;
  /** The all-mice sheet row, if the subject is in a training workbook. */
  training: TrainingSubject | null;
  /** Session ids, newest first. */
  sessionIds: string[];
}

export interface CatalogSnapshot {
  /** Newest first (DATE_DESC). */
  sessions: CatalogSession[];
  /** The same sessions oldest first (DATE_ASC), sorted once per snapshot rather than per request. */
  sessionsAscending: CatalogSession[];
  sessionById: ReadonlyMap<string, CatalogSession>;
  /** The session each AIND session name belongs to (the first in `sessions` that lists it). */
  sessionByAindName: ReadonlyMap<string, CatalogSession>;
  subjects: CatalogSubject[];
  subjectById: ReadonlyMap<string, CatalogSubject>;
  /** CodeOcean assets of every subject in scope, oldest first. */
  assets: DataAsset[];
  warnings: string[];
  /** Sources that could not be read for this snapshot: their sessions are missing until they recover. */
  degraded: UpstreamError[];
  /** When the upstream part of this snapshot finished building (epoch ms). */
  builtAt: number;
}

/** What /metrics reports of the snapshot being served. */
export interface CatalogStats {
  sessions: number;
  subjects: number;
  assets: number;
  degradedSources: number;
  builtAt: number;
}

export interface SessionCatalog {
  /** The last good snapshot; only the very first call (startup) waits for a build. */
  snapshot(): Promise<CatalogSnapshot>;
  /** Loads for the first time; rejects (stopping startup) when a source file is malformed. */
  load(): Promise<CatalogSnapshot>;
  readonly isLoaded: boolean;
  /** A registry write committed: the next snapshot re-reads the registry's sessions and subjects. */
  registryChanged(): void;
  /** Sources the current snapshot had to do without, with the reason (for /readyz). */
  degradedSources(): { source: string; reason: string }[];
  /** Size and age of the snapshot served now, registry included; null before the first load. Starts no load. */
  stats(): CatalogStats | null;
}

export function createSessionCatalog(
  sources: Sources,
  config: Config,
  logger: Logger,
  /** The registry, once open (the gateway opens it at load); without it the catalog is upstream-only. */
  registry?: () => Promise<RegistrySource>,
  /** A rebuild changed these sessions and subjects (the response cache drops what held them). */
  onChanged: (changed: EntityRef[]) => void = () => {},
): SessionCatalog {
  // Each upstream's last good answer stands in for it while it is down, so a rebuild during an outage
  // does not drop the sessions only that upstream knows.
  let lastGood: UpstreamAnswers | undefined;
  const build = async (): Promise<CatalogSnapshot> => {
    // The sheets are parsed while DocDB answers: discovery needs the tracked subjects only for its
    // CodeOcean searches, which come after DocDB's listing.
    const loadingTracked = sources.tracked.load();
    const trackedSubjects = loadingTracked.then((tracked) => [
      ...new Set([...tracked.subjects.map((s) => s.id), ...tracked.sessions.map((s) => s.subject)]),
    ]);
    const found = await discoverAindSessions(sources, trackedSubjects, config.catalog, lastGood);
    const tracked = await loadingTracked;
    lastGood = found.answers;
    const sessions = buildSessionIndex(tracked.sessions, found.sightings);
    for (const outage of found.degraded)
      logger.warn(
        { source: outage.source },
        `catalog without ${outage.source} (its last good answer stands in, if any): ${outage.message}`,
      );
    return {
      ...indexSubjects(sessions, tracked.subjects, found.subjects),
      ...indexSessions(sessions),
      assets: found.assets,
      warnings: tracked.warnings,
      degraded: found.degraded,
      builtAt: Date.now(),
    };
  };

  // Requests never wait for a rebuild: they get the last good snapshot while one rebuild runs in
  // the background. A snapshot missing a source is rebuilt soon, not after the full refresh period.
  const snapshot = createRefreshingValue(build, {
    maxAgeMs: (s) => (s.degraded.length > 0 ? config.catalog.degradedRetryMs : config.catalog.refreshMs),
    onRefreshError: (error) =>
      logger.error({ err: error }, 'catalog refresh failed; serving the previous snapshot'),
    onRefreshed: (previous, next) => {
      const changed = catalogChanges(previous, next);
      if (changed.length > 0) onChanged(changed);
    },
  });

  // The registry's sessions and subjects join every snapshot; a committed registry write makes the
  // next request re-read them (two queries), without rebuilding what the upstreams reported.
  let registryVersion = 0;
  let joined: { base: CatalogSnapshot; version: number; result: Promise<CatalogSnapshot> } | null = null;
  let served: CatalogSnapshot | null = null;
  const withRegistry = async (): Promise<CatalogSnapshot> => {
    const base = await snapshot.get();
    if (!registry) return base;
    if (joined?.base !== base || joined.version !== registryVersion) {
      const result = registry().then((source) => joinRegistry(base, source));
      joined = { base, version: registryVersion, result };
      result.then(
        (value) => {
          served = value;
        },
        () => undefined,
      );
      result.catch(() => {
        if (joined?.result === result) joined = null;
      });
    }
    return joined.result;
  };

  return {
    get isLoaded() {
      return snapshot.current !== null;
    },
    load: withRegistry,
    snapshot: withRegistry,
    registryChanged: () => {
      registryVersion++;
    },
    degradedSources: () =>
      (snapshot.current?.degraded ?? []).map((e) => ({ source: e.source, reason: e.message })),
    stats() {
      const base = snapshot.current;
      if (!base) return null;
      const current = served?.builtAt === base.builtAt ? served : base;
      return {
        sessions: current.sessions.length,
        subjects: current.subjects.length,
        assets: current.assets.length,
        degradedSources: current.degraded.length,
        builtAt: current.builtAt,
      };
    },
  };
}

/** The registry's part of the catalog: its sessions (by number) and subjects. */
async function joinRegistry(base: CatalogSnapshot, registry: RegistrySource): Promise<CatalogSnapshot> {
  const [sessions, subjects] = await Promise.all([registry.sessions(), registry.subjects()]);
  if (sessions.length === 0 && subjects.length === 0) return base;
  const keys = sessions.map((s) => ({ subject: s.subjectMid, date: s.date, idx: s.number - 1 }));
  const merged = withRegisteredSessions(base.sessions, keys);
  const training = base.subjects.flatMap((subject) => (subject.training ? [subject.training] : []));
  const known = new Set([
    ...base.subjects.map((subject) => subject.id),
    ...subjects.map((subject) => subject.mid),
  ]);
  return {
    ...base,
    ...indexSubjects(merged, training, known),
    ...indexSessions(merged),
  };
}

/** The lookups and orders every request uses, built once per snapshot from its sessions (newest first). */
function indexSessions(
  sessions: CatalogSession[],
): Pick<CatalogSnapshot, 'sessions' | 'sessionsAscending' | 'sessionById' | 'sessionByAindName'> {
  const sessionByAindName = new Map<string, CatalogSession>();
  for (const session of sessions) {
    for (const name of session.aindNames)
      if (!sessionByAindName.has(name)) sessionByAindName.set(name, session);
  }
  return {
    sessions,
    sessionsAscending: [...sessions].sort(SESSION_ORDERS.DATE_ASC),
    sessionById: new Map(sessions.map((s) => [s.id, s])),
    sessionByAindName,
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
