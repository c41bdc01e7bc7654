/**
 * YAML sessions ∪ training-sheet sessions, the way npc_lims' `get_session_info` combines them
 * (reference §1.3): keyed by session id, YAML first so it wins, the first of any repeated id kept;
 * every session gets the subject's first sheet row of that date (`training_info`); date descending.
 * One deliberate difference: a non-ignored row of the day is preferred over an earlier ignored one
 * (the reference takes the first row whatever its `ignore`), so a session never shows the data of the
 * run the trainer struck out; an ignored row is still attached when it is the day's only row.
 */
import { sessionIdOf } from '../../domain/sessionRef.ts';
import type { TrackedSession, TrainingRow, TrainingSubject } from './types.ts';

/** Where sheet-only sessions' data lives on the lab's file server (reference §1.2). */
const TASK_DATA_ROOT = '//allen/programs/mindscope/workgroups/dynamicrouting/DynamicRoutingTask/Data';

const dayKey = (subject: string, date: string) => `${subject} ${date}`;

export function mergeTrackedSessions(yamlSessions: readonly TrackedSession[], rows: readonly TrainingRow[]) {
  const firstRowOfDay = new Map<string, TrainingRow>();
  for (const row of rows) {
    const key = dayKey(row.subject, row.startTime.slice(0, 10));
    if (!firstRowOfDay.has(key) || (firstRowOfDay.get(key)?.ignored && !row.ignored))
      firstRowOfDay.set(key, row);
  }
  const byId = new Map<string, TrackedSession>();
  const add = (session: TrackedSession) => {
    if (!byId.has(session.id)) byId.set(session.id, session);
  };
  yamlSessions.forEach(add);
  for (const row of rows) if (!row.ignored) add(sheetSession(row));
  const sessions = [...byId.values()].map((s) => ({
    ...s,
    training: firstRowOfDay.get(dayKey(s.subject, s.date)) ?? null,
  }));
  return sessions.sort((a, b) => (a.date === b.date ? compare(a.id, b.id) : compare(b.date, a.date)));
}

function sheetSession(row: TrainingRow): TrackedSession {
  const key = { subject: row.subject, date: row.startTime.slice(0, 10), idx: 0 };
  return {
    id: sessionIdOf(key),
    ...key,
    project: 'DynamicRouting',
    platform: 'training_sheet',
    isEphys: false,
    isSync: false,
    experimentDay: null,
    notes: '',
    issues: [],
    sessionKwargs: {},
    ignoredConfig: {},
    allenPath: `${TASK_DATA_ROOT}/${row.subject}`,
    origin: { kind: 'sheet', file: row.workbook, sheet: row.sheet, row: row.row },
    training: null,
  };
}

/** Subjects of all workbooks; a MID in two `all mice` sheets keeps its first row and is reported. */
export function mergeTrainingSubjects(
  lists: readonly TrainingSubject[][],
  warnings: string[],
): TrainingSubject[] {
  const byId = new Map<string, TrainingSubject>();
  for (const subject of lists.flat()) {
    const first = byId.get(subject.id);
    if (first) {
      warnings.push(
        `${subject.workbook} (sheet all mice row ${subject.row}): subject ${subject.id} is also in ` +
          `${first.workbook} (row ${first.row}); the first is used`,
      );
    } else byId.set(subject.id, subject);
  }
  return [...byId.values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
