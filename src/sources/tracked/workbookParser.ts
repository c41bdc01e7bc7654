/**
 * A `DynamicRoutingTraining*.xlsx` workbook → training subjects and training rows (reference §1.2).
 * Sheet `all mice` lists subjects; every sheet named by a MID lists that subject's sessions, one row
 * each. Headers (row 1) are matched by their slug (`d' same modality` → `dprime_same_modality`), so
 * column order and extra columns do not matter. The NSB workbook adds `computer name` and lacks `pass`.
 */
import ExcelJS from 'exceljs';
import { parseSessionRef } from '../../domain/sessionRef.ts';
import { BadUserInputError, SourceFileError } from '../../errors.ts';
import {
  BadCell,
  type Cell,
  cellOf,
  readBoolean,
  readDate,
  readDateTime,
  readFloatList,
  readIntegerList,
  readNumber,
  readText,
  slugifyHeader,
} from './cells.ts';
import type { TrainingRow, TrainingSubject } from './types.ts';
import { checkWorkbookLimits, DEFAULT_WORKBOOK_LIMITS, type WorkbookLimits } from './workbookLimits.ts';

export interface ParsedWorkbook {
  subjects: TrainingSubject[];
  /** Every row with a start time, ignored rows included (flagged): they still count as the day's row. */
  rows: TrainingRow[];
}

const ALL_MICE_SHEET = 'all_mice';
/** Sheets named by a MID hold that subject's sessions; other sheets (notes, summaries) are not read. */
const SUBJECT_SHEET = /^\d+$/;

interface Column {
  index: number;
  header: string;
}

/** Reads one row's cells by column slug; a bad cell becomes a SourceFileError naming sheet, row and column. */
class RowReader {
  constructor(
    private readonly file: string,
    private readonly sheet: string,
    private readonly row: ExcelJS.Row,
    private readonly columns: ReadonlyMap<string, Column>,
  ) {}

  /** An absent column reads as an empty cell. */
  read<T>(slug: string, reader: (cell: Cell) => T): T {
    const column = this.columns.get(slug);
    try {
      return reader(column ? cellOf(this.row.getCell(column.index).value) : null);
    } catch (err) {
      if (err instanceof BadCell) throw this.error(`column "${column?.header ?? slug}": ${err.message}`);
      throw err;
    }
  }

  error(message: string): SourceFileError {
    return new SourceFileError(this.file, `sheet ${this.sheet} row ${this.row.number}`, message);
  }
}

export async function parseTrainingWorkbook(
  bytes: Uint8Array,
  file: string,
  now: Date = new Date(),
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
): Promise<ParsedWorkbook> {
  await checkWorkbookLimits(bytes, file, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' typings want its own Buffer alias; a Node Buffer over the same memory is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    throw new SourceFileError(file, 'file', `not a readable .xlsx workbook (${(err as Error).message})`);
  }
  const subjects: TrainingSubject[] = [];
  const rows: TrainingRow[] = [];
  for (const sheet of workbook.worksheets) {
    const name = sheet.name.trim();
    if (slugifyHeader(name) === ALL_MICE_SHEET) subjects.push(...readSubjects(sheet, file));
    else if (SUBJECT_SHEET.test(name)) rows.push(...readTrainingRows(sheet, name, file, now));
  }
  return { subjects, rows };
}

/** Header slugs → columns; the first of duplicated headers wins (as in the reference's mirror). */
function columnsOf(sheet: ExcelJS.Worksheet): Map<string, Column> {
  const columns = new Map<string, Column>();
  sheet.getRow(1).eachCell((cell, index) => {
    const header = readText(cellOf(cell.value));
    if (header === null) return;
    const slug = slugifyHeader(header);
    if (slug !== '' && !columns.has(slug)) columns.set(slug, { index, header });
  });
  return columns;
}

function requireColumn(columns: ReadonlyMap<string, Column>, slug: string, sheet: string, file: string) {
  if (!columns.has(slug)) {
    const found = [...columns.values()].map((c) => `"${c.header}"`).join(', ') || 'none';
    throw new SourceFileError(
      file,
      `sheet ${sheet} row 1`,
      `no "${slug.replaceAll('_', ' ')}" column (headers: ${found})`,
    );
  }
}

/** Data rows (below the header) that hold at least one value. */
function dataRows(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) rows.push(row);
  });
  return rows;
}

function readSubjects(sheet: ExcelJS.Worksheet, file: string): TrainingSubject[] {
  const columns = columnsOf(sheet);
  requireColumn(columns, 'mouse_id', sheet.name, file);
  const subjects: TrainingSubject[] = [];
  for (const row of dataRows(sheet)) {
    const cells = new RowReader(file, sheet.name, row, columns);
    const id = cells.read('mouse_id', readMid);
    if (id === null) continue;
    subjects.push({
      id,
      alive: cells.read('alive', readBoolean),
      genotype: cells.read('genotype', readText),
      sex: cells.read('sex', readText),
      dateOfBirth: cells.read('birthdate', readDate),
      surgeryWeek: cells.read('surgery_week', (cell) =>
        cell instanceof Date ? readDate(cell) : readText(cell),
      ),
      craniotomy: cells.read('craniotomy', readText),
      trainer: cells.read('trainer', readText),
      regimen: cells.read('regimen', readNumber),
      wheelFixed: cells.read('wheel_fixed', readBoolean),
      timeouts: cells.read('timeouts', readBoolean),
      nextTaskVersion: cells.read('next_task_version', readText),
      workbook: file,
      row: row.number,
    });
  }
  return subjects;
}

function readTrainingRows(sheet: ExcelJS.Worksheet, subject: string, file: string, now: Date): TrainingRow[] {
  const columns = columnsOf(sheet);
  if (columns.size === 0) return []; // a MID sheet created but never filled
  requireColumn(columns, 'start_time', sheet.name, file);
  const rows: TrainingRow[] = [];
  for (const row of dataRows(sheet)) {
    const cells = new RowReader(file, sheet.name, row, columns);
    const startTime = cells.read('start_time', readDateTime);
    if (startTime === null) continue;
    checkSessionDate(subject, startTime, now, cells);
    rows.push({
      subject,
      startTime,
      rigName: cells.read('rig_name', readText),
      taskVersion: cells.read('task_version', readText),
      hits: cells.read('hits', readIntegerList),
      dprimeSameModality: cells.read('dprime_same_modality', readFloatList),
      dprimeOtherModalityGoStim: cells.read('dprime_other_modality_go_stim', readFloatList),
      quiescentViolations: cells.read('quiescent_violations', readNumber),
      pass: cells.read('pass', readNumber),
      hasLicks: cells.read('has_licks', readBoolean),
      hab: cells.read('hab', readBoolean),
      ephys: cells.read('ephys', readBoolean),
      muscimol: cells.read('muscimol', readBoolean),
      ignored: cells.read('ignore', readBoolean) === true,
      behaviorDay: row.number - 1,
      computerName: cells.read('computer_name', readText),
      workbook: file,
      sheet: sheet.name,
      row: row.number,
    });
  }
  return rows;
}

/** The row must name a session the id rules accept (MID of 6–7 digits, year 2016…this year). */
function checkSessionDate(subject: string, startTime: string, now: Date, cells: RowReader) {
  try {
    parseSessionRef(`${subject}_${startTime.slice(0, 10)}`, now);
  } catch (err) {
    if (err instanceof BadUserInputError) throw cells.error(`not a session: ${err.message}`);
    throw err;
  }
}

function readMid(cell: Cell): string | null {
  const text = readText(cell);
  if (text === null) return null;
  if (!/^\d{6,7}$/.test(text)) throw new BadCell(`expected a 6–7 digit MID, found ${JSON.stringify(text)}`);
  return text;
}
