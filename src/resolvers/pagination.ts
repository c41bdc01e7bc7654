/**
 * Relay connections over an in-memory, already ordered list. Cursors are the items' ids: readable,
 * and stable while the item exists (an offset cursor would shift when sessions are added).
 * Page sizes are checked against the configured maximum with a clear error.
 */
import { BadUserInputError } from '../errors.ts';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

export const DEFAULT_PAGE_SIZE = 20;

function checkSize(name: 'first' | 'last', value: number | null | undefined, max: number): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new BadUserInputError(`${name} must be between 0 and ${max} (got ${value})`, [
      `${name}: a whole number from 0 to ${max}`,
      'page through longer lists with after/before cursors',
    ]);
  }
  return value;
}

function positionOf<T>(items: readonly T[], cursor: string, idOf: (item: T) => string, arg: string): number {
  const index = items.findIndex((item) => idOf(item) === cursor);
  if (index < 0) {
    throw new BadUserInputError(`${arg} cursor ${JSON.stringify(cursor)} is not an item of this list`, [
      `${arg}: a cursor (the item's id) from a previous page of the same query`,
    ]);
  }
  return index;
}

/**
 * Rejects a bad first/last before any work: call it first in resolvers whose filtering costs
 * upstream requests, so a bad page size is refused without making them.
 */
export function checkPageArgs(args: PageArgs, maxPageSize: number): void {
  checkSize('first', args.first, maxPageSize);
  checkSize('last', args.last, maxPageSize);
}

export function pageOf<T>(
  items: readonly T[],
  args: PageArgs,
  idOf: (item: T) => string,
  maxPageSize: number,
): Page<T> {
  const first = checkSize('first', args.first, maxPageSize);
  const last = checkSize('last', args.last, maxPageSize);
  let start = args.after ? positionOf(items, args.after, idOf, 'after') + 1 : 0;
  let end = args.before ? positionOf(items, args.before, idOf, 'before') : items.length;
  if (first === null && last === null) end = Math.min(end, start + DEFAULT_PAGE_SIZE);
  if (first !== null) end = Math.min(end, start + first);
  if (last !== null) start = Math.max(start, end - last);
  const slice = items.slice(start, Math.max(start, end));
  const edges = slice.map((node) => ({ cursor: idOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: items.length,
  };
}
