/**
 * The session list's columns (the `/sessions.csv` and `/sessions.ndjson` exports): one row per session,
 * from the catalog alone — what the tracked sheets and AIND names say — so listing every session costs
 * no upstream read. Names follow the reference caches' (`session_id`, `subject_id`, `session_idx`, `date`).
 */
import { defineColumns } from './columnRegistry.ts';

const FLAG = ' `true`/`false`; empty when no source says.';

export const SESSION_LIST_COLUMNS = defineColumns({
  session_id: {
    kind: 'string',
    field: null,
    description: 'Session id, `MID_YYYY-MM-DD` (`_<idx>` when idx ≠ 0).',
  },
  subject_id: { kind: 'string', field: null, description: 'Subject MID.' },
  date: { kind: 'string', field: null, description: 'Day of the session, `YYYY-MM-DD` (lab-local).' },
  session_idx: { kind: 'int', field: null, description: 'Which session of the subject that day (0 first).' },
  start_time: {
    kind: 'string',
    field: null,
    description:
      'Start, ISO 8601 with the lab offset, from the AIND name or the training sheet; empty when neither says.',
  },
  project: {
    kind: 'string',
    field: null,
    description: 'Tracked project (DynamicRouting, TempletonPilotSession…).',
  },
  tracked_platform: {
    kind: 'string',
    field: null,
    description:
      'Where the session is tracked: ephys, behavior_with_sync, behavior, training_sheet; empty when untracked.',
  },
  aind_name: {
    kind: 'string',
    field: null,
    description: 'AIND session name (first one), empty when never uploaded.',
  },
  is_ephys: { kind: 'string', field: null, description: `Recording session (Session.isEphys):${FLAG}` },
  is_sync: { kind: 'string', field: null, description: `Sync file (Session.isSync):${FLAG}` },
  experiment_day: {
    kind: 'int',
    field: null,
    description: 'Experiment day of the tracked entry; empty for sessions only the sheets know.',
  },
  rig: {
    kind: 'string',
    field: null,
    description: 'Rig the tracked sheets give (session_kwargs `rig`, else the sheet row).',
  },
  task_version: { kind: 'string', field: null, description: "The training sheet's task version." },
  notes: { kind: 'string', field: null, description: 'Notes of the tracked entry.' },
  issues: { kind: 'stringList', field: null, description: 'Issue URLs of the tracked entry.' },
  session_kwargs: {
    kind: 'string',
    field: null,
    description: 'The tracked session_kwargs, as JSON (`{}` when none).',
  },
  known_to: {
    kind: 'stringList',
    field: null,
    description: 'Sources that report the session (tracked, codeocean, docdb, registry).',
  },
});
