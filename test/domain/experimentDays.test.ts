import { describe, expect, it } from 'vitest';
import { experimentDayRanks } from '../../src/domain/experimentDays.ts';

describe('experimentDayRanks (npc_lims experiment day when `day` is absent)', () => {
  const entries = [
    { subject: '676909', date: '2023-12-13' },
    { subject: '676909', date: '2023-12-11' },
    { subject: '676909', date: '2023-12-11' },
    { subject: '668759', date: '2023-06-01' },
    { subject: '676909', date: '2023-12-14' },
  ];
  const rank = experimentDayRanks(entries);

  it.each([
    ['the earliest date is day 1', { subject: '676909', date: '2023-12-11' }, 1],
    ['a repeated earlier date shifts later days', { subject: '676909', date: '2023-12-13' }, 3],
    ['the latest date counts every earlier entry', { subject: '676909', date: '2023-12-14' }, 4],
    ['subjects are ranked apart', { subject: '668759', date: '2023-06-01' }, 1],
    ['a date not in the list ranks after the earlier ones', { subject: '676909', date: '2023-12-12' }, 3],
    ['an unknown subject is day 1', { subject: '999999', date: '2023-12-12' }, 1],
  ])('%s', (_, ref, day) => {
    expect(rank(ref)).toBe(day);
  });

  it('an empty list ranks everything day 1', () => {
    expect(experimentDayRanks([])({ subject: '676909', date: '2023-12-13' })).toBe(1);
  });
});
