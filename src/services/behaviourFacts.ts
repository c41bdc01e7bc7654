/**
 * What the catalog says about a session that its behaviour depends on: its day-mates (for stim-file
 * assignment), tracked kwargs (invalid times, `is_task`), the subject's genotype — and the flags and
 * keywords that combine all of it with the task file (src/domain/sessionFlags.ts).
 */
import type { InvalidTime } from '../domain/epochs.ts';
import {
  computeKeywords,
  computeSessionFlags,
  type SessionFlags,
  type TrackedFlagInput,
} from '../domain/sessionFlags.ts';
import type { SessionTask, SessionTaskOptions } from './behaviour.ts';
import type { CatalogSession, CatalogSnapshot, CatalogSubject } from './catalog.ts';
import type { DaySession } from './stimFiles.ts';

/** The session's start, `YYYY-MM-DDTHH:MM:SS` lab-local, from its AIND name or training-sheet row. */
export function sessionStartTime(session: CatalogSession): string | null {
  const start = session.aindStart ?? session.tracked?.training?.startTime?.replace(' ', 'T') ?? null;
  return start !== null && start.slice(0, 10) === session.date ? start : null;
}

/** Every catalog session of the subject on the session's day (itself included). */
export function daySessionsOf(session: CatalogSession, snapshot: CatalogSnapshot): DaySession[] {
  const ids = snapshot.subjectById.get(session.subject)?.sessionIds ?? [session.id];
  const sessions = ids
    .map((id) => snapshot.sessionById.get(id))
    .filter((s): s is CatalogSession => s !== undefined && s.date === session.date);
  if (!sessions.some((s) => s.id === session.id)) sessions.push(session);
  return sessions.map((s) => ({ id: s.id, idx: s.idx, startTime: sessionStartTime(s) }));
}

/** `session_kwargs.is_task: false` says the session ran no task (e.g. a surface-channel recording). */
export function isTaskDisabled(session: CatalogSession): boolean {
  return session.tracked?.sessionKwargs.is_task === false;
}

/**
 * `session_kwargs.invalid_times` as the YAML writes them: `{ start_time, stop_time, reason }`, stop −1
 * meaning the end of the session. Entries without numeric times are skipped.
 */
export function invalidTimesOf(session: CatalogSession): InvalidTime[] {
  const raw = session.tracked?.sessionKwargs.invalid_times;
  if (!Array.isArray(raw)) return [];
  const times: InvalidTime[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { start_time: start, stop_time: stop, reason } = entry as Record<string, unknown>;
    if (typeof start !== 'number' || typeof stop !== 'number') continue;
    times.push({ startTime: start, stopTime: stop, reason: typeof reason === 'string' ? reason : '' });
  }
  return times;
}

/** What the session adds to its task file's tables. */
export function sessionTaskOptions(session: CatalogSession, genotype: string | null): SessionTaskOptions {
  return {
    invalidTimes: invalidTimesOf(session),
    // The flags' wild-type rule, applied only when the genotype is known.
    isWildtype: genotype === null ? null : computeSessionFlags({ genotype }).isWildtype,
  };
}

export interface BehaviourFacts {
  flags: SessionFlags;
  keywords: string[];
}

/** Flags and keywords; `task` null when the session has no (readable) task file. */
export function behaviourFacts(
  session: CatalogSession,
  subject: CatalogSubject | null,
  genotype: string | null,
  task: SessionTask | null,
): BehaviourFacts {
  const tracked: TrackedFlagInput | null = session.tracked
    ? {
        isEphys: session.tracked.isEphys,
        isSync: session.tracked.isSync,
        project: session.tracked.project,
        sessionKwargs: session.tracked.sessionKwargs,
      }
    : null;
  const flags = computeSessionFlags({
    task: task?.data ?? null,
    performance: task?.performance ?? null,
    tracked,
    genotype,
    subjectInTrainingSheets: subject === null ? null : subject.training !== null,
  });
  const epochTags = task?.epochs.columns.find((c) => c.name === 'tags');
  const keywords = computeKeywords(flags, {
    issues: session.tracked?.issues ?? [],
    epochTags: epochTags?.kind === 'stringList' ? epochTags.values.flat() : [],
    experimentDay: session.tracked?.experimentDay ?? null,
  });
  return { flags, keywords };
}
