/**
 * Session filter rules at their edges: which texts name a subject, rig matching when either side has
 * no normal form or no computer index, and catalog conditions that must each be able to reject a
 * session on their own (platform, tracked platform, sync, rig, project) with the field named in errors.
 */
import { describe, expect, it } from 'vitest';
import {
  compileRigMatcher,
  compileSessionFilter,
  type FilterableSession,
  readSubject,
  type SessionFilterInput,
} from '../../src/domain/sessionFilter.ts';
import { NOW, session } from '../support/filterableSession.ts';

const matches = (filter: SessionFilterInput, s: FilterableSession) =>
  compileSessionFilter(filter, NOW).matchesCatalog(s);

describe('readSubject', () => {
  it.each<[string, string]>([
    ['676909', '676909'],
    [' 676909 ', '676909'],
    ['1012345', '1012345'],
    ['676909abc', '676909'],
    ['ecephys_676909_2023-12-13_13-43-40', '676909'],
  ])('%j → %s', (input, subject) => {
    expect(readSubject(input)).toBe(subject);
  });

  it.each(['5', 'abcdef', 'abcdefg', '12345678', ''])('%j is not a subject', (input) => {
    expect(() => readSubject(input)).toThrow(`subject ${JSON.stringify(input)} is not a subject id`);
  });
});

describe('compileRigMatcher', () => {
  it.each<[string, string, boolean]>([
    ['BEH.D', 'D2', true],
    ['BEH.D', 'BEH.D-Box5', true],
    ['BEH.D', 'E2', false],
    ['BEH.D', 'NP3', false],
    ['BEH.B', 'weird rig', false],
    ['B2', 'B3', false],
    ['B2', 'BEHDEV.B-2', true],
    ['weird', ' WEIRD ', true],
    ['weird', 'weirder', false],
    ['NP3', 'np.3', true],
  ])('filter %j, rig %j → %s', (filter, rig, expected) => {
    expect(compileRigMatcher(filter)(rig)).toBe(expected);
  });

  it('names the rig field when it cannot read the value', () => {
    expect(() => compileRigMatcher('NP 3')).toThrow('rig "NP 3" cannot be read');
  });
});

describe('catalog conditions each reject on their own', () => {
  it.each<[string, SessionFilterInput, Partial<FilterableSession>]>([
    ['platform', { platform: 'behavior' }, {}],
    ['platform, any case', { platform: 'ECEPHYS' }, { aindPlatforms: ['behavior'] }],
    ['tracked platform', { trackedPlatform: ['behavior'] }, {}],
    ['tracked platform unknown', { trackedPlatform: ['ephys'] }, { trackedPlatform: null }],
    ['sync', { isSync: false }, {}],
    ['ephys', { isEphys: false }, {}],
    ['rig from the sheets', { rig: 'NP2' }, { rig: 'NP3' }],
    ['project', { project: 'Templeton' }, {}],
    ['date', { date: '2023-12-14' }, {}],
    ['range', { startDate: '2023-12-14' }, {}],
    ['subject', { subject: '686740' }, {}],
  ])('%s', (_name, filter, over) => {
    expect(matches(filter, session(over))).toBe(false);
  });

  it.each<[string, SessionFilterInput, Partial<FilterableSession>]>([
    ['platform, any case', { platform: 'ECEPHYS' }, {}],
    ['tracked platform', { trackedPlatform: ['behavior', 'ephys'] }, {}],
    ['an empty tracked-platform list is no condition', { trackedPlatform: [] }, { trackedPlatform: null }],
    ['sync', { isSync: true }, {}],
    ['a rig the sheets do not know is left to the task file', { rig: 'NP2' }, { rig: null }],
    ['project, any case and blanks', { project: ' dynamicrouting ' }, {}],
    ['a blank project is no condition', { project: '  ' }, { project: null }],
    ['range including the day', { startDate: '2023-12-13', endDate: '2023-12-13' }, {}],
  ])('%s accepts', (_name, filter, over) => {
    expect(matches(filter, session(over))).toBe(true);
  });

  it('no filter accepts everything and has no costly checks', () => {
    for (const filter of [null, undefined]) {
      const compiled = compileSessionFilter(filter, NOW);
      expect(compiled.matchesCatalog(session())).toBe(true);
      expect(compiled.costly).toEqual([]);
    }
  });

  it.each<[SessionFilterInput, string]>([
    [
      { date: '2023-12-13', startDate: '2023-12-01' },
      'filter by a specific date or by a range (startDate/endDate), not both',
    ],
    [
      { date: '2023-12-13', endDate: '2023-12-31' },
      'filter by a specific date or by a range (startDate/endDate), not both',
    ],
    [{ platform: 'a/b' }, 'platform "a/b" cannot be read'],
    [{ keyword: 'two words' }, 'keyword "two words" cannot be read'],
    [{ genotypeContains: '   ' }, 'genotypeContains "   " cannot be read'],
    [{ project: 'p'.repeat(1025) }, `project "${'p'.repeat(200)}…" is 1025 characters long`],
    [{ subject: '1'.repeat(1025) }, `subject "${'1'.repeat(200)}…" is 1025 characters long`],
  ])('%j is refused: %s', (filter, message) => {
    expect(() => compileSessionFilter(filter, NOW)).toThrow(message);
  });

  it('a project of exactly the limit is read', () => {
    expect(matches({ project: 'p'.repeat(1024) }, session())).toBe(false);
  });
});
