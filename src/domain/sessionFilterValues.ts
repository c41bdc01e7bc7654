/**
 * Values of the session filters, read and checked before anything is fetched: tokens of a given
 * shape (keywords, genotype pieces, dataset types), an ALF session number, a `key[=value]` session
 * kwarg, a lab, a piece of a task protocol, a d′ threshold; and the session-level cross-modality d′
 * those thresholds compare with.
 */
import { BadUserInputError } from '../errors.ts';
import { checkInputLength, quoteInput } from './dateInput.ts';

export const KEYWORD_FORMS = [
  'one keyword as Session.keywords lists it: letters, digits and "_", e.g. opto_perturbation, training, hab, ephys, good_behavior, day_2',
];
export const GENOTYPE_FORMS = ['a non-empty piece of a genotype, e.g. Pvalb, VGAT-ChR2, wt/wt'];
export const DATASET_TYPE_FORMS = ['dataset type names as registered, e.g. trials.table or behavior.hdf5'];
export const NUMBER_FORMS = [
  'an ALF session number from 1 to 999: the folder NNN, 1 for the first session of a subject that day (idx + 1)',
];
export const SESSION_KWARG_FORMS = [
  'a session_kwargs key of the tracked sheet (letters, digits, "_"), e.g. is_production: sessions that set it',
  'key=value, e.g. is_task=false, probe_letters_to_skip=DE, perturbation_day=2: sessions whose value is that (any case; lists and maps as JSON)',
];
export const LAB_FORMS = [
  'a lab name as the registry holds it (letters, digits, "_", "-", "."), e.g. dynamic-routing',
];
export const TASK_PROTOCOL_FORMS = [
  'a non-empty piece of a task protocol or version, e.g. stage 5 or DynamicRouting1',
];
export const DPRIME_FORMS = [
  'a finite number, e.g. 1.0 (a d′ threshold; the session value is the mean over its blocks)',
];

/** A trimmed value matching `shape`, or BAD_USER_INPUT naming the filter field and the accepted forms. */
export function readToken(field: string, input: string, shape: RegExp, accepted: readonly string[]): string {
  checkInputLength(field, input, accepted);
  const value = input.trim();
  if (!shape.test(value))
    throw new BadUserInputError(`${field} ${quoteInput(input)} cannot be read`, accepted);
  return value;
}

/** An ALF session number (1–999), or BAD_USER_INPUT. */
export function readSessionNumber(input: number): number {
  if (!Number.isInteger(input) || input < 1 || input > 999) {
    throw new BadUserInputError(`number ${input} is not an ALF session number`, NUMBER_FORMS);
  }
  return input;
}

/** A kwarg value as text for comparison: scalars as written, booleans true/false, lists and maps as JSON. */
function kwargText(value: unknown): string {
  if (typeof value === 'string') return value.trim().toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value).toLowerCase();
}

/**
 * `key` → sessions whose tracked `session_kwargs` set that key; `key=value` → those whose value reads
 * as `value` (case-insensitive, so Python's `True` is `true`).
 */
export function compileKwargMatcher(input: string): (kwargs: Readonly<Record<string, unknown>>) => boolean {
  checkInputLength('sessionKwarg', input, SESSION_KWARG_FORMS);
  const at = input.indexOf('=');
  const key = (at < 0 ? input : input.slice(0, at)).trim();
  if (!/^[A-Za-z0-9_]+$/.test(key)) {
    throw new BadUserInputError(`sessionKwarg ${quoteInput(input)} has no readable key`, SESSION_KWARG_FORMS);
  }
  if (at < 0) return (kwargs) => Object.hasOwn(kwargs, key);
  const wanted = input
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return (kwargs) => Object.hasOwn(kwargs, key) && kwargText(kwargs[key]) === wanted;
}

/** A lab name, compared case-insensitively (Alyx's `iexact`), or BAD_USER_INPUT. */
export function readLab(input: string): string {
  checkInputLength('lab', input, LAB_FORMS);
  const lab = input.trim();
  if (!/^[\w.-]+$/.test(lab))
    throw new BadUserInputError(`lab ${quoteInput(input)} cannot be read`, LAB_FORMS);
  return lab.toLowerCase();
}

/** A non-empty piece of text to look for, lower-cased (ONE matches task protocols partially). */
export function readPiece(field: string, input: string): string {
  checkInputLength(field, input, TASK_PROTOCOL_FORMS);
  const piece = input.trim().toLowerCase();
  if (piece === '')
    throw new BadUserInputError(`${field} ${quoteInput(input)} is blank`, TASK_PROTOCOL_FORMS);
  return piece;
}

/** A finite d′ threshold, or BAD_USER_INPUT. */
export function readDprimeThreshold(input: number): number {
  if (!Number.isFinite(input)) {
    throw new BadUserInputError(`crossModalityDprimeAtLeast ${input} is not a finite number`, DPRIME_FORMS);
  }
  return input;
}

/**
 * A session's cross-modality d′ (the value ONE's `performance_gte` would compare): the mean of its
 * blocks' cross_modality_dprime, blocks without one (NaN) left out; null when no block has one.
 */
export function meanCrossModalityDprime(blocks: ArrayLike<number>): number | null {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < blocks.length; i++) {
    const d = blocks[i] as number;
    if (Number.isFinite(d)) {
      sum += d;
      count++;
    }
  }
  return count === 0 ? null : sum / count;
}
