/**
 * The orders session lists come in, and the cut of an ordered list to a range of days. A catalog
 * keeps its sessions in both orders, built once per snapshot, so a page of a date range costs two
 * binary searches and the sessions in the range — not a walk, a copy or a sort of the whole lab.
 */

export type SessionOrder = 'DATE_ASC' | 'DATE_DESC';

/** What the orders compare: the session key. */
export interface DatedSession {
  date: string;
  subject: string;
  idx: number;
}

/** Newest first (the reference's order) or oldest first; then subject, then idx, either way. */
export const SESSION_ORDERS: Record<SessionOrder, (a: DatedSession, b: DatedSession) => number> = {
  DATE_DESC: (a, b) => b.date.localeCompare(a.date) || a.subject.localeCompare(b.subject) || a.idx - b.idx,
  DATE_ASC: (a, b) => a.date.localeCompare(b.date) || a.subject.localeCompare(b.subject) || a.idx - b.idx,
};

/** Inclusive `YYYY-MM-DD` bounds on a session's day; null = open. */
export interface DayBounds {
  from: string | null;
  to: string | null;
}

/** The first index in [0, n] where `isPast(i)` turns true (it must be false, then true). */
function firstWhere(n: number, isPast: (i: number) => boolean): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isPast(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The sessions of `ordered` (sorted in `order`) whose day lies within `bounds`, in the same order:
 * a slice found by binary search.
 */
export function withinDays<T extends DatedSession>(
  ordered: readonly T[],
  bounds: DayBounds,
  order: SessionOrder,
): readonly T[] {
  const { from, to } = bounds;
  const dateAt = (i: number) => (ordered[i] as T).date;
  if (order === 'DATE_ASC') {
    const start = from === null ? 0 : firstWhere(ordered.length, (i) => dateAt(i) >= from);
    const end = to === null ? ordered.length : firstWhere(ordered.length, (i) => dateAt(i) > to);
    return ordered.slice(start, Math.max(start, end));
  }
  const start = to === null ? 0 : firstWhere(ordered.length, (i) => dateAt(i) <= to);
  const end = from === null ? ordered.length : firstWhere(ordered.length, (i) => dateAt(i) < from);
  return ordered.slice(start, Math.max(start, end));
}
