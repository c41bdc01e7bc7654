/** A session as the session-filter rules see it, for the domain filter tests: override what a case needs. */
import type {
  BehaviourFilterFacts,
  CompiledSessionFilter,
  CostlyFacts,
  FilterableSession,
} from '../../src/domain/sessionFilter.ts';

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

/** A task file's facts as the behaviour check sees them: override what a case needs. */
export const behaviour = (over: Partial<BehaviourFilterFacts> = {}): BehaviourFilterFacts => ({
  isTask: true,
  isOpto: false,
  isTraining: false,
  isHab: false,
  isVideo: true,
  isTempleton: false,
  isFirstBlockAud: true,
  isLateAutorewards: false,
  isEngaged: true,
  isGoodBehavior: true,
  isWildtype: false,
  isOptoControl: false,
  isContextNaive: false,
  isProduction: true,
  isNaive: null,
  isStage5Passed: null,
  keywords: ['task', 'ephys', 'opto_perturbation'],
  rigName: 'NP3',
  taskVersion: 'stage 5 ori AMN moving timeouts repeats',
  crossModalityDprime: 1.5,
  ...over,
});

/** The whole filter on one session with all its facts known: catalog, any of the branches, then costly. */
export function passes(
  filter: CompiledSessionFilter,
  s: FilterableSession,
  facts: CostlyFacts = {},
): boolean {
  return (
    filter.matchesCatalog(s) &&
    (filter.anyOf.length === 0 || filter.anyOf.some((branch) => passes(branch, s, facts))) &&
    filter.costly.every((c) => !c.appliesTo(s) || c.matches(s, facts))
  );
}
