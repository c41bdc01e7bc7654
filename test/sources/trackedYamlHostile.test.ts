/**
 * Hostile and huge tracked_sessions.yaml files (issue 9 #10), generated here: a large file reads in
 * O(n log n) (the experiment-day rank used to rescan every entry per entry: 40k entries took 107 s);
 * alias bombs and the billion laughs are refused with the file and line instead of crashing startup
 * with a stack overflow or a bare ReferenceError.
 */
import { describe, expect, it } from 'vitest';
import { SourceFileError } from '../../src/errors.ts';
import { MAX_YAML_ALIASES, parseTrackedYaml } from '../../src/sources/tracked/yamlParser.ts';

const FILE = 'hostile/tracked_sessions.yaml';
const NOW = new Date('2025-06-15T12:00:00Z');
const ENTRY = '    - 676909_2023-12-13:\n        session_kwargs:\n';

function refusal(text: string): SourceFileError {
  let caught: unknown = null;
  try {
    parseTrackedYaml(text, FILE, NOW);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SourceFileError);
  const error = caught as SourceFileError;
  expect(error.file).toBe(FILE);
  expect(error.location).toMatch(/^line \d+$/);
  expect(error.message).toContain(FILE);
  return error;
}

describe('a large tracked file', () => {
  it('40,000 entries are read, with the reference experiment days', { timeout: 60_000 }, () => {
    const subjects = 500;
    const lines = ['behavior:', '  DynamicRouting:'];
    for (let i = 0; i < 40_000; i++) {
      const day = new Date(Date.UTC(2022, 0, 1) + Math.floor(i / subjects) * 86_400_000);
      lines.push(`    - ${600_000 + (i % subjects)}_${day.toISOString().slice(0, 10)}`);
    }
    const { sessions } = parseTrackedYaml(`${lines.join('\n')}\n`, FILE, NOW);
    expect(sessions).toHaveLength(40_000);
    // Each subject has one entry per day: its n-th day is experiment day n.
    expect(sessions.slice(0, subjects).every((s) => s.experimentDay === 1)).toBe(true);
    expect(sessions.at(-1)?.experimentDay).toBe(80);
  });

  it('the rank counts earlier dates of the same subject only, duplicates included', () => {
    const text = [
      'ephys:',
      '  P:',
      '    - 676909_2023-12-15',
      '    - 676909_2023-12-13',
      '    - 676909_2023-12-13_1',
      '    - 676910_2023-12-01',
      '    - 676909_2023-12-14',
      '',
    ].join('\n');
    const days = parseTrackedYaml(text, FILE, NOW).sessions.map((s) => [s.id, s.experimentDay]);
    expect(days).toEqual([
      ['676909_2023-12-15', 4],
      ['676909_2023-12-13', 1],
      ['676909_2023-12-13_1', 1],
      ['676910_2023-12-01', 1],
      ['676909_2023-12-14', 3],
    ]);
  });
});

describe('alias bombs', () => {
  it('one list aliased 3,000 times is refused at the first alias over the limit', () => {
    const lines = ['ephys:', '  P: &list', '    - 676909_2023-12-13', '    - 676910_2023-12-14'];
    for (let i = 1; i <= 3000; i++) lines.push(`  P${i}: *list`);
    const error = refusal(`${lines.join('\n')}\n`);
    expect(error.location).toBe(`line ${4 + MAX_YAML_ALIASES + 1}`);
    expect(error.message).toContain(`more than ${MAX_YAML_ALIASES} aliases`);
  });

  it('a chain of 3,000 lists, each aliasing the one before, is refused', () => {
    const lines = ['ephys:', '  P:', ENTRY.trimEnd(), '          l0: &a0 [1]'];
    for (let i = 1; i < 3000; i++) lines.push(`          l${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
    expect(refusal(`${lines.join('\n')}\n`).message).toContain('aliases');
  });

  it('the billion laughs (few aliases, huge expansion) is refused at its line', () => {
    const names = 'abcdefghi';
    const lines = [
      'ephys:',
      '  P:',
      ENTRY.trimEnd(),
      `          a: &a [${Array(9).fill('"lol"').join(', ')}]`,
    ];
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1];
      lines.push(`          ${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const error = refusal(`${lines.join('\n')}\n`);
    expect(error.location).toBe('line 5');
    expect(error.message).toContain('expands too far');
  });

  it('a few aliases stay fine', () => {
    const text = `ephys:\n  P:\n${ENTRY}          probes: &p [A, B]\n    - 676910_2023-12-14:\n        session_kwargs:\n          probes: *p\n`;
    const { sessions } = parseTrackedYaml(text, FILE, NOW);
    expect(sessions.map((s) => s.sessionKwargs)).toEqual([{ probes: ['A', 'B'] }, { probes: ['A', 'B'] }]);
  });
});
