/**
 * Session references: whatever string a user has for a session (an AIND name, `MID_YYYY-MM-DD`, a stim
 * file name, a path, an `s3://` URI) → the session key (subject, date, idx) and its normalised id.
 * Rules from npc_session (reference §2): an AIND session name, when present, wins; otherwise the date is
 * the first DATETIME's date (else the first DATE), the subject is the first 6–7 digit run left after
 * blanking every date(+time), and the idx is a trailing `_<n>` left after blanking dates and subjects
 * (so an extension hides it).
 */
import { BadUserInputError } from '../errors.ts';
import { type AindSessionName, locateAindSessionName } from './aindSessionName.ts';
import { blankOutDates, checkInputLength, locateDate, quoteInput } from './dateInput.ts';

export interface SessionKey {
  subject: string;
  /** `YYYY-MM-DD` */
  date: string;
  /** Which session of that subject on that day; 0 for the first (and usually only) one. */
  idx: number;
}

export interface SessionRef extends SessionKey {
  /** Normalised `<MID>_<YYYY-MM-DD>`, plus `_<idx>` only when idx ≠ 0. */
  id: string;
  /** Set when the input contains an AIND session name (raw or derived asset name). */
  aind: AindSessionName | null;
}

/** Human-readable list of accepted session references, listed in every parse error. */
export const ACCEPTED_SESSION_REF_FORMS: readonly string[] = [
  'MID_YYYY-MM-DD[_idx] or MID_YYYYMMDD[_idx], e.g. 670243_2023-05-05 or 366122_20210601_1',
  'MID and date in any order with any text around them, e.g. "2023-05-05 670243" or DRpilot_670243_20230505',
  'a stim file name DynamicRouting1_MID_YYYYMMDD_HHMMSS[.hdf5]',
  'a path (//allen/…, C:\\…) or s3:// URI containing one of these',
  'an ALF session path [lab/Subjects/]MID/YYYY-MM-DD/NNN, e.g. dynamic-routing/Subjects/676909/2023-12-13/002 (NNN = idx + 1)',
  'an AIND session or derived asset name, e.g. ecephys_676909_2023-12-13_13-43-40[_sorted_2024-03-01_16-02-45]',
  'where MID is a 6–7 digit subject ID and the date is YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD in 2016…this year',
];

/** Normalised id of a session key: `<MID>_<YYYY-MM-DD>`, with `_<idx>` only when idx ≠ 0. */
export function sessionIdOf(key: SessionKey): string {
  const base = `${key.subject}_${key.date}`;
  return key.idx === 0 ? base : `${base}_${key.idx}`;
}

const SUBJECT_RE = /(?<!\d)(\d{6,7})(?!\d)/;
/**
 * An ALF session folder, `[<lab>/Subjects/]<MID>/<YYYY-MM-DD>/<NNN>` (ONE's session_path_parts):
 * NNN is the session number, 001 for idx 0.
 */
const ALF_SESSION_RE = /(?:^|[/\\])(\d{6,7})[/\\](\d{4}-\d{2}-\d{2})[/\\](\d{3})(?=[/\\]|$)/;
const ALL_SUBJECTS_RE = /(?<!\d)\d{6,7}(?!\d)/g;
const TRAILING_INDEX_RE = /_(\d+)$/;

/**
 * The subject (MID) in `input`: the AIND name's subject when there is one, else the first 6–7 digit run
 * not touching other digits after every date(+time) is blanked out. Null when there is none.
 */
export function extractSubject(input: string): string | null {
  const aind = locateAindSessionName(input, new Date(Date.UTC(9999, 0, 1)));
  if (aind !== null && 'found' in aind) return aind.found.name.subject;
  return SUBJECT_RE.exec(blankOutDates(input))?.[1] ?? null;
}

/** The session index: a trailing `_<n>` once dates and subjects are blanked out; 0 when absent. */
function extractIndex(text: string): number | null {
  const rest = blankOutDates(text).replace(ALL_SUBJECTS_RE, ' ');
  const digits = TRAILING_INDEX_RE.exec(rest)?.[1];
  if (digits === undefined) return 0;
  const idx = Number(digits);
  return Number.isSafeInteger(idx) ? idx : null;
}

/** Why no subject was found, naming near misses such as 5- or 8-digit numbers. */
function explainMissingSubject(text: string): string {
  const runs = blankOutDates(text).match(/\d{5,}/g) ?? [];
  const nearMiss = runs.find((run) => run.length === 5 || run.length === 8);
  const base = 'no subject ID found (a 6–7 digit MID not touching other digits)';
  return nearMiss ? `${base}; ${nearMiss} has ${nearMiss.length} digits` : base;
}

type Parsed = { ref: SessionRef } | { problem: string };

function parse(input: string, now: Date): Parsed {
  const text = input.trim();
  if (text === '') return { problem: 'it is empty' };
  const aind = locateAindSessionName(text, now);
  if (aind !== null) {
    if ('problem' in aind) return aind;
    // An AIND name is a whole session; two on one day get their idx from the sources, not the name.
    const { subject, date } = aind.found.name;
    const key = { subject, date, idx: 0 };
    return { ref: { ...key, id: sessionIdOf(key), aind: aind.found.name } };
  }
  const dated = locateDate(text, now);
  if ('problem' in dated) return dated;
  const alf = ALF_SESSION_RE.exec(text);
  if (alf && alf[2] === dated.found.date) {
    const number = Number(alf[3]);
    if (number === 0) return { problem: 'ALF session folders are numbered from 001' };
    const key = { subject: alf[1]!, date: dated.found.date, idx: number - 1 };
    return { ref: { ...key, id: sessionIdOf(key), aind: null } };
  }
  const subject = SUBJECT_RE.exec(blankOutDates(text))?.[1];
  if (subject === undefined) return { problem: explainMissingSubject(text) };
  const idx = extractIndex(text);
  if (idx === null) return { problem: 'the session index at the end is too large' };
  const key = { subject, date: dated.found.date, idx };
  return { ref: { ...key, id: sessionIdOf(key), aind: null } };
}

/** Parse any session reference; throws BadUserInputError that says what was wrong and what is accepted. */
export function parseSessionRef(input: string, now: Date = new Date()): SessionRef {
  checkInputLength('session reference', input, ACCEPTED_SESSION_REF_FORMS);
  const parsed = parse(input, now);
  if ('ref' in parsed) return parsed.ref;
  throw new BadUserInputError(
    `Cannot read session reference ${quoteInput(input)}: ${parsed.problem}`,
    ACCEPTED_SESSION_REF_FORMS,
  );
}

/** Like parseSessionRef, but null instead of an error (for scanning names that may not be sessions). */
export function tryParseSessionRef(input: string, now: Date = new Date()): SessionRef | null {
  const parsed = parse(input, now);
  return 'ref' in parsed ? parsed.ref : null;
}
