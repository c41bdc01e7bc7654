import { describe, expect, it } from 'vitest';
import {
  type DatasetTypeRule,
  dataFormatFor,
  datasetTypeMatcher,
  FILE_EXTENSION_RE,
  filenamePatternProblem,
  matchDatasetType,
} from '../../src/domain/alf/index.ts';

// The dataset types of ONE's get_dataset_type test.
const ONE_TYPES: DatasetTypeRule[] = [
  { name: 'obj.attr', filenamePattern: '' },
  { name: 'foo.bar', filenamePattern: '*FOO.b?r*' },
  { name: 'some_file', filenamePattern: 'some_file.*' },
];
const nameOf = (outcome: object) =>
  'value' in outcome
    ? (outcome as { value: DatasetTypeRule }).value.name
    : (outcome as { problem: { code: string } }).problem.code;

describe("matchDatasetType (ONE's get_dataset_type)", () => {
  it.each([
    ['foo.bar.npy', 'foo.bar'],
    ['foo.bir.npy', 'foo.bar'],
    ['FOO.BAR.NPY', 'foo.bar'],
    ['_ns_obj.attr_clock.extra.npy', 'obj.attr'],
    ['obj.attr.npy', 'obj.attr'],
    ['some_file.ext', 'some_file'],
    ['no_match', 'NO_DATASET_TYPE'],
    ['obj.other.npy', 'NO_DATASET_TYPE'],
    ['Obj.attr.npy', 'NO_DATASET_TYPE'], // a blank pattern compares the name exactly, as ONE does
  ])('%s → %s', (fileName, expected) => {
    expect(nameOf(matchDatasetType(fileName, ONE_TYPES))).toBe(expected);
  });

  it('names every candidate when more than one type matches', () => {
    const types = [...ONE_TYPES, { name: 'foo.bor', filenamePattern: 'foo.bor*' }];
    expect(matchDatasetType('foo.bor', types)).toEqual({
      problem: {
        code: 'AMBIGUOUS_DATASET_TYPE',
        message: "'foo.bor' matches 2 dataset types: foo.bar, foo.bor (exactly one must match)",
        candidates: ['foo.bar', 'foo.bor'],
      },
    });
  });

  it('compares a non-ALF name with its stem for blank patterns', () => {
    const types = [{ name: 'DynamicRouting1_676909_20231213_134340', filenamePattern: null }];
    expect(nameOf(matchDatasetType('DynamicRouting1_676909_20231213_134340.hdf5', types))).toBe(
      'DynamicRouting1_676909_20231213_134340',
    );
  });

  it('matches globs as fnmatch does: no braces, leading dots matched by *, character classes', () => {
    const types = [
      { name: 'braced', filenamePattern: '{a,b}.txt' },
      { name: 'hidden', filenamePattern: '*.cfg' },
      { name: 'class', filenamePattern: 'spikes.[!x]*.npy' },
    ];
    const match = datasetTypeMatcher(types);
    expect(nameOf(match('a.txt'))).toBe('NO_DATASET_TYPE');
    expect(nameOf(match('{a,b}.txt'))).toBe('braced');
    expect(nameOf(match('.rig.cfg'))).toBe('hidden');
    expect(nameOf(match('spikes.times.npy'))).toBe('class');
    expect(nameOf(match('spikes.xtimes.npy'))).toBe('NO_DATASET_TYPE');
  });

  it.each([
    ['*.hdf5', null],
    ['_ibl_trials.*', null],
    ['[a-', null], // picomatch reads an unclosed class literally, as fnmatch does
    ['behavior/*.hdf5', 'cannot contain /'],
  ])('pattern %s → %s', (pattern, problem) => {
    const found = filenamePatternProblem(pattern);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('dataFormatFor (Alyx: the format by extension)', () => {
  const formats = [
    { name: 'npy', fileExtension: '.npy' },
    { name: 'parquet', fileExtension: '.pqt' },
    { name: 'hdf5', fileExtension: '.hdf5' },
  ];
  it.each([
    ['spikes.times.npy', 'npy'],
    ['trials.table.PQT', 'parquet'],
    ['DynamicRouting1_676909_20231213_134340.hdf5', 'hdf5'],
  ])('%s → %s', (fileName, expected) => {
    expect(dataFormatFor(fileName, formats)).toEqual({ value: formats.find((f) => f.name === expected) });
  });

  it.each([
    ['wheel.position.xxx', 'no data format has the extension .xxx; known: .npy, .pqt, .hdf5'],
    ['no_match', "'no_match' has no extension; known: .npy, .pqt, .hdf5"],
    ['.npy', "'.npy' has no extension; known: .npy, .pqt, .hdf5"],
  ])('%s → UNKNOWN_EXTENSION', (fileName, message) => {
    expect(dataFormatFor(fileName, formats)).toEqual({ problem: { code: 'UNKNOWN_EXTENSION', message } });
  });

  it('refuses an extension two formats claim', () => {
    const twice = [...formats, { name: 'numpy', fileExtension: '.NPY' }];
    expect(dataFormatFor('a.b.npy', twice)).toMatchObject({
      problem: { code: 'AMBIGUOUS_DATA_FORMAT', candidates: ['npy', 'numpy'] },
    });
  });

  it.each([
    ['.npy', true],
    ['.tar', true],
    ['npy', false],
    ['.tar.gz', false],
    ['.', false],
    ['.a b', false],
  ])('extension %s is valid: %s', (extension, valid) => {
    expect(FILE_EXTENSION_RE.test(extension)).toBe(valid);
  });
});
