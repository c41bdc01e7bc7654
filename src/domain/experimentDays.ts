/** Experiment days of tracked-sheet entries: pure ranking, indexed once per list. */

/** What a rank needs of a session reference. */
export interface DatedSubject {
  subject: string;
  date: string;
}

/**
 * The reference's experiment day when `day` is absent: 1-based position of the date in the sorted
 * dates of the subject's entries in the same list (duplicates included, so a repeated entry shifts
 * later days — as in npc_lims): one plus the number of the subject's entries with an earlier date.
 * Indexed once per list (sorted dates per subject, then a binary search), not rescanned per entry.
 */
export function experimentDayRanks(entries: readonly DatedSubject[]): (ref: DatedSubject) => number {
  const datesBySubject = new Map<string, string[]>();
  for (const { subject, date } of entries) {
    const dates = datesBySubject.get(subject);
    if (dates) dates.push(date);
    else datesBySubject.set(subject, [date]);
  }
  for (const dates of datesBySubject.values()) dates.sort();
  return (ref) => countBelow(datesBySubject.get(ref.subject) ?? [], ref.date) + 1;
}

/** How many of the sorted `values` are strictly below `value`. */
function countBelow(values: readonly string[], value: string): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
