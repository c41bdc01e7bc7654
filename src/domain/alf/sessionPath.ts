/**
 * ALF session paths `(<lab>/Subjects/)?<subject>/<YYYY-MM-DD>/<NNN>` (ONE's session_path_parts),
 * anywhere at the end of a longer path (the part before is the root of the store).
 * The lab is `[\w-]+`: ONE's `\w+` would cut this lab's name (`dynamic-routing`) to `routing`.
 * Subjects are `[\w.-]+` (Alyx reserves dots for breeding subjects); NNN is 1–3 digits, 001–999.
 */
import { AlfNameError, type AlfOutcome, alfProblem, quoted } from './problems.ts';

export interface AlfSessionPath {
  /** '' when the path has no `<lab>/Subjects/` part. */
  lab: string;
  subject: string;
  /** `YYYY-MM-DD` */
  date: string;
  /** 1–999 (the folder `NNN`). */
  number: number;
}

export interface LocatedSessionPath extends AlfSessionPath {
  /** Whatever came before the session path (`/data/`, `s3://bucket/`), '' when nothing did. */
  root: string;
}

export const LAB_RE = /^[\w-]+$/;
export const SUBJECT_RE = /^[\w.-]+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER_RE = /^\d{1,3}$/;
const MAX_PATH_LENGTH = 1024;

export const ACCEPTED_SESSION_PATH =
  '[<root>/][<lab>/Subjects/]<subject>/<YYYY-MM-DD>/<NNN> with NNN 001–999';

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** Reads a session path; `/001/tutu` or a missing `/001` is not one. Backslashes count as slashes. */
export function parseSessionPath(path: string): AlfOutcome<LocatedSessionPath> {
  const invalid = (why: string) =>
    alfProblem(
      'INVALID_ALF_PATH',
      `${quoted(path)} is not an ALF session path (${why}); accepted: ${ACCEPTED_SESSION_PATH}`,
    );
  if (path.length > MAX_PATH_LENGTH) return invalid(`longer than ${MAX_PATH_LENGTH} characters`);
  const parts = path.replace(/\\/g, '/').replace(/\/+$/, '').split('/');
  if (parts.length < 3) return invalid('it needs subject, date and number folders');
  const [subject, date, numberText] = parts.slice(-3) as [string, string, string];
  if (!NUMBER_RE.test(numberText))
    return invalid(`the last folder ${quoted(numberText)} is not a number NNN`);
  const number = Number(numberText);
  if (number === 0) return invalid('session folders are numbered from 001');
  if (!isIsoDate(date)) return invalid(`${quoted(date)} is not a YYYY-MM-DD date`);
  if (!SUBJECT_RE.test(subject)) return invalid(`${quoted(subject)} is not a subject name [\\w.-]+`);
  const before = parts.slice(0, -3);
  const hasLab = before.length >= 2 && before.at(-1) === 'Subjects' && LAB_RE.test(before.at(-2)!);
  const lab = hasLab ? before.at(-2)! : '';
  const rootParts = hasLab ? before.slice(0, -2) : before;
  const root = rootParts.length > 0 ? `${rootParts.join('/')}/` : '';
  return { value: { root, lab, subject, date, number } };
}

/** `<lab>/Subjects/<subject>/<date>/<NNN>`, or `<subject>/<date>/<NNN>` without a lab. */
export function buildSessionPath(session: AlfSessionPath): string {
  const { lab, subject, date, number } = session;
  if (lab !== '' && !LAB_RE.test(lab)) throw new AlfNameError(`lab ${quoted(lab)} is not [\\w-]+`);
  if (!SUBJECT_RE.test(subject)) throw new AlfNameError(`subject ${quoted(subject)} is not [\\w.-]+`);
  if (!isIsoDate(date)) throw new AlfNameError(`date ${quoted(date)} is not YYYY-MM-DD`);
  if (!Number.isInteger(number) || number < 1 || number > 999)
    throw new AlfNameError(`session number ${number} is outside 1–999`);
  const tail = `${subject}/${date}/${String(number).padStart(3, '0')}`;
  return lab === '' ? tail : `${lab}/Subjects/${tail}`;
}

const EXPERIMENT_REF_RE = /^(\d{4}-\d{2}-\d{2})_(\d{1,3})_([\w.-]+)$/;

/**
 * ONE's experiment reference `<YYYY-MM-DD>_<N>_<subject>`: the number may be padded or not
 * (`2018-07-13_1_flowers` ≡ `2018-07-13_001_flowers`).
 */
export function parseExperimentRef(ref: string): AlfOutcome<AlfSessionPath> {
  const match = EXPERIMENT_REF_RE.exec(ref);
  const number = Number(match?.[2]);
  if (!match || !isIsoDate(match[1]!) || number === 0) {
    return alfProblem(
      'INVALID_ALF_PATH',
      `${quoted(ref)} is not an experiment reference <YYYY-MM-DD>_<N>_<subject> with N 1–999`,
    );
  }
  return { value: { lab: '', subject: match[3]!, date: match[1]!, number } };
}
