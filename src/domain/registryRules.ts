/**
 * The rules registry writes must satisfy before they touch the database, and the codes that report
 * a broken rule (`userErrors { code field message }`; the schema enum is built from USER_ERROR_CODES).
 * Rules follow ONE's RegistrationClient and the Alyx models, made stricter where those are lax:
 * ONE rejects only a volume or weight of exactly 0, we reject ≤ 0; Alyx allows a null volume for
 * any water, we only for ad-lib water. Pure: existence checks happen in the service, in the write's
 * transaction.
 */
import { labDateOf } from './labTime.ts';

/** Every expected failure of a registry mutation, with what it means (shown in the schema). */
export const USER_ERROR_DESCRIPTIONS = {
  IDEMPOTENCY_KEY_REUSED:
    'The idempotencyKey was already used by this caller with a different input; nothing was written.',
  IDEMPOTENCY_KEY_REQUIRED:
    'This call cannot be repeated safely without an idempotencyKey (e.g. registerSession without a number).',
  INVALID_VALUE: 'A value is empty or malformed (the message says which form is accepted).',
  INVALID_DATETIME: 'A date or date-time is not ISO 8601 (naive values are read in the lab time zone).',
  INVALID_MID: 'A subject id is not a LabTracks MID (6 or 7 digits).',
  SUBJECT_NOT_FOUND: 'The registry holds no subject with this MID (register it with registerSubject).',
  SUBJECT_ALREADY_REGISTERED: 'The registry already holds a subject with this MID.',
  USER_NOT_FOUND: 'One or more users do not exist; the message lists every unknown one.',
  LAB_NOT_FOUND: 'The lab does not exist.',
  LAB_MISMATCH: "The session's lab differs from its subject's lab.",
  UNKNOWN_PROJECT: 'One or more projects do not exist; the message lists every unknown one.',
  UNKNOWN_PROCEDURE: 'One or more procedures do not exist; the message lists every unknown one.',
  DEATH_BEFORE_BIRTH: 'The death date is before the date of birth.',
  INVALID_SESSION_NUMBER: 'A session number must be a whole number from 1 to 999 (the ALF folder 001–999).',
  SESSION_NUMBERS_EXHAUSTED: 'The subject already has a session numbered 999 on that date.',
  START_TIME_DATE_MISMATCH: "The start time does not fall on the session date (in the lab's time zone).",
  END_BEFORE_START: 'The end time is not after the start time.',
  SESSION_NOT_FOUND: 'The registry holds no such session.',
  SESSION_SUBJECT_MISMATCH: 'The session belongs to another subject.',
  WATER_TYPE_NOT_FOUND: 'The water type does not exist.',
  NON_POSITIVE_VOLUME: 'The water volume must be greater than 0 mL.',
  VOLUME_REQUIRED: 'A water volume may be left out only for ad-lib water.',
  NON_POSITIVE_WEIGHT: 'The weight must be greater than 0 g.',
  IMPLAUSIBLE_WEIGHT: "The weight is above the plausible maximum for the subject's species.",
  AFTER_DEATH_DATE: "The record's date is after the subject's death date.",
  DUPLICATE_RECORD:
    'An identical record (subject, time, value, user) was written in the last 60 s; send an idempotencyKey to make retries safe.',
  INVALID_ALF_PATH:
    'A path is not ALF: `[<collection>/][#<revision>#/]<file>` below the session, one revision as the last folder (the message says what is wrong).',
  UNKNOWN_EXTENSION: "No data format has the file's extension (the message lists the known ones).",
  AMBIGUOUS_DATA_FORMAT: "More than one data format has the file's extension.",
  NO_DATASET_TYPE:
    'No dataset type matches the file name (by filename pattern, or by `object.attribute` for types without one).',
  AMBIGUOUS_DATASET_TYPE:
    'More than one dataset type matches the file name; the message names every candidate.',
  REVISION_EXHAUSTED: 'No revision is left: the letter suffix would go past z (or Z).',
  REPOSITORY_NOT_FOUND: 'The data repository does not exist (upsertDataRepository adds one).',
  INVALID_QC: 'A QC value is not one of NOT_SET, PASS, WARNING, FAIL, CRITICAL (or 0, 10, 30, 40, 50).',
  FILE_RECORD_CONFLICT:
    "Another dataset already has a file record at this repository and relative path (Alyx's unique file record).",
  PROTECTED:
    'The dataset is protected (one of its tags is protected): it cannot be overwritten, patched or deleted (an admin may pass force; registerDatasets with AUTO registers a new revision instead).',
  DATASET_NOT_FOUND: 'The registry holds no dataset with this id.',
  TAG_NOT_FOUND: 'The tag does not exist (upsertTag adds one).',
  FILENAME_PATTERN_TAKEN:
    'Another dataset type already has this filename pattern (compared case-insensitively).',
  FILE_EXTENSION_TAKEN: 'Another data format already has this file extension (compared case-insensitively).',
  EMPTY_QUERIES: 'A selection needs at least one query.',
  NEGATIVE_COUNT: 'A query asked for fewer than 0 items.',
  SAMPLE_LARGER_THAN_POPULATION:
    'A query asked for more items than its filter matches (the message gives the count and the number of candidates).',
  INVALID_FILTER: 'A query filter cannot be read (the message says which forms are accepted).',
  SEED_OUT_OF_RANGE: 'The seed is not an unsigned 32-bit integer (0 to 4294967295).',
  SELECTION_NOT_FOUND: 'No stored selection has this id.',
  BIN_SIZE_NOT_POSITIVE: 'binSize must be a whole number greater than 0.',
  NOT_A_SESSION_SELECTION: 'Manifests list sessions: the selection was made with unit SUBJECT.',
  MISSING_RECORDS: 'Selected sessions that no source knows any more (the message lists their ids).',
  INPUT_FILE_NOT_FOUND:
    'A selected session has no input file: no task file; or, with a dataset, no registered dataset of that name and collection, no revision ≤ the one asked for (or no default one), or no existing file record in an s3:// repository.',
  AMBIGUOUS_INPUT_FILE:
    'A selected session has several candidate input files (task files of the same size, or several matching datasets) and none is preferred; the message names them.',
  FRAME_COUNT_MISMATCH:
    "The input file's frames (frameIntervals + 1) disagree with a recorded count: its own lastFrame + 1, or, for a registered dataset, the session's task file.",
  INPUT_FILE_UNREADABLE: 'The input file exists but cannot be read as HDF5 (the message names its URI).',
} as const;

export type UserErrorCode = keyof typeof USER_ERROR_DESCRIPTIONS;
export const USER_ERROR_CODES = Object.keys(USER_ERROR_DESCRIPTIONS) as UserErrorCode[];

/** An expected failure: which rule, which input field (path inside `input`), and why. */
export interface UserError {
  code: UserErrorCode;
  field: string[] | null;
  message: string;
}

export const userError = (code: UserErrorCode, field: string | null, message: string): UserError => ({
  code,
  field: field === null ? null : field.split('.'),
  message,
});

export const MID_PATTERN = /^\d{6,7}$/;
export const FIRST_SESSION_NUMBER = 1;
export const LAST_SESSION_NUMBER = 999;
/** Records without an idempotency key that repeat one from this recently are refused. */
export const DUPLICATE_WINDOW_SECONDS = 60;
/** ONE rounds volumes and weights to 4 significant figures before posting them. */
export const SIGNIFICANT_FIGURES = 4;
/** Plausible maximum weight in grams per species, unless configured (LABGRAPH_MAX_WEIGHT_G). */
export const DEFAULT_MAX_WEIGHT_G: Readonly<Record<string, number>> = { mouse: 60 };

/** `35.10000000235` → `35.1`, `0.000123456` → `0.0001235` (round half to even is not used: toPrecision). */
export function roundSignificant(value: number, figures = SIGNIFICANT_FIGURES): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(figures));
}

export function midProblem(mid: string, field: string): UserError | null {
  return MID_PATTERN.test(mid)
    ? null
    : userError('INVALID_MID', field, `'${mid.slice(0, 32)}' is not a 6–7 digit MID`);
}

export function sessionNumberProblem(number: number, field = 'number'): UserError | null {
  if (Number.isInteger(number) && number >= FIRST_SESSION_NUMBER && number <= LAST_SESSION_NUMBER)
    return null;
  return userError('INVALID_SESSION_NUMBER', field, `session number ${number} is outside 1–999`);
}

/** Start on the session date (lab time zone) and end after start. */
export function sessionTimeProblems(
  session: { date: string; startTime: Date; endTime: Date | null },
  zone: string,
): UserError[] {
  const problems: UserError[] = [];
  const startDate = labDateOf(session.startTime, zone);
  if (startDate !== session.date) {
    problems.push(
      userError(
        'START_TIME_DATE_MISMATCH',
        'startTime',
        `the start time falls on ${startDate} in ${zone}, not on the session date ${session.date}`,
      ),
    );
  }
  if (session.endTime && session.endTime.getTime() <= session.startTime.getTime()) {
    problems.push(userError('END_BEFORE_START', 'endTime', 'the end time must be after the start time'));
  }
  return problems;
}

/** The plausible maximum weight in grams of a species (case-insensitive); undefined when none is set. */
export function weightLimitOf(
  species: string,
  maxWeightG: Readonly<Record<string, number>>,
): number | undefined {
  return maxWeightG[species.toLowerCase()];
}

export function weightProblem(
  grams: number,
  species: string,
  maxWeightG: Readonly<Record<string, number>>,
): UserError | null {
  if (!(grams > 0)) return userError('NON_POSITIVE_WEIGHT', 'weightG', `weight ${grams} g is not above 0`);
  const limit = weightLimitOf(species, maxWeightG);
  if (limit !== undefined && grams > limit) {
    return userError(
      'IMPLAUSIBLE_WEIGHT',
      'weightG',
      `${grams} g is above the plausible maximum for a ${species} (${limit} g)`,
    );
  }
  return null;
}

export function volumeProblem(volumeMl: number | null, adlib: boolean): UserError | null {
  if (volumeMl === null) {
    return adlib
      ? null
      : userError('VOLUME_REQUIRED', 'volumeMl', 'give volumeMl, or set adlib for ad-lib water');
  }
  return volumeMl > 0
    ? null
    : userError('NON_POSITIVE_VOLUME', 'volumeMl', `volume ${volumeMl} mL is not above 0`);
}

/** Alyx refuses water given after the subject's death date (compared by date, lab time zone). */
export function afterDeathProblem(
  instant: Date,
  deathDate: string | null,
  zone: string,
  field: string,
): UserError | null {
  if (deathDate === null) return null;
  const day = labDateOf(instant, zone);
  return day > deathDate
    ? userError('AFTER_DEATH_DATE', field, `${day} is after the subject's death date ${deathDate}`)
    : null;
}

export function deathBeforeBirthProblem(
  birthDate: string | null,
  deathDate: string | null,
): UserError | null {
  if (!birthDate || !deathDate || deathDate >= birthDate) return null;
  return userError(
    'DEATH_BEFORE_BIRTH',
    'deathDate',
    `death date ${deathDate} is before the date of birth ${birthDate}`,
  );
}

/** One error naming every unknown name of a kind, or none. */
export function unknownNamesProblem(
  code: UserErrorCode,
  field: string,
  kind: string,
  unknown: readonly string[],
): UserError | null {
  if (unknown.length === 0) return null;
  return userError(code, field, `unknown ${kind}: ${unknown.join(', ')}`);
}

const REFERENCE_NAME_PATTERN = /^\S(?:.{0,126}\S)?$/;

/** Reference data names (users, labs, dataset types…): 1–128 characters without surrounding spaces. */
export function referenceNameProblem(name: string, field: string): UserError | null {
  return REFERENCE_NAME_PATTERN.test(name)
    ? null
    : userError('INVALID_VALUE', field, `a ${field} is 1–128 characters without surrounding spaces`);
}

/** The ALF session folder: `<lab>/Subjects/<MID>/<YYYY-MM-DD>/<NNN>`. */
export function alfSessionPath(lab: string, mid: string, date: string, number: number): string {
  return `${lab}/Subjects/${mid}/${date}/${String(number).padStart(3, '0')}`;
}

/** The graph's id of a registered session: `MID_YYYY-MM-DD`, with `_<number − 1>` past the first. */
export function registeredSessionId(mid: string, date: string, number: number): string {
  const base = `${mid}_${date}`;
  return number === 1 ? base : `${base}_${number - 1}`;
}
