/**
 * Revision order and naming. Revisions sort lexicographically (by code unit, as Python compares the
 * ASCII `[\w.-]+` names); '' (no revision, the original) sorts first. A request for revision R reads
 * the last revision ≤ R (ONE's "last before" rule); with no revision, the default dataset.
 */
import { AlfNameError, type AlfOutcome, alfProblem, quoted } from './problems.ts';

export const compareRevisions = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The last of `revisions` that is ≤ `wanted`, or null when every one is after it. */
export function lastRevisionAtOrBefore(revisions: Iterable<string>, wanted: string): string | null {
  let best: string | null = null;
  for (const revision of revisions) {
    if (compareRevisions(revision, wanted) <= 0 && (best === null || compareRevisions(revision, best) > 0))
      best = revision;
  }
  return best;
}

const LETTER_RE = /^[a-zA-Z]$/;

/**
 * ONE's `_next_revision`: `rev` + the first letter from `alpha` on that is not in `reserved`
 * (`2020-01-01` → `2020-01-01a`; with `…a`, `…b` reserved → `…c`). Stricter than ONE, which has no
 * bound: past `z` (or `Z` when counting capitals) the revision is REVISION_EXHAUSTED.
 */
export function nextRevision(rev: string, reserved: Iterable<string> = [], alpha = 'a'): AlfOutcome<string> {
  if (!LETTER_RE.test(alpha)) throw new AlfNameError(`alpha ${quoted(alpha)} must be one letter a–z or A–Z`);
  const taken = new Set(reserved);
  const last = alpha === alpha.toLowerCase() ? 'z' : 'Z';
  for (let code = alpha.charCodeAt(0); code <= last.charCodeAt(0); code += 1) {
    const candidate = `${rev}${String.fromCharCode(code)}`;
    if (!taken.has(candidate)) return { value: candidate };
  }
  return alfProblem(
    'REVISION_EXHAUSTED',
    `no revision left after ${quoted(`${rev}${alpha}`)}: every suffix ${alpha}–${last} of ${quoted(rev)} is taken`,
  );
}
