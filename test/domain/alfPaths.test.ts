import { describe, expect, it } from 'vitest';
import {
  AlfNameError,
  buildRelativePath,
  buildSessionPath,
  parseExperimentRef,
  parseFileName,
  parseFolderParts,
  parseRelativePath,
  parseSessionPath,
  toAlf,
} from '../../src/domain/alf/index.ts';

const codeOf = (outcome: object) =>
  'problem' in outcome ? (outcome as { problem: { code: string } }).problem.code : null;

describe('ALF session paths (reference §2, ONE session_path_parts)', () => {
  it.each([
    [
      'mainenlab/Subjects/ibl_witten_14/2019-12-04/001',
      { root: '', lab: 'mainenlab', subject: 'ibl_witten_14', date: '2019-12-04', number: 1 },
    ],
    [
      '/data/mainenlab/Subjects/ibl_witten_14/2019-12-04/001',
      { root: '/data/', lab: 'mainenlab', subject: 'ibl_witten_14', date: '2019-12-04', number: 1 },
    ],
    [
      'dynamic-routing/Subjects/676909/2023-12-13/002',
      { root: '', lab: 'dynamic-routing', subject: '676909', date: '2023-12-13', number: 2 },
    ],
    ['ZFM-01935/2021-02-05/001', { root: '', lab: '', subject: 'ZFM-01935', date: '2021-02-05', number: 1 }],
    [
      'cache\\ZFM-01935\\2021-02-05\\7',
      { root: 'cache/', lab: '', subject: 'ZFM-01935', date: '2021-02-05', number: 7 },
    ],
    [
      's3://bucket/root/676909/2023-12-13/001/',
      { root: 's3://bucket/root/', lab: '', subject: '676909', date: '2023-12-13', number: 1 },
    ],
  ])('%s is a session path', (path, parts) => {
    expect(parseSessionPath(path)).toEqual({ value: parts });
  });

  it.each([
    ['mainenlab/Subjects/ibl_witten_14/2019-12-04', 'the last folder'],
    ['mainenlab/Subjects/ibl_witten_14/2019-12-04/001/tutu', 'the last folder'],
    ['ibl_witten_14/2019-12-04/000', 'numbered from 001'],
    ['ibl_witten_14/2019-12-04/1000', 'the last folder'],
    ['ibl_witten_14/2019-02-30/001', 'YYYY-MM-DD'],
    ['ibl witten/2019-12-04/001', 'subject name'],
    ['2019-12-04/001', 'subject, date and number'],
  ])('%s is not (%s)', (path, why) => {
    const parsed = parseSessionPath(path);
    expect(codeOf(parsed)).toBe('INVALID_ALF_PATH');
    expect('problem' in parsed && parsed.problem.message).toContain(why);
  });

  it('builds session paths with and without a lab, padding the number', () => {
    expect(
      buildSessionPath({ lab: 'mainenlab', subject: 'ibl_witten_14', date: '2019-12-04', number: 1 }),
    ).toBe('mainenlab/Subjects/ibl_witten_14/2019-12-04/001');
    // ONE's create_new_session: <subject>/<date>/<NNN>, no lab
    expect(buildSessionPath({ lab: '', subject: 'ZFM-01935', date: '2020-01-01', number: 2 })).toBe(
      'ZFM-01935/2020-01-01/002',
    );
    expect(() => buildSessionPath({ lab: '', subject: 's', date: '2020-01-01', number: 1000 })).toThrow(
      AlfNameError,
    );
    expect(() => buildSessionPath({ lab: 'a/b', subject: 's', date: '2020-01-01', number: 1 })).toThrow(
      AlfNameError,
    );
    expect(() => buildSessionPath({ lab: '', subject: 's', date: '2020-13-01', number: 1 })).toThrow(
      AlfNameError,
    );
  });

  it('reads experiment references, padded or not, as the same session as the path', () => {
    expect(parseExperimentRef('2018-07-13_1_flowers')).toEqual(parseExperimentRef('2018-07-13_001_flowers'));
    const ref = parseExperimentRef('2021-02-05_001_ZFM-01935');
    const { root: _root, ...path } = (
      parseSessionPath('ZFM-01935/2021-02-05/001') as { value: { root: string } }
    ).value;
    expect(ref).toEqual({ value: path });
    expect(codeOf(parseExperimentRef('2018-07-13_0_flowers'))).toBe('INVALID_ALF_PATH');
    expect(codeOf(parseExperimentRef('flowers_2018-07-13_1'))).toBe('INVALID_ALF_PATH');
  });
});

describe('relative paths (<collection>/)?(#<revision>#/)?<file>', () => {
  it.each([
    ['trials.table.pqt', '', '', 'trials.table.pqt'],
    ['alf/_ibl_trials.table.pqt', 'alf', '', '_ibl_trials.table.pqt'],
    ['alf/probe01/spikes.times.npy', 'alf/probe01', '', 'spikes.times.npy'],
    ['alf/probe01/#2024-01-01#/spikes.times.npy', 'alf/probe01', '2024-01-01', 'spikes.times.npy'],
    ['#tag1#/f.npy', '', 'tag1', 'f.npy'],
    [
      'behavior/DynamicRouting1_676909_20231213_134340.hdf5',
      'behavior',
      '',
      'DynamicRouting1_676909_20231213_134340.hdf5',
    ],
  ])('%s → collection %s, revision %s, file %s', (path, collection, revision, fileName) => {
    expect(parseRelativePath(path)).toEqual({ value: { collection, revision, fileName } });
    expect(buildRelativePath({ collection, revision, fileName })).toBe(path);
  });

  it.each([
    ['#rev#/alf/spikes.times.npy', 'must be the last folder'],
    ['alf/#r1#/#r2#/spikes.times.npy', 'must be the last folder'],
    ['alf/##/spikes.times.npy', 'not a revision folder'],
    ['alf/#re v#/x.npy', 'not a revision folder'],
    ['alf/#..#/x.npy', 'not a revision'],
    ['../other/x.npy', "'..'"],
    ['alf/./x.npy', "'.'"],
    ['/alf/x.npy', 'relative'],
    ['alf\\x.npy', 'use /'],
    ['alf//x.npy', 'empty folder'],
    ['alf/', 'names a folder'],
    ['', 'empty'],
    ['alf/x y.npy', 'file name'],
    [`${'a/'.repeat(600)}x.npy`, 'longer than'],
  ])('%s is refused (%s)', (path, why) => {
    const parsed = parseRelativePath(path);
    expect(codeOf(parsed)).toBe('INVALID_ALF_PATH');
    expect('problem' in parsed && parsed.problem.message).toContain(why);
  });

  it('does not build a path that would read back differently', () => {
    expect(() => buildRelativePath({ collection: 'alf/#x#', revision: '', fileName: 'a.b.npy' })).toThrow(
      AlfNameError,
    );
    expect(() => buildRelativePath({ collection: '', revision: 'a b', fileName: 'a.b.npy' })).toThrow(
      AlfNameError,
    );
  });

  it("splits a folder into session, collection and revision (ONE's folder_parts)", () => {
    expect(parseFolderParts('lab/Subjects/subject/2020-01-01/001/collection/#revision#')).toEqual({
      value: {
        root: '',
        lab: 'lab',
        subject: 'subject',
        date: '2020-01-01',
        number: 1,
        collection: 'collection',
        revision: 'revision',
      },
    });
    expect(parseFolderParts('subject/2020-01-01/001')).toEqual({
      value: {
        root: '',
        lab: '',
        subject: 'subject',
        date: '2020-01-01',
        number: 1,
        collection: '',
        revision: '',
      },
    });
    expect(codeOf(parseFolderParts('lab/Subjects/subject/2020-01-01/001/#rev#/alf'))).toBe(
      'INVALID_ALF_PATH',
    );
    expect(codeOf(parseFolderParts('lab/Subjects/subject/2020-01-01'))).toBe('INVALID_ALF_PATH');
  });
});

describe('ALF file names', () => {
  it.each([
    [
      '_ibl_spikes.times_ephysClock.ssv',
      {
        namespace: 'ibl',
        object: 'spikes',
        attribute: 'times',
        timescale: 'ephysClock',
        extras: [],
        extension: 'ssv',
      },
    ],
    [
      '_ibl_wheel.timestamps_bpod.raw.v12.npy',
      {
        namespace: 'ibl',
        object: 'wheel',
        attribute: 'timestamps',
        timescale: 'bpod',
        extras: ['raw', 'v12'],
        extension: 'npy',
      },
    ],
    [
      '_ns_obj.attr_clock.extra.npy',
      {
        namespace: 'ns',
        object: 'obj',
        attribute: 'attr',
        timescale: 'clock',
        extras: ['extra'],
        extension: 'npy',
      },
    ],
    [
      'trials.stimOn_times.npy',
      {
        namespace: '',
        object: 'trials',
        attribute: 'stimOn_times',
        timescale: '',
        extras: [],
        extension: 'npy',
      },
    ],
    [
      'trials.stimOn_times_bpod.npy',
      {
        namespace: '',
        object: 'trials',
        attribute: 'stimOn_times',
        timescale: 'bpod',
        extras: [],
        extension: 'npy',
      },
    ],
    [
      'trials.intervals.npy',
      {
        namespace: '',
        object: 'trials',
        attribute: 'intervals',
        timescale: '',
        extras: [],
        extension: 'npy',
      },
    ],
    [
      'spikes.clusters.3b1c-uuid.npy',
      {
        namespace: '',
        object: 'spikes',
        attribute: 'clusters',
        timescale: '',
        extras: ['3b1c-uuid'],
        extension: 'npy',
      },
    ],
    [
      'foo.bar.npy',
      { namespace: '', object: 'foo', attribute: 'bar', timescale: '', extras: [], extension: 'npy' },
    ],
  ])('%s', (name, parts) => {
    expect(parseFileName(name)).toEqual(parts);
  });

  it.each([
    'some_file.ext',
    'no_match',
    'DynamicRouting1_676909_20231213_134340.hdf5',
    '_obj.attr.npy',
    '.hidden',
  ])('%s is not an ALF name', (name) => {
    expect(parseFileName(name)).toBeNull();
  });

  it('toAlf builds the reference examples', () => {
    expect(toAlf('spikes', 'times', 'ssv', { namespace: 'ibl', timescale: 'ephysClock' })).toBe(
      '_ibl_spikes.times_ephysClock.ssv',
    );
    expect(
      toAlf('wheel', 'timestamps', 'npy', { namespace: 'ibl', timescale: 'bpod', extras: ['raw', 'v12'] }),
    ).toBe('_ibl_wheel.timestamps_bpod.raw.v12.npy');
    expect(toAlf('trials', 'table', '.pqt')).toBe('trials.table.pqt');
  });

  it.each([
    ['no extension', () => toAlf('spikes', 'times', ''), 'needs an extension'],
    ['a dot in the object', () => toAlf('spi.kes', 'times', 'npy'), "contains a '.'"],
    ['a dot in an extra', () => toAlf('spikes', 'times', 'npy', { extras: ['a.b'] }), "contains a '.'"],
    [
      'a dot in the namespace',
      () => toAlf('spikes', 'times', 'npy', { namespace: 'i.bl' }),
      "contains a '.'",
    ],
    ['an object starting with _', () => toAlf('_spikes', 'times', 'npy'), "starts with '_'"],
    [
      'a namespace with _',
      () => toAlf('spikes', 'times', 'npy', { namespace: 'i_bl' }),
      'would not read back',
    ],
    ['a space', () => toAlf('spikes', 'ti mes', 'npy'), 'would not read back'],
  ])('toAlf refuses %s', (_case, build, message) => {
    expect(build).toThrow(AlfNameError);
    expect(build).toThrow(message);
  });
});
