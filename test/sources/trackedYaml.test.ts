import { describe, expect, it } from 'vitest';
import { SourceFileError } from '../../src/errors.ts';
import { parseTrackedYaml } from '../../src/sources/tracked/yamlParser.ts';

const FILE = 'tracked_sessions.yaml';
const NOW = new Date(Date.UTC(2026, 5, 1));
const PILOT = '//allen/programs/mindscope/workgroups/dynamicrouting/PilotEphys/Task 2 pilot';
const TEMPLETON = '//allen/programs/mindscope/workgroups/templeton/TTOC/pilot recordings';

const parse = (text: string) => parseTrackedYaml(text, FILE, NOW);
const byId = (text: string) => new Map(parse(text).sessions.map((s) => [s.id, s]));

describe('tracked_sessions.yaml entries', () => {
  it('reads bare strings and single-key maps alike', () => {
    const text = `
ephys:
  DynamicRouting:
    - ${PILOT}/DRpilot_644867_20230221
    - ${PILOT}/DRpilot_667252_20230925:
        day: 4
        notes: amplifier off after 83 min
        issues:
          - https://github.com/AllenInstitute/npc_sessions/issues/28 # a comment
`;
    const { sessions, warnings } = parse(text);
    expect(warnings).toEqual([]);
    expect(sessions).toEqual([
      {
        id: '644867_2023-02-21',
        subject: '644867',
        date: '2023-02-21',
        idx: 0,
        project: 'DynamicRouting',
        platform: 'ephys',
        isEphys: true,
        isSync: true,
        experimentDay: 1,
        notes: '',
        issues: [],
        sessionKwargs: {},
        ignoredConfig: {},
        allenPath: `${PILOT}/DRpilot_644867_20230221`,
        origin: { kind: 'yaml', file: FILE, line: 4 },
        training: null,
      },
      expect.objectContaining({
        id: '667252_2023-09-25',
        experimentDay: 4,
        notes: 'amplifier off after 83 min',
        issues: ['https://github.com/AllenInstitute/npc_sessions/issues/28'],
        origin: { kind: 'yaml', file: FILE, line: 5 },
      }),
    ]);
  });

  it.each([
    ['ephys', true, true],
    ['behavior_with_sync', false, true],
    ['behavior', false, false],
  ])('platform %s → isEphys %s, isSync %s', (platform, isEphys, isSync) => {
    const [session] = parse(
      `${platform}:\n  DynamicRouting:\n    - ${PILOT}/DRpilot_644867_20230221\n`,
    ).sessions;
    expect(session).toMatchObject({ platform, isEphys, isSync });
  });

  it('takes `day` when given, else ranks the date among the subject’s entries in that list (duplicates counted)', () => {
    const sessions = byId(`
ephys:
  DynamicRouting:
    - ${PILOT}/DRpilot_644867_20230223
    - ${PILOT}/DRpilot_644867_20230221
    - ${PILOT}/DRpilot_649943_20230221
    - ${PILOT}/DRpilot_644867_20230222: {day: 7}
  TempletonPilotSession:
    - ${TEMPLETON}/2022-09-20_13-21-35_628801
    - ${TEMPLETON}/2022-09-21_12-58-02_628801
    - ${TEMPLETON}/2022-09-20_13-21-35_628801
behavior_with_sync:
  DynamicRouting:
    - ${PILOT}/DRpilot_644867_20230301
`);
    const days = Object.fromEntries([...sessions].map(([id, s]) => [id, s.experimentDay]));
    expect(days).toEqual({
      '644867_2023-02-23': 3,
      '644867_2023-02-21': 1,
      '649943_2023-02-21': 1,
      '644867_2023-02-22': 7,
      '628801_2022-09-20': 1,
      // the repeated 09-20 entry sits before 09-21 in the sorted dates, as in npc_lims
      '628801_2022-09-21': 3,
      // a separate list: ranks start again
      '644867_2023-03-01': 1,
    });
  });

  it.each([
    ['idx in the config', `${PILOT}/DRpilot_676909_20231213_surface: {idx: 1}`, '676909_2023-12-13_1', 1],
    ['idx 0 in the config overrides the path', '366122_20210601_2: {idx: 0}', '366122_2021-06-01', 0],
    ['idx at the end of the path', '366122_20210601_1', '366122_2021-06-01_1', 1],
    [
      'an extension hides a trailing number',
      '"//x/DynamicRouting1_670243_20230505_134550.hdf5"',
      '670243_2023-05-05',
      0,
    ],
  ])('%s', (_, entry, id, idx) => {
    const [session] = parse(`behavior:\n  DynamicRouting:\n    - ${entry}\n`).sessions;
    expect(session).toMatchObject({ id, idx });
  });

  it('keeps the first of duplicated entries and warns with both lines', () => {
    const { sessions, warnings } = parse(`
ephys:
  TempletonPilotSession:
    - ${TEMPLETON}/2022-09-20_13-21-35_628801:
        session_kwargs: {is_video: false}
    - ${TEMPLETON}/2022-09-20_13-21-35_628801
`);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.sessionKwargs).toEqual({ is_video: false });
    expect(warnings).toEqual([
      `${FILE} (line 6): 628801_2022-09-20 is listed again (first at line 4); the first entry wins`,
    ]);
  });

  it('skips empty projects and platforms', () => {
    const { sessions } = parse(`
ephys:
behavior:
  DynamicRouting:
    - ${PILOT}/DRpilot_644867_20230221
  TempletonPilotSession:
behavior_with_sync:
  DynamicRouting: []
`);
    expect(sessions.map((s) => s.id)).toEqual(['644867_2023-02-21']);
  });

  it('keeps session_kwargs as written (YAML 1.1 booleans, invalid_times) and sets unused keys aside', () => {
    const { sessions, warnings } = parse(`
ephys:
  DynamicRouting:
    - ${PILOT}/DRpilot_667252_20230925:
        day: 1
        ephys_day: 1
        perturbation_day: 2
        color: blue
        session_kwargs:
          probe_letters_to_skip: DE
          is_video: no
          is_sync: True
          concatenate_recordings: [1, 2]
          invalid_times:
            - {start_time: 4996, stop_time: -1, reason: auditory stimulus not presented (amplifier power issue)}
`);
    expect(sessions[0]?.sessionKwargs).toEqual({
      probe_letters_to_skip: 'DE',
      is_video: false,
      is_sync: true,
      concatenate_recordings: [1, 2],
      invalid_times: [
        {
          start_time: 4996,
          stop_time: -1,
          reason: 'auditory stimulus not presented (amplifier power issue)',
        },
      ],
    });
    expect(sessions[0]?.ignoredConfig).toEqual({ ephys_day: 1, perturbation_day: 2, color: 'blue' });
    expect(warnings).toEqual([`${FILE} (line 8): unknown config key color (ignored)`]);
  });

  it('reads an empty file as no sessions', () => {
    expect(parse('# nothing tracked yet\n')).toEqual({ sessions: [], warnings: [] });
  });
});

describe('malformed tracked_sessions.yaml', () => {
  it.each([
    [
      'a syntax error',
      `ephys:\n  DynamicRouting:\n    - ${PILOT}/DRpilot_644867_20230221\n    - [unclosed\n`,
      4,
      /flow sequence|unclosed|end with a \]/i,
    ],
    [
      'a map with two keys (config not indented under the path)',
      `ephys:\n  DynamicRouting:\n    - ${PILOT}/DRpilot_644867_20230221:\n      day: 2\n`,
      3,
      /single-key map.*2 keys/,
    ],
    [
      'an unparseable path',
      `ephys:\n  DynamicRouting:\n    - ${PILOT}/DRpilot_644867_20230221\n    - ${PILOT}/DRpilot_64486_20230221\n`,
      4,
      /Cannot read session reference.*64486 has 5 digits/,
    ],
    [
      'an impossible date',
      `behavior:\n  DynamicRouting:\n    - 644867_2023-13-01\n`,
      3,
      /Cannot read session reference/,
    ],
    [
      'an unknown platform',
      `ephys:\n  DynamicRouting:\nopto:\n  DynamicRouting:\n`,
      3,
      /unknown platform opto/,
    ],
    [
      'a project that is not a list',
      `ephys:\n  DynamicRouting: ${PILOT}/DRpilot_644867_20230221\n`,
      2,
      /must be a list/,
    ],
    [
      'a platform that is not a map',
      `ephys:\n  - ${PILOT}/DRpilot_644867_20230221\n`,
      2,
      /platform ephys .* must be a map/,
    ],
    ['a top level that is a list', `- ${PILOT}/DRpilot_644867_20230221\n`, 1, /top level .* must be a map/],
    [
      'an entry that is a list',
      `ephys:\n  DynamicRouting:\n    - [a, b]\n`,
      3,
      /must be a path or \{path: config\}/,
    ],
    [
      'a bare MID without a date',
      `ephys:\n  DynamicRouting:\n    - 644867\n`,
      3,
      /Cannot read session reference "644867"/,
    ],
    ['an empty path', `ephys:\n  DynamicRouting:\n    - ""\n`, 3, /expected a session path/],
    [
      'a day that is not a whole number',
      `ephys:\n  DynamicRouting:\n    - DRpilot_644867_20230221:\n        day: two\n`,
      4,
      /day must be an integer/,
    ],
    [
      'a negative idx',
      `ephys:\n  DynamicRouting:\n    - DRpilot_644867_20230221:\n        idx: -1\n`,
      4,
      /idx must be an integer ≥ 0/,
    ],
    [
      'session_kwargs that is a list',
      `ephys:\n  DynamicRouting:\n    - DRpilot_644867_20230221:\n        session_kwargs: [a]\n`,
      4,
      /session_kwargs must be a map/,
    ],
    [
      'issues that is text',
      `ephys:\n  DynamicRouting:\n    - DRpilot_644867_20230221:\n        issues: https://x/1\n`,
      4,
      /issues must be a list/,
    ],
    ['a duplicated platform key', `ephys:\n  DynamicRouting:\nephys:\n  DynamicRouting:\n`, 3, /unique/i],
  ])('%s → SourceFileError on the right line', (_, text, line, message) => {
    let caught: unknown;
    try {
      parse(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SourceFileError);
    const error = caught as SourceFileError;
    expect(error.file).toBe(FILE);
    expect(error.location).toBe(`line ${line}`);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${FILE} (line ${line}): `)).toBe(true);
  });
});
