/**
 * The dashboard's pure pieces (web/): shareable routes round-trip, the GraphiQL link carries the
 * view's variables as defaults of a document that still parses, and the session summaries and kinds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { errorAt, errorsUnder, withDefaults } from '../../web/graphql.ts';
import { formatRoute, parseRoute, type Route } from '../../web/route.ts';
import { meanOf, sessionKind, summarise } from '../../web/summary.ts';

const operation = (file: string) =>
  readFileSync(path.join(PROJECT_ROOT, 'schema', 'operations', file), 'utf8');

function defaultsOf(document: string): Record<string, string> {
  const definition = parse(document).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return Object.fromEntries(
    (definition?.variableDefinitions ?? []).flatMap((v) =>
      v.defaultValue ? [[v.variable.name.value, print(v.defaultValue)]] : [],
    ),
  );
}

describe('routes', () => {
  const routes: Route[] = [
    {
      view: 'lab',
      filters: { project: null, genotype: null, from: null, to: null },
      sort: 'lastSession',
      descending: true,
    },
    {
      view: 'lab',
      filters: {
        project: 'Dynamic Routing',
        genotype: 'Pvalb/wt;Ai32',
        from: '2023-01-01',
        to: '2023-12-31',
      },
      sort: 'dprime',
      descending: false,
    },
    { view: 'subject', id: '676909' },
    { view: 'session', ref: '676909_2023-12-13_1' },
    { view: 'session', ref: 's3://bucket/676909/DynamicRouting1_676909_20231213_134340.hdf5' },
  ];
  it.each(routes)('%j survives formatting and parsing', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });
  it('reads an empty hash as the lab, and an unknown path as unknown', () => {
    expect(parseRoute('')).toMatchObject({ view: 'lab', sort: 'lastSession', descending: true });
    expect(parseRoute('#/nope/1/2')).toEqual({ view: 'unknown', hash: '#/nope/1/2' });
    expect(parseRoute('#/?sort=bogus')).toMatchObject({ view: 'lab', sort: 'lastSession' });
  });
});

describe('the GraphiQL link: variables become the operation defaults', () => {
  it('replaces a default and keeps the document valid', () => {
    const document = withDefaults(operation('dashboardSession.graphql'), { ref: 'a "quoted" \\ ref' });
    expect(defaultsOf(document)).toEqual({ ref: '"a \\"quoted\\" \\\\ ref"' });
  });
  it('adds defaults to nullable variables that had none, and leaves null ones alone', () => {
    const document = withDefaults(operation('dashboardLab.graphql'), {
      project: 'DynamicRouting',
      genotype: null,
      from: '2023-01-01',
      to: null,
    });
    expect(defaultsOf(document)).toEqual({ project: '"DynamicRouting"', from: '"2023-01-01"' });
  });
});

describe('errors by path', () => {
  const errors = [
    { message: 'a', path: ['subject', 'sessions', 'edges', 3, 'node', 'performance'] },
    { message: 'b', path: ['session', 'trials'] },
  ];
  it('matches a field path with or without list indexes', () => {
    expect(errorAt(errors, ['subject', 'sessions'])?.message).toBe('a');
    expect(errorAt(errors, ['session', 'performance'])).toBeUndefined();
    expect(errorsUnder(errors, ['subject', 'sessions', 'edges', 3])).toHaveLength(1);
    expect(errorsUnder(errors, ['subject', 'sessions', 'edges', 2])).toHaveLength(0);
  });
});

describe('session summaries', () => {
  it('average the blocks, leaving NaN (null) blocks out', () => {
    expect(meanOf([1, null, 3])).toBe(2);
    expect(meanOf([null, undefined])).toBeNull();
    expect(
      summarise([
        { crossModalityDprime: 2, hitRate: 0.9, falseAlarmRate: 0.1 },
        { crossModalityDprime: null, hitRate: 0.7, falseAlarmRate: 0.3 },
      ]),
    ).toEqual({ dprime: 2, hitRate: 0.8, falseAlarmRate: 0.2 });
  });
  it.each([
    [{ isOpto: true, isEphys: true, isHab: false, isTraining: false }, 'opto'],
    [{ isOpto: false, isEphys: true, isHab: false, isTraining: false }, 'ephys'],
    [{ isOpto: false, isEphys: false, isHab: true, isTraining: false }, 'habituation'],
    [{ isOpto: false, isEphys: false, isHab: false, isTraining: true }, 'training'],
    [
      { isOpto: null, isEphys: null, isHab: null, isTraining: null, trackedPlatform: 'TRAINING_SHEET' },
      'training',
    ],
    [{ isOpto: null, isEphys: null, isHab: null, isTraining: null }, 'other'],
  ] as const)('%j is marked %s', (flags, kind) => {
    expect(sessionKind(flags)).toBe(kind);
  });
});
