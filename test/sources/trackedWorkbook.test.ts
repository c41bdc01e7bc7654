import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SourceFileError } from '../../src/errors.ts';
import {
  cellOf,
  readBoolean,
  readDateTime,
  readFloatList,
  readIntegerList,
  slugifyHeader,
} from '../../src/sources/tracked/cells.ts';
import { mergeTrackedSessions } from '../../src/sources/tracked/merge.ts';
import { parseTrainingWorkbook } from '../../src/sources/tracked/workbookParser.ts';

const FILE = 'DynamicRoutingTraining.xlsx';
const NOW = new Date(Date.UTC(2026, 5, 1));
const MAIN_HEADER = [
  'start time',
  'rig name',
  'task version',
  'hits',
  "d' same modality",
  "d' other modality go stim",
  'quiescent violations',
  'pass',
  'has licks',
  'hab',
  'ephys',
  'muscimol',
  'ignore',
];
const at = (date: string) => new Date(`${date}Z`);

/** Builds a workbook the way the lab's sheets look; each sheet is [name, rows (first = header)]. */
async function workbook(sheets: [string, unknown[][]][]): Promise<Uint8Array> {
  const numFmt = 'yyyymmdd_hhmmss';
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of sheets) {
    const sheet = wb.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
    // Training sheets show their start times as the analysis code formats them.
    if (/^\d+$/.test(name)) sheet.getColumn(1).numFmt = numFmt;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const parse = async (sheets: [string, unknown[][]][]) =>
  parseTrainingWorkbook(await workbook(sheets), FILE, NOW);

async function parseError(sheets: [string, unknown[][]][]): Promise<SourceFileError> {
  const error = await parse(sheets).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SourceFileError);
  return error as SourceFileError;
}

describe('training sheet rows', () => {
  it('reads a row with an Excel datetime, list cells and flags', async () => {
    const { rows } = await parse([
      [
        '366122',
        [
          MAIN_HEADER,
          [
            at('2023-01-30T12:56:27'),
            'B2',
            'stage 5 ori AMN moving timeouts repeats',
            '[12, 30, 25, 28, 31, 27]',
            '[ 2.1   1.53   nan]',
            '[-0.32  1.    2.5 ]',
            14,
            1,
            true,
            false,
            false,
            false,
            null,
          ],
        ],
      ],
    ]);
    expect(rows).toEqual([
      {
        subject: '366122',
        startTime: '2023-01-30 12:56:27',
        rigName: 'B2',
        taskVersion: 'stage 5 ori AMN moving timeouts repeats',
        hits: [12, 30, 25, 28, 31, 27],
        dprimeSameModality: [2.1, 1.53, Number.NaN],
        dprimeOtherModalityGoStim: [-0.32, 1, 2.5],
        quiescentViolations: 14,
        pass: 1,
        hasLicks: true,
        hab: false,
        ephys: false,
        muscimol: false,
        ignored: false,
        behaviorDay: 1,
        computerName: null,
        workbook: FILE,
        sheet: '366122',
        row: 2,
      },
    ]);
  });

  it.each([
    ['an Excel datetime', at('2023-03-07T12:56:27'), '2023-03-07 12:56:27'],
    [
      'an Excel datetime a hair before the second',
      new Date(Date.UTC(2023, 2, 7, 12, 56, 26, 999)),
      '2023-03-07 12:56:27',
    ],
    ['text YYYYMMDD_HHMMSS', '20230307_125627', '2023-03-07 12:56:27'],
    ['text YYYY-MM-DD HH:MM:SS', '2023-03-07 12:56:27', '2023-03-07 12:56:27'],
    ['text with surrounding spaces', '  2023-03-07 12:56:27 ', '2023-03-07 12:56:27'],
    ['an Excel serial number without a date format', 44992.5392013889, '2023-03-07 12:56:27'],
  ])('start time as %s', async (_, cell, expected) => {
    const { rows } = await parse([['366122', [['start time'], [cell]]]]);
    expect(rows[0]?.startTime).toBe(expected);
  });

  it('skips rows without a start time and flags ignored rows (ignore = 1)', async () => {
    const { rows } = await parse([
      [
        '670243',
        [
          ['start time', 'rig name', 'ignore'],
          [at('2023-05-01T10:00:00'), 'B1', null],
          [null, 'B1', null],
          [at('2023-05-02T10:00:00'), 'B1', 1],
          [at('2023-05-02T15:00:00'), 'B1', 0],
          ['', 'B3', 'TRUE'],
          [at('2023-05-03T10:00:00'), 'B1', '1'],
        ],
      ],
    ]);
    expect(rows.map((r) => [r.row, r.behaviorDay, r.ignored])).toEqual([
      [2, 1, false],
      [4, 3, true],
      [5, 4, false],
      [7, 6, true],
    ]);
    // The merge makes sessions of non-ignored rows only, and prefers them as the day's training row.
    const sessions = mergeTrackedSessions([], rows);
    expect(sessions.map((s) => [s.id, s.training?.row])).toEqual([
      ['670243_2023-05-02', 5],
      ['670243_2023-05-01', 2],
    ]);
    expect(sessions[0]).toMatchObject({
      platform: 'training_sheet',
      project: 'DynamicRouting',
      isEphys: false,
      isSync: false,
      experimentDay: null,
      allenPath: '//allen/programs/mindscope/workgroups/dynamicrouting/DynamicRoutingTask/Data/670243',
      origin: { kind: 'sheet', file: FILE, sheet: '670243', row: 5 },
    });
  });

  it('matches headers by slug, in any order, ignoring unknown and duplicated columns', async () => {
    const { rows } = await parse([
      [
        '660023',
        [
          ['Hits', "  D' Same Modality ", 'notes (free text)', 'Start-Time', 'hits'],
          ['[1, 2]', '[0.5 nan]', 'ok', '20230417_101010', '[9, 9]'],
        ],
      ],
    ]);
    expect(rows[0]).toMatchObject({
      startTime: '2023-04-17 10:10:10',
      hits: [1, 2],
      dprimeSameModality: [0.5, Number.NaN],
      pass: null,
      rigName: null,
    });
  });

  it('reads the NSB variant: computer name, no pass column', async () => {
    const { rows } = await parse([
      [
        '714753',
        [
          ['start time', 'rig name', 'computer name', 'task version', 'hits'],
          [at('2024-06-03T09:30:00'), 'D2', 'W10DT714046', 'stage 2 AMN', '[3, 4]'],
        ],
      ],
    ]);
    expect(rows[0]).toMatchObject({ rigName: 'D2', computerName: 'W10DT714046', pass: null, hits: [3, 4] });
  });

  it('reads only sheets named by a MID as training sheets', async () => {
    const { rows, subjects } = await parse([
      ['summary', [['start time'], [at('2023-01-30T12:56:27')]]],
      ['366122', [['start time'], [at('2023-01-30T12:56:27')]]],
      ['empty sheet 1', []],
      ['702131', []],
    ]);
    expect(rows.map((r) => r.sheet)).toEqual(['366122']);
    expect(subjects).toEqual([]);
  });
});

describe('the all mice sheet', () => {
  it('reads subjects with typed values', async () => {
    const { subjects } = await parse([
      [
        'all mice',
        [
          [
            'mouse id',
            'alive',
            'genotype',
            'sex',
            'birthdate',
            'surgery week',
            'craniotomy',
            'trainer',
            'regimen',
            'wheel fixed',
            'timeouts',
            'next task version',
            'data path',
          ],
          [
            644867,
            false,
            'wt/wt',
            'M',
            at('2022-09-02T00:00:00'),
            at('2022-12-12T00:00:00'),
            'yes',
            'sam',
            7,
            true,
            'False',
            'stage 5 ori AMN moving timeouts repeats',
            '//allen/x',
          ],
          [null, null, 'a note row without a mouse'],
          ['1012345', 'True', null, 'F', '2024-09-09', 'week of 1/6', null, null, '5', null, null, null],
        ],
      ],
    ]);
    expect(subjects).toEqual([
      {
        id: '644867',
        alive: false,
        genotype: 'wt/wt',
        sex: 'M',
        dateOfBirth: '2022-09-02',
        surgeryWeek: '2022-12-12',
        craniotomy: 'yes',
        trainer: 'sam',
        regimen: 7,
        wheelFixed: true,
        timeouts: false,
        nextTaskVersion: 'stage 5 ori AMN moving timeouts repeats',
        workbook: FILE,
        row: 2,
      },
      {
        id: '1012345',
        alive: true,
        genotype: null,
        sex: 'F',
        dateOfBirth: '2024-09-09',
        surgeryWeek: 'week of 1/6',
        craniotomy: null,
        trainer: null,
        regimen: 5,
        wheelFixed: null,
        timeouts: null,
        nextTaskVersion: null,
        workbook: FILE,
        row: 4,
      },
    ]);
  });
});

describe('malformed workbooks', () => {
  it.each([
    [
      'hits that are not a list',
      '366122',
      [
        ['start time', 'hits'],
        [at('2023-01-30T12:56:27'), 'lots'],
      ],
      2,
      /column "hits": expected a list of whole numbers/,
    ],
    [
      "a d' list with words",
      '366122',
      [
        ['start time', "d' same modality"],
        [at('2023-01-30T12:56:27'), '[1.2 n/a]'],
      ],
      2,
      /column "d' same modality"/,
    ],
    [
      'a start time that is not a time',
      '366122',
      [['start time'], [at('2023-01-30T12:56:27')], ['yesterday']],
      3,
      /column "start time": expected a date\/time/,
    ],
    [
      'an impossible text date',
      '366122',
      [['start time'], ['2023-02-30 10:00:00']],
      2,
      /column "start time"/,
    ],
    [
      'a flag that is not a boolean',
      '366122',
      [
        ['start time', 'hab'],
        [at('2023-01-30T12:56:27'), 'maybe'],
      ],
      2,
      /column "hab": expected TRUE\/FALSE/,
    ],
    [
      'a pass that is not a number',
      '366122',
      [
        ['start time', 'pass'],
        [at('2023-01-30T12:56:27'), 'yes!'],
      ],
      2,
      /column "pass": expected a number/,
    ],
    ['a date before 2016', '366122', [['start time'], [at('2014-01-30T12:56:27')]], 2, /not a session/],
    [
      'a sheet named by a 5-digit number',
      '36612',
      [['start time'], [at('2023-01-30T12:56:27')]],
      2,
      /not a session/,
    ],
    [
      'a training sheet without a start time column',
      '366122',
      [['rig name'], ['B2']],
      1,
      /no "start time" column \(headers: "rig name"\)/,
    ],
    ['all mice without a mouse id column', 'all mice', [['mouse'], [644867]], 1, /no "mouse id" column/],
    [
      'a mouse id that is not a MID',
      'all mice',
      [['mouse id'], [644867], ['mouse 3']],
      3,
      /column "mouse id": expected a 6–7 digit MID/,
    ],
  ])('%s → SourceFileError naming workbook, sheet and row', async (_, sheet, rows, row, message) => {
    const error = await parseError([[sheet, rows]]);
    expect(error.file).toBe(FILE);
    expect(error.location).toBe(`sheet ${sheet} row ${row}`);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${FILE} (sheet ${sheet} row ${row}): `)).toBe(true);
  });

  it('a file that is not a workbook → SourceFileError for the file', async () => {
    const error = await parseTrainingWorkbook(new TextEncoder().encode('not a zip'), FILE, NOW).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SourceFileError);
    expect(error.location).toBe('file');
  });
});

describe('cell readers', () => {
  it.each([
    ['start time', 'start_time'],
    ["d' same modality", 'dprime_same_modality'],
    ["d' other modality go stim", 'dprime_other_modality_go_stim'],
    ['d’ same modality', 'dprime_same_modality'],
    ['  Mouse ID ', 'mouse_id'],
    ['wheel - fixed', 'wheel_fixed'],
    ['next task version?', 'next_task_version'],
    ['% correct (block 1)', '_correct_block_1'],
  ])('slugifies %j → %s', (header, slug) => {
    expect(slugifyHeader(header)).toBe(slug);
  });

  it.each([
    ['[12, 30, 25]', [12, 30, 25]],
    ['[]', []],
    [null, []],
    [7, [7]],
  ])('integer list %j', (cell, expected) => {
    expect(readIntegerList(cell)).toEqual(expected);
  });

  it.each([
    ['[ 2.1   1.53   nan]', [2.1, 1.53, Number.NaN]],
    ['[2.1,3]', [2.1, 3]],
    ['[-0.5 -1.  NaN]', [-0.5, -1, Number.NaN]],
    ['[1e-3 2.5e+2]', [0.001, 250]],
    ['[nan nan]', [Number.NaN, Number.NaN]],
    [1.5, [1.5]],
  ])('float list %j', (cell, expected) => {
    expect(readFloatList(cell)).toEqual(expected);
  });

  it.each([
    [true, true],
    ['FALSE', false],
    [1, true],
    ['0.0', false],
    [null, null],
  ])('boolean %j', (cell, expected) => {
    expect(readBoolean(cell)).toBe(expected);
  });

  it.each([
    [{ richText: [{ text: '2023-03-07 ' }, { text: '12:56:27' }] }, '2023-03-07 12:56:27'],
    [{ formula: 'A1', result: '20230307_125627' }, '2023-03-07 12:56:27'],
    [{ text: '20230307_125627', hyperlink: 'http://x' }, '2023-03-07 12:56:27'],
  ])('exceljs cell objects are read by their value: %j', (value, expected) => {
    expect(readDateTime(cellOf(value))).toBe(expected);
  });
});
