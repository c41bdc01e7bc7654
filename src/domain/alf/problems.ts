/**
 * How ALF rules report a broken rule: a code from the registry's userError vocabulary
 * (src/domain/registryRules.ts) and a message that says what is accepted. Callers that know which
 * input field was at fault wrap a problem into a `userError` with that field.
 */
import type { UserErrorCode } from '../registryRules.ts';

export type AlfProblemCode = Extract<
  UserErrorCode,
  | 'INVALID_ALF_PATH'
  | 'UNKNOWN_EXTENSION'
  | 'AMBIGUOUS_DATA_FORMAT'
  | 'NO_DATASET_TYPE'
  | 'AMBIGUOUS_DATASET_TYPE'
  | 'REVISION_EXHAUSTED'
>;

export interface AlfProblem {
  code: AlfProblemCode;
  message: string;
  /** The dataset types (or data formats) that matched, for the AMBIGUOUS_* codes. */
  candidates?: readonly string[];
}

/** The value, or why there is none. */
export type AlfOutcome<T> = { value: T } | { problem: AlfProblem };

export const alfProblem = (
  code: AlfProblemCode,
  message: string,
  candidates?: readonly string[],
): { problem: AlfProblem } => ({
  problem: candidates === undefined ? { code, message } : { code, message, candidates },
});

/** Unwraps an outcome in code that has already checked its input (tests, builders); throws the problem. */
export function unwrapAlf<T>(outcome: AlfOutcome<T>): T {
  if ('problem' in outcome) throw new AlfNameError(outcome.problem.message);
  return outcome.value;
}

/** A program (not a user) built an ALF name from invalid parts, as ONE's to_alf raises ValueError. */
export class AlfNameError extends Error {
  override readonly name = 'AlfNameError';
}

/** `'abc'` quoted and cut, for messages. */
export const quoted = (text: string, max = 80): string =>
  `'${text.length > max ? `${text.slice(0, max)}…` : text}'`;
