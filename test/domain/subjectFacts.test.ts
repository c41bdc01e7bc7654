/**
 * Subject fact precedence, rule by rule: DocDB wins when it has a value, the sheet fills in, blanks
 * are no value, `M`/`Male` agree (sex compares by first letter), dates compare and show by day,
 * case and surrounding blanks never make a disagreement; disagreements list every conflict in field order.
 */
import { describe, expect, it } from 'vitest';
import { disagreementsOf, type Fact, fact, type SubjectFacts } from '../../src/domain/subjectFacts.ts';

type Field = keyof SubjectFacts;

describe('fact', () => {
  it.each<[Field, string | null | undefined, string | null | undefined, Fact]>([
    // which source
    ['genotype', 'wt/wt', 'wt/wt', { value: 'wt/wt', source: 'docdb', conflict: null }],
    ['genotype', undefined, 'wt/wt', { value: 'wt/wt', source: 'tracked', conflict: null }],
    ['genotype', null, ' wt/wt ', { value: 'wt/wt', source: 'tracked', conflict: null }],
    ['genotype', 'wt/wt', null, { value: 'wt/wt', source: 'docdb', conflict: null }],
    ['genotype', 'wt/wt', undefined, { value: 'wt/wt', source: 'docdb', conflict: null }],
    ['genotype', null, null, { value: null, source: null, conflict: null }],
    ['genotype', undefined, undefined, { value: null, source: null, conflict: null }],
    // blanks are no value
    ['genotype', '   ', 'wt/wt', { value: 'wt/wt', source: 'tracked', conflict: null }],
    ['genotype', '', '', { value: null, source: null, conflict: null }],
    ['genotype', ' Ai14/wt\t', '  ', { value: 'Ai14/wt', source: 'docdb', conflict: null }],
    // genotype: case and blanks ignored; anything else disagrees (DocDB shown, the sheet kept)
    ['genotype', 'WT/WT', ' wt/wt', { value: 'WT/WT', source: 'docdb', conflict: null }],
    [
      'genotype',
      'Vip-IRES-Cre/wt;Ai32/wt',
      'Vip-IRES-Cre/wt',
      {
        value: 'Vip-IRES-Cre/wt;Ai32/wt',
        source: 'docdb',
        conflict: { value: 'Vip-IRES-Cre/wt', source: 'tracked' },
      },
    ],
    ['genotype', 'wt', ' w ', { value: 'wt', source: 'docdb', conflict: { value: 'w', source: 'tracked' } }],
    // sex: first letter, any case
    ['sex', 'Male', 'M', { value: 'Male', source: 'docdb', conflict: null }],
    ['sex', 'Female', 'f', { value: 'Female', source: 'docdb', conflict: null }],
    ['sex', ' male', 'M ', { value: 'male', source: 'docdb', conflict: null }],
    ['sex', 'Male', 'F', { value: 'Male', source: 'docdb', conflict: { value: 'F', source: 'tracked' } }],
    [
      'sex',
      'Female',
      'Male',
      { value: 'Female', source: 'docdb', conflict: { value: 'Male', source: 'tracked' } },
    ],
    // genotype is not compared by first letter
    [
      'genotype',
      'wt/wt',
      'wt/VGAT',
      { value: 'wt/wt', source: 'docdb', conflict: { value: 'wt/VGAT', source: 'tracked' } },
    ],
    // date of birth: by day, shown as the day
    ['dateOfBirth', '2023-06-01', '2023-06-01', { value: '2023-06-01', source: 'docdb', conflict: null }],
    [
      'dateOfBirth',
      '2023-06-01T07:00:00Z',
      '2023-06-01',
      { value: '2023-06-01', source: 'docdb', conflict: null },
    ],
    [
      'dateOfBirth',
      '2023-06-01',
      ' 2023-06-01 00:00:00',
      { value: '2023-06-01', source: 'docdb', conflict: null },
    ],
    [
      'dateOfBirth',
      '2023-06-02T00:00:00',
      '2023-06-01',
      { value: '2023-06-02', source: 'docdb', conflict: { value: '2023-06-01', source: 'tracked' } },
    ],
    [
      'dateOfBirth',
      null,
      '2023-06-01 00:00:00',
      { value: '2023-06-01 00:00:00', source: 'tracked', conflict: null },
    ],
    // other fields compare whole: a date-like genotype or species is not cut to ten characters
    [
      'species',
      'Mus musculus domesticus',
      'mus MUSCULUS',
      {
        value: 'Mus musculus domesticus',
        source: 'docdb',
        conflict: { value: 'mus MUSCULUS', source: 'tracked' },
      },
    ],
    ['species', 'Mus musculus', 'MUS MUSCULUS ', { value: 'Mus musculus', source: 'docdb', conflict: null }],
  ])('%s: docdb %j, sheet %j', (field, docdb, sheet, expected) => {
    expect(fact(field, docdb, sheet)).toEqual(expected);
  });
});

describe('fact with the registry (DocDB, then the registry, then the sheet)', () => {
  it.each<[Field, string | null, string | null, string | null, Fact]>([
    ['genotype', null, null, 'wt/wt', { value: 'wt/wt', source: 'registry', conflict: null }],
    ['genotype', null, 'wt/wt', ' WT/wt ', { value: 'WT/wt', source: 'registry', conflict: null }],
    [
      'genotype',
      null,
      'Ai14/wt',
      'wt/wt',
      { value: 'wt/wt', source: 'registry', conflict: { value: 'Ai14/wt', source: 'tracked' } },
    ],
    [
      'genotype',
      'wt/wt',
      'Ai14/wt',
      'Ai32/wt',
      { value: 'wt/wt', source: 'docdb', conflict: { value: 'Ai32/wt', source: 'registry' } },
    ],
    [
      'genotype',
      'wt/wt',
      'Ai14/wt',
      'wt/wt',
      { value: 'wt/wt', source: 'docdb', conflict: { value: 'Ai14/wt', source: 'tracked' } },
    ],
    ['sex', 'Male', null, 'M', { value: 'Male', source: 'docdb', conflict: null }],
    ['sex', null, 'F', 'M', { value: 'M', source: 'registry', conflict: { value: 'F', source: 'tracked' } }],
    ['dateOfBirth', null, null, '2024-01-02', { value: '2024-01-02', source: 'registry', conflict: null }],
    [
      'dateOfBirth',
      '2024-01-02T00:00:00Z',
      null,
      '2024-01-03',
      { value: '2024-01-02', source: 'docdb', conflict: { value: '2024-01-03', source: 'registry' } },
    ],
  ])('%s: docdb %j, sheet %j, registry %j', (field, docdb, sheet, registry, expected) => {
    expect(fact(field, docdb, sheet, registry)).toEqual(expected);
  });
});

describe('disagreementsOf', () => {
  const agree = (value: string): Fact => ({ value, source: 'docdb', conflict: null });
  const conflict = (value: string, other: string): Fact => ({
    value,
    source: 'docdb',
    conflict: { value: other, source: 'tracked' },
  });
  const none: Fact = { value: null, source: null, conflict: null };

  it('no conflicts: none', () => {
    expect(
      disagreementsOf({
        genotype: agree('wt/wt'),
        sex: agree('Male'),
        dateOfBirth: agree('2023-06-01'),
        species: none,
      }),
    ).toEqual([]);
  });

  it('every conflict, in field order, with both values and sources', () => {
    expect(
      disagreementsOf({
        genotype: conflict('Ai14/wt', 'wt/wt'),
        sex: conflict('Male', 'F'),
        dateOfBirth: conflict('2023-06-02', '2023-06-01'),
        species: agree('Mus musculus'),
      }),
    ).toEqual([
      { field: 'genotype', shown: 'Ai14/wt', shownSource: 'docdb', other: 'wt/wt', otherSource: 'tracked' },
      { field: 'sex', shown: 'Male', shownSource: 'docdb', other: 'F', otherSource: 'tracked' },
      {
        field: 'dateOfBirth',
        shown: '2023-06-02',
        shownSource: 'docdb',
        other: '2023-06-01',
        otherSource: 'tracked',
      },
    ]);
  });

  it('a conflict without a shown value or source is not reported', () => {
    const orphan = (f: Partial<Fact>): Fact => ({ ...conflict('x', 'y'), ...f });
    expect(
      disagreementsOf({
        genotype: orphan({ value: null }),
        sex: orphan({ source: null }),
        dateOfBirth: none,
        species: conflict('Mus musculus', 'Rattus'),
      }),
    ).toEqual([
      {
        field: 'species',
        shown: 'Mus musculus',
        shownSource: 'docdb',
        other: 'Rattus',
        otherSource: 'tracked',
      },
    ]);
  });
});
