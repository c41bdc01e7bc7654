/**
 * Session orders and the cut of an ordered list to a range of days (src/domain/sessionOrder.ts): the
 * cut keeps exactly the sessions a linear filter keeps, in order, and its work is its result — two
 * binary searches plus the sessions in range — however long the list.
 */
import { describe, expect, it } from 'vitest';
import { compileSessionFilter } from '../../src/domain/sessionFilter.ts';
import {
  type DatedSession,
  type DayBounds,
  SESSION_ORDERS,
  type SessionOrder,
  withinDays,
} from '../../src/domain/sessionOrder.ts';

const NOW = new Date('2024-06-01T12:00:00Z');

/** A seeded lab: some days with several sessions, some subjects twice on one day, gaps between days. */
function lab(count: number, seed: number): DatedSession[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const sessions: DatedSession[] = [];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(next() * 400) * 86_400_000);
    sessions.push({
      date: day.toISOString().slice(0, 10),
      subject: String(600_000 + Math.floor(next() * 30)),
      idx: next() < 0.1 ? 1 : 0,
    });
  }
  return sessions;
}

const inBounds =
  ({ from, to }: DayBounds) =>
  (s: DatedSession) =>
    (from === null || s.date >= from) && (to === null || s.date <= to);

describe('withinDays', () => {
  const sessions = lab(2_000, 7);
  const bounds: DayBounds[] = [
    { from: '2023-03-01', to: '2023-03-31' },
    { from: '2023-03-01', to: '2023-03-01' },
    { from: '2023-03-02', to: null },
    { from: null, to: '2023-02-14' },
    { from: null, to: null },
    { from: '2022-01-01', to: '2022-12-31' }, // before every session
    { from: '2025-01-01', to: null }, // after every session
  ];
  for (const order of ['DATE_DESC', 'DATE_ASC'] as SessionOrder[]) {
    const ordered = [...sessions].sort(SESSION_ORDERS[order]);
    it.each(bounds)(`${order}: %j keeps what a linear filter keeps, in order`, (range) => {
      const cut = withinDays(ordered, range, order);
      expect(cut).toEqual(ordered.filter(inBounds(range)));
    });
  }

  it('reads a number of positions logarithmic in the list, not proportional to it', () => {
    const ordered = lab(100_000, 11).sort(SESSION_ORDERS.DATE_DESC);
    let reads = 0;
    const counted = new Proxy(ordered, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const cut = withinDays(counted, { from: '2023-06-01', to: '2023-06-07' }, 'DATE_DESC');
    // Two binary searches of ≤ 17 steps each, then the slice itself copies the sessions in range.
    expect(reads).toBeLessThanOrEqual(2 * 17 + cut.length);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.length).toBeLessThan(ordered.length / 20);
  });
});

describe('compiled filters name the days their matches lie within', () => {
  it.each<[Parameters<typeof compileSessionFilter>[0], DayBounds | null]>([
    [null, null],
    [{ project: 'DynamicRouting' }, null],
    [{ date: '2023-12-13' }, { from: '2023-12-13', to: '2023-12-13' }],
    [
      { startDate: '2023-12-13 13:00:00', endDate: '20231220' },
      { from: '2023-12-13', to: '2023-12-20' },
    ],
    [{ startDate: '2023-12-13' }, { from: '2023-12-13', to: null }],
    [{ endDate: '2023/12/13' }, { from: null, to: '2023-12-13' }],
    // anyOf branches may each name days; a session needs only one branch, so they do not narrow.
    [{ anyOf: [{ date: '2023-12-13' }, { date: '2023-12-14' }] }, null],
  ])('%j → %j', (filter, days) => {
    expect(compileSessionFilter(filter, NOW).days).toEqual(days);
  });
});
