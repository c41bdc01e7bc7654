import { describe, expect, it } from 'vitest';
import {
  type CostlyFacts,
  compileRigMatcher,
  compileSessionFilter,
  type FilterableSession,
  type SessionFilterInput,
} from '../../src/domain/sessionFilter.ts';
import { BadUserInputError } from '../../src/errors.ts';
import { behaviour, NOW, passes, session } from '../support/filterableSession.ts';

const ds = (datasetType: string, qc = 0, exists = true) => ({ datasetType, qc, exists });

const compile = (filter: SessionFilterInput) => compileSessionFilter(filter, NOW);

describe('catalog conditions (no I/O)', () => {
  it.each<[string, SessionFilterInput, Partial<FilterableSession>, boolean]>([
    ['no filter', {}, {}, true],
    ['subject', { subject: '676909' }, {}, true],
    ['other subject', { subject: '668759' }, {}, false],
    ['subject read from a reference', { subject: 'DRpilot_676909_20231213' }, {}, true],
    ['any of subjects', { subjects: ['668759', '676909'] }, {}, true],
    ['project, any case', { project: ' dynamicrouting ' }, {}, true],
    ['project of a session without one', { project: 'DynamicRouting' }, { project: null }, false],
    ['date', { date: '20231213' }, {}, true],
    ['date, any time ignored', { date: '2023-12-13 23:00:00' }, {}, true],
    ['end date includes its whole day', { endDate: '2023-12-13' }, {}, true],
    ['start date includes its day', { startDate: '2023-12-13' }, {}, true],
    ['start after the session time', { startDate: '2023-12-13 14:00:00' }, {}, false],
    [
      'day-only session in a range ending that day',
      { endDate: '2023-12-13 09:00:00' },
      { datetime: '2023-12-13' },
      true,
    ],
    ['platform, any case', { platform: 'EcePhys' }, {}, true],
    ['platform of a never-uploaded session', { platform: 'ecephys' }, { aindPlatforms: [] }, false],
    ['any of tracked platforms', { trackedPlatform: ['behavior', 'ephys'] }, {}, true],
    [
      'tracked platform of an AIND-only session',
      { trackedPlatform: ['ephys'] },
      { trackedPlatform: null },
      false,
    ],
    ['isEphys', { isEphys: true }, {}, true],
    ['isEphys false of a recording', { isEphys: false }, {}, false],
    ['isSync unknown matches neither', { isSync: false }, { isSync: null }, false],
    ['rig from the sheets, normal form', { rig: 'NP.3' }, { rig: 'NP3' }, true],
    ['rig from the sheets, another rig', { rig: 'NP2' }, { rig: 'NP3' }, false],
  ])('%s', (_name, filter, over, expected) => {
    expect(compile(filter).matchesCatalog(session(over))).toBe(expected);
  });

  it('needs no costly check when the catalog decides everything', () => {
    expect(compile({ subject: '676909', isEphys: true, startDate: '2023-01-01' }).costly).toEqual([]);
    expect(compileSessionFilter(null).costly).toEqual([]);
  });
});

describe('costly checks', () => {
  it('come cheapest first and only for the conditions given', () => {
    const all = compile({
      isOpto: true,
      isSorted: true,
      genotypeContains: 'Pvalb',
      isUploaded: true,
      keyword: 'task',
    });
    expect(all.costly.map((c) => c.fact)).toEqual(['genotype', 'isUploaded', 'isSorted', 'behaviour']);
    expect(compile({ isTask: false }).costly.map((c) => c.fact)).toEqual(['behaviour']);
    expect(
      compile({ genotypeContains: 'wt', hasDataset: ['trials.table'] }).costly.map((c) => c.fact),
    ).toEqual(['datasets', 'genotype']);
    expect(
      compile({
        isWildtype: true,
        isAnnotated: true,
        isDlc: false,
        isSurfaceChannels: true,
        isSorted: true,
      }).costly.map((c) => c.fact),
    ).toEqual(['surfaceChannels', 'isSorted', 'videoProcessing', 'isAnnotated', 'behaviour']);
  });

  it.each<[string, SessionFilterInput, CostlyFacts, boolean]>([
    ['genotype piece, any case', { genotypeContains: 'pvalb-ires' }, { genotype: 'Pvalb-IRES-Cre/wt' }, true],
    ['genotype without the piece', { genotypeContains: 'VGAT' }, { genotype: 'wt/wt' }, false],
    ['unknown genotype', { genotypeContains: 'wt' }, { genotype: null }, false],
    ['isUploaded', { isUploaded: true }, { isUploaded: true }, true],
    ['isUploaded false', { isUploaded: false }, { isUploaded: true }, false],
    ['isSorted false', { isSorted: false }, { isSorted: false }, true],
    ['fact not looked up counts as unknown', { isSorted: false }, {}, false],
    ['isOpto', { isOpto: false }, { behaviour: behaviour() }, true],
    ['isTask and isHab together', { isTask: true, isHab: true }, { behaviour: behaviour() }, false],
    [
      'an unknown flag matches neither value',
      { isTraining: false },
      { behaviour: behaviour({ isTraining: null }) },
      false,
    ],
    ['an unreadable task file matches nothing', { isTask: false }, { behaviour: null }, false],
    [
      'isDlc: any DeepLabCut camera',
      { isDlc: true },
      { videoProcessing: { dlcSide: false, dlcEye: true, dlcFace: false, facemap: false } },
      true,
    ],
    [
      'isDlcSide false and isDlcEye true',
      { isDlcSide: false, isDlcEye: true },
      { videoProcessing: { dlcSide: false, dlcEye: true, dlcFace: false, facemap: false } },
      true,
    ],
    [
      'isFacemap',
      { isFacemap: true },
      { videoProcessing: { dlcSide: false, dlcEye: true, dlcFace: false, facemap: false } },
      false,
    ],
    ['video processing unknown', { isDlc: false }, { videoProcessing: null }, false],
    ['isAnnotated', { isAnnotated: false }, { isAnnotated: false }, true],
    ['isSurfaceChannels', { isSurfaceChannels: true }, { surfaceChannels: false }, false],
    [
      'a flag of the task file and genotype',
      { isWildtype: false, isProduction: true },
      { behaviour: behaviour() },
      true,
    ],
    ['a kwarg-only flag nobody set', { isNaive: false }, { behaviour: behaviour() }, false],
    ['keyword, any case', { keyword: 'OPTO_perturbation' }, { behaviour: behaviour() }, true],
    ['keyword missing', { keyword: 'training' }, { behaviour: behaviour() }, false],
    [
      'every listed dataset type exists',
      { hasDataset: ['a.b', 'c.d'] },
      { datasets: [ds('a.b'), ds('c.d')] },
      true,
    ],
    ['a listed type is missing', { hasDataset: ['a.b', 'c.d'] }, { datasets: [ds('a.b')] }, false],
    [
      'a listed type is registered but not there',
      { hasDataset: ['a.b'] },
      { datasets: [ds('a.b', 0, false)] },
      false,
    ],
    [
      'its QC is at most the limit',
      { hasDataset: ['a.b'], datasetQcAtMost: 10 },
      { datasets: [ds('a.b', 10)] },
      true,
    ],
    [
      'its QC is above the limit',
      { hasDataset: ['a.b'], datasetQcAtMost: 10 },
      { datasets: [ds('a.b', 40)] },
      false,
    ],
    [
      'a QC limit alone: some dataset',
      { datasetQcAtMost: 30 },
      { datasets: [ds('x.y', 50), ds('a.b', 30)] },
      true,
    ],
    ['a QC limit alone: none', { datasetQcAtMost: 0 }, { datasets: [] }, false],
  ])('%s', (_name, filter, facts, expected) => {
    expect(passes(compile(filter), session(), facts)).toBe(expected);
  });

  it('a rig is read from the task file only when the sheets do not give one', () => {
    const filter = compile({ rig: 'NP3' });
    const [check] = filter.costly;
    expect(check?.fact).toBe('behaviour');
    expect(check?.appliesTo(session({ rig: 'NP3' }))).toBe(false);
    expect(check?.appliesTo(session({ rig: null }))).toBe(true);
    expect(passes(filter, session({ rig: null }), { behaviour: behaviour({ rigName: 'NP.3' }) })).toBe(true);
    expect(passes(filter, session({ rig: null }), { behaviour: behaviour({ rigName: 'NP0' }) })).toBe(false);
    expect(passes(filter, session({ rig: null }), { behaviour: behaviour({ rigName: null }) })).toBe(false);
    // The sheets' rig wins over the task file's.
    expect(passes(filter, session({ rig: 'B2' }), { behaviour: behaviour({ rigName: 'NP3' }) })).toBe(false);
  });

  it('a flag with a rig reads the task file for every session, the rig from the sheets when they have one', () => {
    const filter = compile({ rig: 'B2', isTask: true });
    const [check] = filter.costly;
    expect(check?.appliesTo(session({ rig: 'B2' }))).toBe(true);
    expect(passes(filter, session({ rig: 'B2' }), { behaviour: behaviour({ rigName: 'NP3' }) })).toBe(true);
  });
});

describe('compileRigMatcher', () => {
  it.each([
    ['NP3', 'NP.3', true],
    ['np3', 'NP3', true],
    ['D2', 'BEH.D-Box2', true],
    ['BEH.D-Box2', 'D2', true],
    ['B2', 'B3', false],
    ['BEH.B', 'B5', true],
    ['BEH.B', 'BEH.B', true],
    ['BEH.B', 'D2', false],
    ['B2', 'BEH.B', false],
    ['OG1', 'og1', true],
    ['OG1', 'OG2', false],
  ])('filter %s vs rig %s → %s', (wanted, rig, expected) => {
    expect(compileRigMatcher(wanted)(rig)).toBe(expected);
  });
});

describe('bad values are BadUserInputError listing what is accepted', () => {
  it.each<[string, SessionFilterInput]>([
    ['subject', { subject: 'mouse' }],
    ['one of subjects', { subjects: ['676909', 'x'] }],
    ['date with a range', { date: '2023-12-13', endDate: '2023-12-14' }],
    ['start after end', { startDate: '2023-12-14', endDate: '2023-12-13' }],
    ['date in the future year', { date: '2031-01-01' }],
    ['platform with _', { platform: 'ecephys_1' }],
    ['empty platform', { platform: ' ' }],
    ['keyword with a space', { keyword: 'good behavior' }],
    ['rig with a space', { rig: 'NP 3' }],
    ['empty rig', { rig: '' }],
    ['blank genotype piece', { genotypeContains: ' ' }],
  ])('%s', (_name, filter) => {
    let error: unknown;
    try {
      compile(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).accepted.length).toBeGreaterThan(0);
    expect((error as BadUserInputError).message).toContain('Accepted:');
  });
});
