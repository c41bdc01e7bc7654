/**
 * Which of a subject's stim files belong to one session. Pure: works on a listing of the subject's
 * folder and the catalog's sessions of that day.
 *
 * The reference picks files by (subject, date) only (src/sources/objectstore/taskFileSelection.ts).
 * When a subject has several sessions on one day (idx 0, 1…), each file goes to the session whose
 * start time is nearest the file's own start time — if every session of that day has a known start
 * time. Otherwise the day's files stay with its first session (lowest idx), as the reference would
 * have it, and the later sessions get none rather than a copy of someone else's task file.
 */
import {
  type ObjectInfo,
  type SessionStimFiles,
  type StimFile,
  selectSessionStimFiles,
} from '../sources/objectstore/index.ts';

/** A session of the subject on the day in question, as the catalog knows it. */
export interface DaySession {
  id: string;
  idx: number;
  /** `YYYY-MM-DDTHH:MM:SS` lab-local (AIND name or training sheet), or null when unknown. */
  startTime: string | null;
}

export interface SessionOfDay {
  id: string;
  idx: number;
  subject: string;
  /** `YYYY-MM-DD` */
  date: string;
}

const NO_FILES: SessionStimFiles = { taskFile: null, tiedTaskFiles: [], otherStimFiles: [], emptyFiles: [] };

/** The session's stim files; `daySessions` are the catalog sessions of its subject that day. */
export function sessionStimFiles(
  listing: readonly ObjectInfo[],
  session: SessionOfDay,
  daySessions: readonly DaySession[],
  folder: string,
): SessionStimFiles {
  const day = { subject: session.subject, date: session.date };
  const others = daySessions.filter((s) => s.id !== session.id);
  if (others.length === 0) return selectSessionStimFiles(listing, day, { folder });
  const self = daySessions.find((s) => s.id === session.id) ?? { ...session, startTime: null };
  const all = [self, ...others];
  if (all.some((s) => s.startTime === null)) {
    const first = all.reduce((a, b) => (b.idx < a.idx ? b : a));
    return first.id === session.id ? selectSessionStimFiles(listing, day, { folder }) : NO_FILES;
  }
  const mine = listing.filter((info) => {
    const start = fileStartSeconds(info.key);
    return start === null || nearestSession(start, all).id === session.id;
  });
  return selectSessionStimFiles(mine, day, { folder });
}

/** The task file first, then the other stim files by start time. */
export function allStimFiles(files: SessionStimFiles): StimFile[] {
  return files.taskFile ? [files.taskFile, ...files.otherStimFiles] : [...files.otherStimFiles];
}

/** `…_YYYYMMDD_HHMMSS.hdf5` → seconds since midnight of that day, or null when the name has no time. */
function fileStartSeconds(key: string): number | null {
  const match = /_[0-9]{8}_([0-9]{2})([0-9]{2})([0-9]{2})\.hdf5$/.exec(key);
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function secondsOfDay(startTime: string): number {
  const [hh = 0, mm = 0, ss = 0] = startTime.slice(11, 19).split(':').map(Number);
  return hh * 3600 + mm * 60 + ss;
}

/** Nearest start time; ties go to the earlier session (the file started before the later one). */
function nearestSession(fileStart: number, sessions: readonly DaySession[]): DaySession {
  let best = sessions[0] as DaySession;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const s of [...sessions].sort((a, b) => a.idx - b.idx)) {
    const distance = Math.abs(secondsOfDay(s.startTime ?? '') - fileStart);
    if (distance < bestDistance) {
      best = s;
      bestDistance = distance;
    }
  }
  return best;
}
