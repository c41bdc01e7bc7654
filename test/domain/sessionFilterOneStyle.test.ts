/**
 * ONE-style session filters (issue 16.13): lab, taskProtocol / taskVersion, ALF session number,
 * hasIssues, sessionKwarg (key[=value]), crossModalityDprimeAtLeast (ONE's performance_gte), and the
 * anyOf OR-combination — which facts each reads, what matches, and what is refused.
 */
import { describe, expect, it } from 'vitest';
import {
  type CostlyFacts,
  compileSessionFilter,
  type FilterableSession,
  type SessionFilterInput,
} from '../../src/domain/sessionFilter.ts';
import { meanCrossModalityDprime } from '../../src/domain/sessionFilterValues.ts';
import { BadUserInputError } from '../../src/errors.ts';
import { behaviour, NOW, passes, session } from '../support/filterableSession.ts';

const compile = (filter: SessionFilterInput) => compileSessionFilter(filter, NOW);

describe('catalog conditions', () => {
  it.each<[string, SessionFilterInput, Partial<FilterableSession>, boolean]>([
    ['number 1 is idx 0', { number: 1 }, { idx: 0 }, true],
    ['number 2 is idx 1', { number: 2 }, { idx: 0 }, false],
    ['hasIssues', { hasIssues: true }, { hasIssues: true }, true],
    ['hasIssues false', { hasIssues: false }, { hasIssues: true }, false],
    [
      'sessionKwarg key present',
      { sessionKwarg: 'is_production' },
      { sessionKwargs: { is_production: true } },
      true,
    ],
    ['sessionKwarg key absent', { sessionKwarg: 'is_production' }, { sessionKwargs: {} }, false],
    [
      'sessionKwarg boolean value',
      { sessionKwarg: 'is_task=False' },
      { sessionKwargs: { is_task: false } },
      true,
    ],
    [
      'sessionKwarg other value',
      { sessionKwarg: 'is_task=true' },
      { sessionKwargs: { is_task: false } },
      false,
    ],
    [
      'sessionKwarg text value, any case, blanks trimmed',
      { sessionKwarg: ' probe_letters_to_skip = de ' },
      { sessionKwargs: { probe_letters_to_skip: 'DE' } },
      true,
    ],
    [
      'sessionKwarg number value',
      { sessionKwarg: 'perturbation_day=2' },
      { sessionKwargs: { perturbation_day: 2 } },
      true,
    ],
    [
      'taskVersion from the sheet, a piece, any case',
      { taskVersion: 'STAGE 5' },
      { taskVersion: 'stage 5 ori AMN' },
      true,
    ],
    [
      'taskVersion from the sheet, another',
      { taskVersion: 'stage 2' },
      { taskVersion: 'stage 5 ori AMN' },
      false,
    ],
  ])('%s', (_name, filter, over, expected) => {
    expect(compile(filter).matchesCatalog(session(over))).toBe(expected);
  });

  it('need no costly check', () => {
    expect(compile({ number: 1, hasIssues: false, sessionKwarg: 'is_task' }).costly).toEqual([]);
    expect(compile({ taskVersion: 'stage' }).costly.map((c) => c.fact)).toEqual(['behaviour']);
    expect(compile({ taskVersion: 'stage' }).costly[0]?.appliesTo(session({ taskVersion: 'stage 2' }))).toBe(
      false,
    );
  });
});

describe('costly conditions', () => {
  const registered = { registration: { lab: 'dynamic-routing', taskProtocol: 'DynamicRouting1 stage 5' } };
  it.each<[string, SessionFilterInput, Partial<FilterableSession>, CostlyFacts, boolean]>([
    ['lab, any case (Alyx iexact)', { lab: 'Dynamic-Routing' }, {}, registered, true],
    ['lab, a piece is not the lab', { lab: 'dynamic' }, {}, registered, false],
    ['lab unknown to the registry', { lab: 'dynamic-routing' }, {}, { registration: null }, false],
    ['taskProtocol, a piece (ONE icontains)', { taskProtocol: 'stage 5' }, {}, registered, true],
    ['taskProtocol, another', { taskProtocol: 'stage 2' }, {}, registered, false],
    [
      'taskVersion from the task file when the sheet has none',
      { taskVersion: 'timeouts' },
      { taskVersion: null },
      { behaviour: behaviour() },
      true,
    ],
    ['d′ at least, met', { crossModalityDprimeAtLeast: 1.5 }, {}, { behaviour: behaviour() }, true],
    ['d′ at least, not met', { crossModalityDprimeAtLeast: 1.6 }, {}, { behaviour: behaviour() }, false],
    [
      'd′ unknown (no block has one)',
      { crossModalityDprimeAtLeast: -10 },
      {},
      { behaviour: behaviour({ crossModalityDprime: null }) },
      false,
    ],
  ])('%s', (_name, filter, over, facts, expected) => {
    expect(passes(compile(filter), session(over), facts)).toBe(expected);
  });

  it('the registry is read first: its one query is the cheapest', () => {
    const filter = compile({
      lab: 'x',
      crossModalityDprimeAtLeast: 1,
      genotypeContains: 'wt',
      taskProtocol: 'a',
    });
    expect(filter.costly.map((c) => c.fact)).toEqual(['registration', 'genotype', 'behaviour']);
  });
});

describe('anyOf: OR of filters', () => {
  const ephys = session({ isEphys: true, trackedPlatform: 'ephys' });
  const training = session({ isEphys: false, trackedPlatform: 'training_sheet', subject: '668759' });
  const opto = { behaviour: behaviour({ isOpto: true }) };

  it('ephys sessions OR opto training sessions', () => {
    const filter = compile({
      anyOf: [{ isEphys: true }, { trackedPlatform: ['training_sheet'], isOpto: true }],
    });
    expect(passes(filter, ephys)).toBe(true);
    expect(passes(filter, training, opto)).toBe(true);
    expect(passes(filter, training, { behaviour: behaviour() })).toBe(false);
  });

  it('ANDs with the conditions beside it, and nests', () => {
    const filter = compile({
      subject: '668759',
      anyOf: [{ isEphys: true }, { anyOf: [{ hasIssues: true }, { number: 1 }] }],
    });
    expect(passes(filter, ephys)).toBe(false);
    expect(passes(filter, training)).toBe(true);
    expect(passes(filter, { ...training, idx: 1 })).toBe(false);
  });

  it('an empty anyOf is refused: it would match nothing', () => {
    expect(() => compile({ anyOf: [] })).toThrow(BadUserInputError);
  });
});

describe('meanCrossModalityDprime', () => {
  it('averages the blocks that have a d′; none → null', () => {
    expect(meanCrossModalityDprime(Float64Array.from([1, Number.NaN, 2]))).toBe(1.5);
    expect(meanCrossModalityDprime(Float64Array.from([Number.NaN]))).toBeNull();
    expect(meanCrossModalityDprime(new Float64Array(0))).toBeNull();
  });
});

describe('bad values are BadUserInputError listing what is accepted', () => {
  const deep = (levels: number): SessionFilterInput =>
    levels === 0 ? { isEphys: true } : { anyOf: [deep(levels - 1)] };
  it.each<[string, SessionFilterInput]>([
    ['number 0', { number: 0 }],
    ['number 1000', { number: 1000 }],
    ['sessionKwarg without a key', { sessionKwarg: '=true' }],
    ['sessionKwarg key with a space', { sessionKwarg: 'is task' }],
    ['blank lab', { lab: ' ' }],
    ['lab with a slash', { lab: 'a/b' }],
    ['blank taskProtocol', { taskProtocol: '' }],
    ['blank taskVersion', { taskVersion: '  ' }],
    ['d′ not finite', { crossModalityDprimeAtLeast: Number.POSITIVE_INFINITY }],
    ['anyOf nested too deep', deep(5)],
    ['anyOf with too many branches', { anyOf: Array.from({ length: 51 }, () => ({ isEphys: true })) }],
  ])('%s', (_name, filter) => {
    let error: unknown;
    try {
      compile(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).message).toContain('Accepted:');
  });
});
