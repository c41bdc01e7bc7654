/**
 * One index of sessions from everything the sources report. A session is one (subject, date, idx);
 * its id never depends on which source reported it first. AIND session names (from CodeOcean asset
 * names and DocDB record names) attach to the session of their subject and day; two AIND sessions of
 * one subject on one day get idx 0, 1, … by start time (DESIGN.md, session identity).
 */
import { SESSION_ORDERS } from './sessionOrder.ts';
import { type SessionKey, sessionIdOf } from './sessionRef.ts';

export type SourceKind = 'tracked' | 'codeocean' | 'docdb' | 'registry';

/** The AIND view of a session: `{platform}_{MID}_{YYYY-MM-DD}_{HH-MM-SS}`. */
export interface AindSighting {
  /** Normalised AIND session name. */
  name: string;
  platform: string;
  subject: string;
  date: string;
  /** HH:MM:SS */
  time: string;
  source: Exclude<SourceKind, 'tracked' | 'registry'>;
}

export interface IndexedSession<T> extends SessionKey {
  id: string;
  /** What the tracked sheets say (YAML entry or training-sheet row), if anything. */
  tracked: T | null;
  /** AIND session names of this session (normally one), earliest first. */
  aindNames: string[];
  aindPlatform: string | null;
  /** Start time from the AIND name, `YYYY-MM-DDTHH:MM:SS` local, when known. */
  aindStart: string | null;
  knownTo: SourceKind[];
}

/**
 * Merges tracked sessions (already keyed) with AIND sightings. Sorted by date descending, then
 * subject, then idx — the order the reference lists sessions in.
 */
export function buildSessionIndex<T extends SessionKey>(
  tracked: readonly T[],
  sightings: readonly AindSighting[],
): IndexedSession<T>[] {
  const byId = new Map<string, IndexedSession<T>>();
  const entry = (key: SessionKey): IndexedSession<T> => {
    const id = sessionIdOf(key);
    let found = byId.get(id);
    if (!found) {
      found = { ...key, id, tracked: null, aindNames: [], aindPlatform: null, aindStart: null, knownTo: [] };
      byId.set(id, found);
    }
    return found;
  };
  const mark = (session: IndexedSession<T>, source: SourceKind) => {
    if (!session.knownTo.includes(source)) session.knownTo.push(source);
  };

  for (const t of tracked) {
    const session = entry({ subject: t.subject, date: t.date, idx: t.idx });
    session.tracked ??= t;
    mark(session, 'tracked');
  }

  const idxOf = rankWithinDay(sightings);
  for (const sighting of sightings) {
    const session = entry({
      subject: sighting.subject,
      date: sighting.date,
      idx: idxOf.get(sighting.name) ?? 0,
    });
    if (!session.aindNames.includes(sighting.name)) session.aindNames.push(sighting.name);
    session.aindPlatform ??= sighting.platform;
    session.aindStart ??= `${sighting.date}T${sighting.time}`;
    mark(session, sighting.source);
  }

  return [...byId.values()].sort(SESSION_ORDERS.DATE_DESC);
}

/** idx of each distinct AIND session name: its rank by start time among its subject's sessions that day. */
function rankWithinDay(sightings: readonly AindSighting[]): Map<string, number> {
  const days = new Map<string, Map<string, string>>(); // subject_date → name → time
  for (const s of sightings) {
    const key = `${s.subject}_${s.date}`;
    const day = days.get(key) ?? new Map<string, string>();
    days.set(key, day.set(s.name, s.time));
  }
  const idx = new Map<string, number>();
  for (const day of days.values()) {
    [...day.entries()]
      .sort(([, a], [, b]) => a.localeCompare(b))
      .forEach(([name], rank) => {
        idx.set(name, rank);
      });
  }
  return idx;
}

/**
 * Adds the sessions our registry holds (registered by number: idx = number − 1) to an index:
 * known ones gain `registry` in knownTo, new ones join; the index order is kept. Pure: returns new
 * entries, never changes the ones given.
 */
export function withRegisteredSessions<T>(
  index: readonly IndexedSession<T>[],
  registered: readonly SessionKey[],
): IndexedSession<T>[] {
  const byId = new Map(index.map((session) => [session.id, session]));
  for (const key of registered) {
    const id = sessionIdOf(key);
    const known = byId.get(id);
    if (known?.knownTo.includes('registry')) continue;
    byId.set(
      id,
      known
        ? { ...known, knownTo: [...known.knownTo, 'registry'] }
        : {
            ...key,
            id,
            tracked: null,
            aindNames: [],
            aindPlatform: null,
            aindStart: null,
            knownTo: ['registry'],
          },
    );
  }
  return [...byId.values()].sort(SESSION_ORDERS.DATE_DESC);
}
