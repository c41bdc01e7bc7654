/**
 * Dates and datetimes typed by users (the `date`, `startDate`, `endDate` filters) and the date pieces
 * shared by session references and AIND names. Rules from npc_session: a date is YEAR, MONTH, DAY with
 * an optional `-` or `/` between each; a datetime is a date, ONE non-digit, then HH MM SS with an
 * optional `-`, `:` or `.` between each. A date must be a real calendar day in 2016…current year.
 * Pure: `now` is a parameter so the year bound is testable.
 */
import { BadUserInputError } from '../errors.ts';

/** The reference accepts 2015 < year ≤ current year. */
const FIRST_VALID_YEAR = 2016;

const YEAR = '(20[12]\\d)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[12]\\d|3[01])';
const DATE = `${YEAR}[-/]?${MONTH}[-/]?${DAY}`;
/**
 * A time ends where its digits end: never carved out of a longer digit run, so the first six digits of
 * a 7-digit MID written after a date (`2025-01-17 1012345`) are not read as 10:12:34.
 */
const TIME = '([01]\\d|2[0-3])[-:.]?([0-5]\\d)[-:.]?([0-5]\\d)(?:\\.\\d{1,6})?(?!\\d)';

const DATETIME_RE = new RegExp(`${DATE}\\D${TIME}`);
const DATE_RE = new RegExp(DATE);
const DATE_OPTIONAL_TIME_RE = new RegExp(`${DATE}(?:\\D${TIME})?`, 'g');
/** A time written with separators right after a date; when the strict pattern missed it, it is invalid. */
const SEPARATED_TIME_RE = /^\D(\d\d)[-:.](\d\d)[-:.](\d\d)(?!\d)/;
/** Date-shaped digits the strict pattern rejected: used only to explain what is wrong. */
const LOOSE_DATE_RE = /(?<!\d)((?:19|20)\d\d)([-/._ ]?)(\d\d)([-/._ ]?)(\d\d)(?!\d)/;
/** `YYYYMMDDHHMMSS` with nothing around it (deliberate: the reference silently drops this time). */
const COMPACT_TIME_RE = /^(\d\d)(\d\d)(\d\d)(?!\d)/;
/** `… HH:MM` without seconds (deliberate: the reference silently turns this into midnight). */
const MINUTES_TIME_RE = /^\D(\d\d):(\d\d)(?![\d:])/;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Human-readable list of what the date filters accept; shown in every date error. */
export const ACCEPTED_DATE_FORMS: readonly string[] = [
  'YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD (year 2016 to this year)',
  'a datetime: YYYY-MM-DD HH:MM:SS, YYYY-MM-DDTHH:MM:SS[.ffffff][+zone] (zone ignored), YYYYMMDD_HHMMSS, YYYYMMDDHHMMSS or YYYY-MM-DD HH:MM',
  'any text containing one of these, e.g. an AIND session name ecephys_676909_2023-12-13_13-43-40',
];

/** A date (and the time written right after it, if any) found in some text. */
export interface LocatedDate {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM:SS`, or null when no time follows the date. */
  time: string | null;
  /** Where the date starts in the text and how long date (+time) are. */
  index: number;
  length: number;
}

/** Either the first date in the text or the reason there is none that we accept. */
export type DateSearch = { found: LocatedDate } | { problem: string };

/** The latest acceptable year: anywhere on Earth it may already be next year in UTC terms, so take the later. */
export function currentYear(now: Date): number {
  return Math.max(now.getFullYear(), now.getUTCFullYear());
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why year-month-day is not an acceptable session date, or null when it is. */
export function dateProblem(year: number, month: number, day: number, now: Date): string | null {
  if (month < 1 || month > 12) return `month ${pad2(month)} is not a month (01–12)`;
  if (day < 1 || day > 31) return `day ${pad2(day)} is not a day of a month (01–31)`;
  const lastDay = daysInMonth(year, month);
  if (day > lastDay) {
    return `${year}-${pad2(month)}-${pad2(day)} is not a calendar date: ${MONTH_NAMES[month - 1]} ${year} has ${lastDay} days`;
  }
  const latest = currentYear(now);
  if (year < FIRST_VALID_YEAR || year > latest)
    return `year ${year} is outside ${FIRST_VALID_YEAR}–${latest}`;
  return null;
}

/** Why hour:minute:second is not a time of day, or null when it is. */
export function timeProblem(hour: number, minute: number, second: number): string | null {
  if (hour > 23) return `hour ${pad2(hour)} is not an hour (00–23)`;
  if (minute > 59) return `minute ${pad2(minute)} is not a minute (00–59)`;
  if (second > 59) return `second ${pad2(second)} is not a second (00–59)`;
  return null;
}

/** `YYYY-MM-DD` from pieces, or the reason they are not a valid date. */
export function checkedDate(
  year: string,
  month: string,
  day: string,
  now: Date,
): string | { problem: string } {
  const problem = dateProblem(Number(year), Number(month), Number(day), now);
  return problem === null ? `${year}-${month}-${day}` : { problem };
}

/**
 * The first date in `text`, as npc_session finds it: the date of the first DATETIME match, else the
 * first DATE match; then validated. Also explains near misses (`month 13`, `_` separators, bad times
 * written with separators) so users learn what was wrong.
 */
export function locateDate(text: string, now: Date): DateSearch {
  const withTime = DATETIME_RE.exec(text);
  if (withTime) {
    const [whole, year, month, day, hour, minute, second] = withTime;
    const date = checkedDate(year!, month!, day!, now);
    if (typeof date !== 'string') return date;
    return {
      found: { date, time: `${hour}:${minute}:${second}`, index: withTime.index, length: whole!.length },
    };
  }
  const dateOnly = DATE_RE.exec(text);
  if (dateOnly) {
    const [whole, year, month, day] = dateOnly;
    const date = checkedDate(year!, month!, day!, now);
    if (typeof date !== 'string') return date;
    // A bare 6-digit run after a date may be the subject (`20230505_676909`), so only a time written
    // with separators counts as a (broken) time.
    const badTime = SEPARATED_TIME_RE.exec(text.slice(dateOnly.index + whole!.length));
    const problem = badTime && timeProblem(Number(badTime[1]), Number(badTime[2]), Number(badTime[3]));
    if (problem) return { problem };
    return { found: { date, time: null, index: dateOnly.index, length: whole!.length } };
  }
  return { problem: explainMissingDate(text, now) };
}

function explainMissingDate(text: string, now: Date): string {
  const loose = LOOSE_DATE_RE.exec(text);
  if (!loose) return 'no date found (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)';
  const [whole, year, sep1, month, sep2, day] = loose;
  const problem = dateProblem(Number(year), Number(month), Number(day), now);
  if (problem) return problem;
  const badSep = [sep1, sep2].find((sep) => sep !== '' && sep !== '-' && sep !== '/');
  return `"${whole}" separates the date with "${badSep}"; use "-", "/" or nothing`;
}

/**
 * `text` with every date (and its time) blanked out, as npc_session does before it looks for a subject
 * or an index. Blanked with a space rather than deleted so that digits on either side of a date can
 * never fuse into a fake subject.
 */
export function blankOutDates(text: string): string {
  return text.replace(DATE_OPTIONAL_TIME_RE, ' ');
}

/**
 * The longest text any reference or filter value may be (a session reference is at most a path or
 * URI). Checked before any pattern runs, so the cost of parsing user input stays small and bounded.
 */
export const MAX_INPUT_LENGTH = 1024;

/** BAD_USER_INPUT when `input` is longer than MAX_INPUT_LENGTH; names the field and the limit. */
export function checkInputLength(label: string, input: string, accepted: readonly string[]): void {
  if (input.length <= MAX_INPUT_LENGTH) return;
  throw new BadUserInputError(
    `${label} ${quoteInput(input)} is ${input.length} characters long; at most ${MAX_INPUT_LENGTH} are accepted`,
    accepted,
  );
}

/** Quote user input in an error message without letting a huge input flood it. */
export function quoteInput(input: string): string {
  const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
  return JSON.stringify(shown);
}

interface DatetimeParts {
  date: string;
  /** null when the input had no time: callers choose the start or end of the day. */
  time: string | null;
}

/**
 * Date and optional time of a filter input. Beyond the reference: a time glued to the date
 * (`20231213134340`) and a time without seconds (`2023-12-13 13:43`) are read rather than silently
 * turned into midnight. Time zones and fractions of a second are dropped: session datetimes are naive
 * lab-local times, as in the reference.
 */
function readDatetimeParts(input: string, label: string, now: Date): DatetimeParts {
  checkInputLength(label, input, ACCEPTED_DATE_FORMS);
  const text = input.trim();
  const fail = (problem: string): never => {
    throw new BadUserInputError(`Cannot read ${label} ${quoteInput(input)}: ${problem}`, ACCEPTED_DATE_FORMS);
  };
  if (text === '') return fail('it is empty');
  const search = locateDate(text, now);
  if ('problem' in search) return fail(search.problem);
  const { date, time, index, length } = search.found;
  if (time !== null) return { date, time };
  const afterDate = text.slice(index + length);
  const glued = index > 0 && /\d/.test(text[index - 1]!) ? null : COMPACT_TIME_RE.exec(afterDate);
  const withMinutes = MINUTES_TIME_RE.exec(afterDate);
  const [hour, minute, second] = glued
    ? [glued[1]!, glued[2]!, glued[3]!]
    : withMinutes
      ? [withMinutes[1]!, withMinutes[2]!, '00']
      : [];
  if (hour === undefined || minute === undefined || second === undefined) return { date, time: null };
  const problem = timeProblem(Number(hour), Number(minute), Number(second));
  if (problem) return fail(problem);
  return { date, time: `${hour}:${minute}:${second}` };
}

/** A date filter (`date:`) → `YYYY-MM-DD`; any time in the input is ignored. */
export function parseDateInput(input: string, now: Date = new Date()): string {
  return readDatetimeParts(input, 'date', now).date;
}

/** A datetime filter → `YYYY-MM-DD HH:MM:SS`; a date alone means `00:00:00`. */
export function parseDatetimeInput(input: string, now: Date = new Date()): string {
  const { date, time } = readDatetimeParts(input, 'datetime', now);
  return `${date} ${time ?? '00:00:00'}`;
}

/** A date range as the user typed it; blank or missing ends are open. */
export interface DateRange {
  start?: string | null;
  end?: string | null;
}

/** compileDateRange's predicate, with the range's inclusive first and last day (null = open). */
export type DateRangePredicate = ((datetime: string) => boolean) & {
  days: { from: string | null; to: string | null };
};

const DATETIME_VALUE_RE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/;

/**
 * A predicate over session datetimes (`YYYY-MM-DD HH:MM:SS`, or `YYYY-MM-DD` when only the day is
 * known) that is INCLUSIVE at both ends, as DESIGN.md decides: a start without a time starts at
 * 00:00:00, an end without a time lasts until 23:59:59 of that day. (The reference compares with
 * `<=`/`>=` and so excludes both bounds, e.g. every session on the end date; we deliberately do not.)
 * A value with only a date is compared by day. Rejects a start after the end. `days` holds the
 * range's first and last day: every datetime the predicate accepts is on one of them or between.
 */
export function compileDateRange(range: DateRange, now: Date = new Date()): DateRangePredicate {
  const start = readBound(range.start, 'startDate', '00:00:00', now);
  const end = readBound(range.end, 'endDate', '23:59:59', now);
  if (start !== null && end !== null && start > end) {
    throw new BadUserInputError(
      `startDate ${quoteInput(range.start ?? '')} is after endDate ${quoteInput(range.end ?? '')} (${start} > ${end})`,
      ACCEPTED_DATE_FORMS,
    );
  }
  const days = { from: start?.slice(0, 10) ?? null, to: end?.slice(0, 10) ?? null };
  const inRange = (datetime: string): boolean => {
    const match = DATETIME_VALUE_RE.exec(datetime);
    if (!match)
      throw new RangeError(`not a session datetime (YYYY-MM-DD[ HH:MM:SS]): ${quoteInput(datetime)}`);
    const [, day, time] = match;
    // Only the day is known: it is in range when its day overlaps the range.
    const [value, lower, upper] =
      time === undefined
        ? [day!, start?.slice(0, 10), end?.slice(0, 10)]
        : [`${day} ${time}`, start ?? undefined, end ?? undefined];
    return (lower === undefined || value >= lower) && (upper === undefined || value <= upper);
  };
  return Object.assign(inRange, { days });
}

function readBound(
  input: string | null | undefined,
  label: string,
  timeOfDayIfMissing: string,
  now: Date,
): string | null {
  if (input == null || input.trim() === '') return null;
  const { date, time } = readDatetimeParts(input, label, now);
  return `${date} ${time ?? timeOfDayIfMissing}`;
}
