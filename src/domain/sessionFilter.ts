/**
 * Session filters as scientists ask for them, compiled once per query into a predicate. Inputs are
 * validated here (bad dates, a date together with a range) so the user gets one clear error.
 */
import { BadUserInputError } from '../errors.ts';
import { ACCEPTED_DATE_FORMS, compileDateRange, parseDateInput } from './dateInput.ts';
import { extractSubject } from './sessionRef.ts';

export interface SessionFilterInput {
  subject?: string | null;
  subjects?: readonly string[] | null;
  project?: string | null;
  date?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  isEphys?: boolean | null;
  isSync?: boolean | null;
}

/** The facts a filter looks at; a fact a session does not have is null (and never matches a value). */
export interface FilterableSession {
  subject: string;
  date: string;
  /** `YYYY-MM-DD HH:MM:SS` when the start time is known, else `YYYY-MM-DD`. */
  datetime: string;
  project: string | null;
  isEphys: boolean | null;
  isSync: boolean | null;
}

const SUBJECT_FORMS = ['a LabTracks MID of 6 or 7 digits, e.g. 676909'];

function readSubject(input: string): string {
  const subject = /^\s*\d{6,7}\s*$/.test(input) ? input.trim() : extractSubject(input);
  if (!subject)
    throw new BadUserInputError(`subject ${JSON.stringify(input)} is not a subject id`, SUBJECT_FORMS);
  return subject;
}

export function compileSessionFilter(
  filter: SessionFilterInput | null | undefined,
  now: Date = new Date(),
): (session: FilterableSession) => boolean {
  if (!filter) return () => true;
  const { date, startDate, endDate } = filter;
  if (date && (startDate || endDate)) {
    throw new BadUserInputError(
      'filter by a specific date or by a range (startDate/endDate), not both',
      ACCEPTED_DATE_FORMS,
    );
  }
  const subjects = new Set(
    [...(filter.subject ? [filter.subject] : []), ...(filter.subjects ?? [])].map(readSubject),
  );
  const day = date ? parseDateInput(date, now) : null;
  const inRange = startDate || endDate ? compileDateRange({ start: startDate, end: endDate }, now) : null;
  const project = filter.project?.trim().toLowerCase() || null;

  return (s) =>
    (subjects.size === 0 || subjects.has(s.subject)) &&
    (day === null || s.date === day) &&
    (inRange === null || inRange(s.datetime)) &&
    (project === null || s.project?.toLowerCase() === project) &&
    (filter.isEphys == null || s.isEphys === filter.isEphys) &&
    (filter.isSync == null || s.isSync === filter.isSync);
}
