/** A session as the session-filter rules see it, for the domain filter tests: override what a case needs. */
import type { FilterableSession } from '../../src/domain/sessionFilter.ts';

/** The filter tests' "now" (date inputs are checked against the current year). */
export const NOW = new Date('2025-06-01T12:00:00Z');

export const session = (over: Partial<FilterableSession> = {}): FilterableSession => ({
  subject: '676909',
  date: '2023-12-13',
  datetime: '2023-12-13 13:43:40',
  project: 'DynamicRouting',
  aindPlatforms: ['ecephys'],
  trackedPlatform: 'ephys',
  isEphys: true,
  isSync: true,
  rig: null,
  idx: 0,
  hasIssues: false,
  sessionKwargs: {},
  taskVersion: null,
  ...over,
});
