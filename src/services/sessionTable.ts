/**
 * The session list as a column table (src/domain/sessionListColumns.ts), for the `/sessions.csv` and
 * `/sessions.ndjson` exports: catalog facts only, so a list of thousands of sessions reads no upstream.
 */
import { tableOf } from '../domain/columnRegistry.ts';
import type { ColumnTable } from '../domain/columns.ts';
import { labLocalToIso } from '../domain/localTime.ts';
import { SESSION_LIST_COLUMNS } from '../domain/sessionListColumns.ts';
import type { CatalogSession } from './catalog.ts';
import { filterFactsOf } from './session.ts';

const flagText = (flag: boolean | null) => (flag === null ? '' : String(flag));

export function sessionListTable(sessions: readonly CatalogSession[]): ColumnTable {
  const facts = sessions.map(filterFactsOf);
  const start = (s: CatalogSession) => {
    const local = s.aindStart ?? s.tracked?.training?.startTime ?? null;
    return (local && labLocalToIso(local)) ?? '';
  };
  return tableOf(SESSION_LIST_COLUMNS, sessions.length, {
    session_id: sessions.map((s) => s.id),
    subject_id: sessions.map((s) => s.subject),
    date: sessions.map((s) => s.date),
    session_idx: sessions.map((s) => s.idx),
    start_time: sessions.map(start),
    project: facts.map((f) => f.project ?? ''),
    tracked_platform: facts.map((f) => f.trackedPlatform ?? ''),
    aind_name: sessions.map((s) => s.aindNames[0] ?? ''),
    is_ephys: facts.map((f) => flagText(f.isEphys)),
    is_sync: facts.map((f) => flagText(f.isSync)),
    experiment_day: sessions.map((s) => s.tracked?.experimentDay ?? Number.NaN),
    rig: facts.map((f) => f.rig ?? ''),
    task_version: facts.map((f) => f.taskVersion ?? ''),
    notes: sessions.map((s) => s.tracked?.notes ?? ''),
    issues: sessions.map((s) => s.tracked?.issues ?? []),
    session_kwargs: facts.map((f) => JSON.stringify(f.sessionKwargs)),
    known_to: sessions.map((s) => [...s.knownTo]),
  });
}
