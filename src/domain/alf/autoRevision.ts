/**
 * The revision a file is registered under when its dataset is protected (ONE's register_files after
 * the server's 403 "One or more datasets is protected"). Pure: "today" is the lab-local date
 * (labTime's labDateOf with the lab's zone), the history comes from the registry.
 *
 * | case                                                   | revision                                  |
 * |--------------------------------------------------------|-------------------------------------------|
 * | no revision of the dataset is protected                | the requested one (unchanged)             |
 * | path has `#R#`, R not protected                        | R (unchanged)                             |
 * | path has `#R#`, R protected                            | nextRevision(R, protected): R → Ra → Rb   |
 * | newest L = '' and unprotected                          | '' (the original, unchanged)              |
 * | newest L unprotected                                   | L if L[:10] is a date, else today         |
 * | newest L protected, L == today                         | todaya (next free letter)                 |
 * | newest L protected, contains today                     | today + the letter after L's last one     |
 * | otherwise                                              | today                                     |
 *
 * Two choices beyond ONE: the table applies only to a dataset with a protected revision (the server
 * refuses only those; ONE re-paths every file of a refused batch), and the answer is never itself a
 * protected revision (ONE would post there and be refused again): such an answer moves on with
 * nextRevision. Past `z`/`Z` the answer is REVISION_EXHAUSTED.
 */
import type { AlfOutcome } from './problems.ts';
import { nextRevision } from './revisions.ts';
import { isIsoDate } from './sessionPath.ts';

/** One revision of a dataset (same session, collection and name) and whether it is protected. */
export interface RevisionState {
  /** '' for the original. */
  revision: string;
  protected: boolean;
}

export interface AutoRevisionInput {
  /** The revision in the requested path, '' when it has none. */
  requested: string;
  /** Every existing revision of the dataset, NEWEST FIRST (by creation), the original '' last. */
  history: readonly RevisionState[];
  /** `YYYY-MM-DD` in the lab's time zone. */
  today: string;
}

/** Which row of the table decided (the payload can say why a file moved). */
export type AutoRevisionRule =
  | 'NOT_PROTECTED'
  | 'REQUESTED_UNPROTECTED'
  | 'REQUESTED_PROTECTED'
  | 'ORIGINAL_UNPROTECTED'
  | 'LATEST_UNPROTECTED'
  | 'CONTINUE_TODAY'
  | 'TODAY';

export interface AutoRevision {
  revision: string;
  rule: AutoRevisionRule;
  /** True when `revision` differs from the requested one: the bytes belong in the new path. */
  moved: boolean;
}

const LETTER_RE = /^[a-zA-Z]$/;

function decide(
  { requested, history, today }: AutoRevisionInput,
  isProtected: (revision: string) => boolean,
  protectedRevisions: readonly string[],
): AlfOutcome<{ revision: string; rule: AutoRevisionRule }> {
  const keep = (rule: AutoRevisionRule) => ({ value: { revision: requested, rule } });
  const to = (rule: AutoRevisionRule) => (outcome: AlfOutcome<string>) =>
    'problem' in outcome ? outcome : { value: { revision: outcome.value, rule } };
  if (protectedRevisions.length === 0) return keep('NOT_PROTECTED');
  if (requested !== '') {
    return isProtected(requested)
      ? to('REQUESTED_PROTECTED')(nextRevision(requested, protectedRevisions))
      : keep('REQUESTED_UNPROTECTED');
  }
  const latest = history[0]!;
  if (!latest.protected) {
    if (latest.revision === '') return keep('ORIGINAL_UNPROTECTED');
    const revision = isIsoDate(latest.revision.slice(0, 10)) ? latest.revision : today;
    return { value: { revision, rule: 'LATEST_UNPROTECTED' } };
  }
  if (latest.revision.includes(today)) {
    const lastChar = latest.revision.at(-1)!;
    const alpha = latest.revision !== today && LETTER_RE.test(lastChar) ? lastChar : 'a';
    return to('CONTINUE_TODAY')(nextRevision(today, protectedRevisions, alpha));
  }
  return { value: { revision: today, rule: 'TODAY' } };
}

export function autoRevision(input: AutoRevisionInput): AlfOutcome<AutoRevision> {
  const protectedRevisions = input.history.filter((h) => h.protected).map((h) => h.revision);
  const isProtected = (revision: string) => protectedRevisions.includes(revision);
  const decided = decide(input, isProtected, protectedRevisions);
  if ('problem' in decided) return decided;
  let { revision } = decided.value;
  if (isProtected(revision)) {
    const next = nextRevision(revision, protectedRevisions);
    if ('problem' in next) return next;
    revision = next.value;
  }
  return { value: { revision, rule: decided.value.rule, moved: revision !== input.requested } };
}
