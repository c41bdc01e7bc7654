/**
 * The tracked-sessions source: `tracked_sessions.yaml` (platform → project → entries) plus the
 * `DynamicRoutingTraining*.xlsx` training workbooks, merged into one list of sessions the way
 * npc_lims' `get_session_info` does (reference §1). Sources know nothing about GraphQL.
 */
import type { WorkbookLimits } from './workbookLimits.ts';

/** The YAML's platform keys, plus the origin of sessions that only the training sheets know. */
export type TrackedPlatform = 'ephys' | 'behavior_with_sync' | 'behavior' | 'training_sheet';

/** Where a session (or warning) came from, precise enough to open the file at that spot. */
export type TrackedOrigin =
  | { kind: 'yaml'; file: string; line: number }
  | { kind: 'sheet'; file: string; sheet: string; row: number };

/** One row of a subject's training sheet (a sheet named by the MID; written by the task's analysis code). */
export interface TrainingRow {
  /** The MID: the name of the sheet the row is on. */
  subject: string;
  /** Local (Pacific) wall-clock start, `YYYY-MM-DD HH:MM:SS`. */
  startTime: string;
  rigName: string | null;
  taskVersion: string | null;
  /** Hit count per block (`hits` column). */
  hits: number[];
  /** d′ same modality per block, 2 dp; NaN where the analysis could not compute it. */
  dprimeSameModality: number[];
  /** d′ other modality go stim per block, 2 dp; NaN kept. */
  dprimeOtherModalityGoStim: number[];
  quiescentViolations: number | null;
  /** −1/0/1; null in the NSB workbook, which has no `pass` column. */
  pass: number | null;
  hasLicks: boolean | null;
  hab: boolean | null;
  ephys: boolean | null;
  muscimol: boolean | null;
  /** The manual `ignore` column is 1: the row makes no session, but still counts as the day's row. */
  ignored: boolean;
  /** The reference's `behavior_day`: the row's 1-based position under the header (sheet row − 1). */
  behaviorDay: number;
  /** Only in the NSB workbook. */
  computerName: string | null;
  workbook: string;
  sheet: string;
  /** Sheet row number as Excel shows it (the header is row 1). */
  row: number;
}

/** One row of a workbook's `all mice` sheet. */
export interface TrainingSubject {
  /** LabTracks MID, 6–7 digits. */
  id: string;
  alive: boolean | null;
  genotype: string | null;
  sex: string | null;
  /** `YYYY-MM-DD` */
  dateOfBirth: string | null;
  /** As written: a `YYYY-MM-DD` when the cell is a date, else the cell's text. */
  surgeryWeek: string | null;
  craniotomy: string | null;
  trainer: string | null;
  regimen: number | null;
  wheelFixed: boolean | null;
  timeouts: boolean | null;
  nextTaskVersion: string | null;
  workbook: string;
  row: number;
}

export interface TrackedSession {
  /** Normalised `MID_YYYY-MM-DD[_idx]`. */
  id: string;
  subject: string;
  /** `YYYY-MM-DD` */
  date: string;
  idx: number;
  /** `DynamicRouting`, `TempletonPilotSession`, … (the YAML's project key; sheets are DynamicRouting). */
  project: string;
  platform: TrackedPlatform;
  /** `ephys` in the platform key. */
  isEphys: boolean;
  /** `sync` or `ephys` in the platform key. */
  isSync: boolean;
  /**
   * YAML `day`, else the 1-based rank of the date among the subject's entries in that platform+project
   * list (duplicates counted, as the reference does); null for sessions only the sheets know.
   */
  experimentDay: number | null;
  notes: string;
  /** Issue URLs. */
  issues: string[];
  /** Overrides the session's detected properties (`is_task`, `invalid_times`, `probe_letters_to_skip`…). */
  sessionKwargs: Record<string, unknown>;
  /**
   * YAML config keys the reference reads but never uses (`ephys_day`, `insertion_day`,
   * `perturbation_day`) and any unknown keys: kept for display, never interpreted.
   */
  ignoredConfig: Record<string, unknown>;
  /** The `//allen/…` path the YAML lists, or the subject's task-data folder for sheet sessions. */
  allenPath: string | null;
  origin: TrackedOrigin;
  /** The subject's first sheet row on that date (reference `training_info`), also for YAML sessions. */
  training: TrainingRow | null;
}

export interface TrackedSnapshot {
  /** Sorted by date descending, then id. */
  sessions: TrackedSession[];
  /** From every workbook's `all mice` sheet; first workbook wins for a MID listed twice. */
  subjects: TrainingSubject[];
  loadedAt: Date;
  /** The files read: the YAML first, then the workbooks in the order read. */
  files: string[];
  /** Things that did not stop the load: duplicate entries, unknown config keys, empty globs. */
  warnings: string[];
}

export interface TrackedSessionsSource {
  readonly kind: 'local' | 's3';
  /** Where the data comes from, for the startup log. */
  describe(): string;
  /** Reads and parses everything; malformed input → SourceFileError naming file + line / sheet + row. */
  load(): Promise<TrackedSnapshot>;
}

/** How the source gets bytes and listings for `s3://` URIs (injected from the object store). */
export interface TrackedSourceOptions {
  /** Path or `s3://` URI of tracked_sessions.yaml. */
  yaml: string;
  /** Paths, `s3://` URIs, or globs in the last segment, e.g. `dir/DynamicRoutingTraining*.xlsx`. */
  workbooks: string[];
  /** Required for `s3://` URIs. */
  readBytes?: (uri: string) => Promise<Uint8Array>;
  /** Required for `s3://` globs: every URI matching the glob. */
  listUris?: (globUri: string) => Promise<string[]>;
  /** For the year bound of session dates (≤ this year); defaults to the time of each load. */
  now?: () => Date;
  /** Size and row limits of each workbook; DEFAULT_WORKBOOK_LIMITS when omitted. */
  workbookLimits?: WorkbookLimits;
}
