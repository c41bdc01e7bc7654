/**
 * Typed views of a DocDB record (v1 `Metadata`, reference §4.3), parsed at the source boundary.
 * Each core section is parsed on its own, so one malformed section (say `subject.sex: 5`) fails only
 * that section — the gateway then fails only the fields built from it — while the rest of the record
 * and the query still succeed. Schemas are loose: unknown keys pass through; known keys are typed.
 */
import { z } from 'zod';
import { RECORD_SECTIONS, type RecordSection } from './types.ts';

const text = z.string().nullish();
/** Subject ids are strings in DocDB, but old records hold numbers. */
const idText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .nullish();
/** Platform, modality, institution, species: `{name, abbreviation, registry?, …}`. */
const named = z.looseObject({ name: text, abbreviation: text });
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();

const dataDescriptionSchema = z.looseObject({
  schema_version: text,
  name: text,
  platform: named.nullish(),
  subject_id: idText,
  creation_time: text,
  institution: named.nullish(),
  data_level: text,
  project_name: text,
  /** v1 */
  modality: list(named),
  /** v2 */
  modalities: list(named),
  investigators: list(z.looseObject({ name: text })),
});

const subjectSchema = z.looseObject({
  schema_version: text,
  subject_id: idText,
  sex: text,
  date_of_birth: text,
  genotype: text,
  species: named.nullish(),
  background_strain: text,
});

const proceduresSchema = z.looseObject({
  subject_id: idText,
  subject_procedures: list(
    z.looseObject({
      procedure_type: text,
      start_date: text,
      experimenter_full_name: text,
      procedures: list(z.unknown()),
    }),
  ),
  notes: text,
});

const sessionSchema = z.looseObject({
  schema_version: text,
  session_start_time: text,
  session_end_time: text,
  session_type: text,
  rig_id: text,
  subject_id: idText,
  experimenter_full_name: list(z.string()),
  mouse_platform_name: text,
  data_streams: list(
    z.looseObject({ stream_start_time: text, stream_end_time: text, stream_modalities: list(named) }),
  ),
  stimulus_epochs: list(
    z.looseObject({ stimulus_start_time: text, stimulus_end_time: text, stimulus_name: text }),
  ),
  notes: text,
});

const rigSchema = z.looseObject({ rig_id: text, modification_date: text });

/** Data processes may be nested lists in older records, so entries stay `unknown` (see sorterNameOf). */
const processingSchema = z.looseObject({
  processing_pipeline: z
    .looseObject({ data_processes: list(z.unknown()), processor_full_name: text, pipeline_version: text })
    .nullish(),
  data_processes: list(z.unknown()),
  analyses: list(z.unknown()),
});

const qualityControlSchema = z.looseObject({
  evaluations: list(
    z.looseObject({
      name: text,
      stage: text,
      modality: named.nullish(),
      latest_status: text,
      created: text,
      metrics: list(z.looseObject({ name: text, value: z.unknown() })),
      notes: text,
    }),
  ),
  notes: text,
});

/** v2 (and imaging) sections: `session` becomes `acquisition`, `rig` becomes `instrument`. */
const acquisitionSchema = z.looseObject({
  acquisition_start_time: text,
  acquisition_end_time: text,
  instrument_id: text,
  subject_id: idText,
});
const instrumentSchema = z.looseObject({ instrument_id: text });

const SECTION_SCHEMAS = {
  data_description: dataDescriptionSchema,
  subject: subjectSchema,
  procedures: proceduresSchema,
  session: sessionSchema,
  rig: rigSchema,
  processing: processingSchema,
  quality_control: qualityControlSchema,
  acquisition: acquisitionSchema,
  instrument: instrumentSchema,
} as const satisfies Record<RecordSection, z.ZodType>;

export type DataDescription = z.infer<typeof dataDescriptionSchema>;
export type SubjectSection = z.infer<typeof subjectSchema>;
export type ProceduresSection = z.infer<typeof proceduresSchema>;
export type SessionSection = z.infer<typeof sessionSchema>;
export type RigSection = z.infer<typeof rigSchema>;
export type ProcessingSection = z.infer<typeof processingSchema>;
export type QualityControlSection = z.infer<typeof qualityControlSchema>;
export type AcquisitionSection = z.infer<typeof acquisitionSchema>;
export type InstrumentSection = z.infer<typeof instrumentSchema>;

/**
 * What became of one section: `present` (parsed), `absent` (null or missing in the record),
 * `invalid` (present but malformed; `error` names paths and expected types, never values) or
 * `notFetched` (left out by the query's projection — says nothing about the record).
 */
export type SectionResult<T> =
  | { state: 'present'; value: T }
  | { state: 'absent' }
  | { state: 'invalid'; error: string }
  | { state: 'notFetched' };

export type RecordSections = { [K in RecordSection]: SectionResult<z.infer<(typeof SECTION_SCHEMAS)[K]>> };

export interface DocDbRecord {
  /** DocDB's own id (a UUID string; an ObjectId as hex). Not the CodeOcean asset id. */
  _id: string;
  /** The data asset's name, e.g. `ecephys_676909_2023-12-13_13-43-40`. */
  name: string;
  /** DocDB keeps ISO strings; normalised to Date (null when missing or unparseable). */
  created: Date | null;
  last_modified: Date | null;
  /** `s3://bucket/prefix` of the asset's data. */
  location: string | null;
  /** As stored: dict or legacy list. Read it with `codeOceanIdsOf`. */
  external_links: unknown;
  metadata_status: string | null;
  schema_version: string | null;
  sections: RecordSections;
  /** The record as JSON (projection applied), for `JSON` fields and debugging. */
  raw: Readonly<Record<string, unknown>>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** ISO string (or Date) → Date; anything else or an unparseable string → null. */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const optionalText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function idOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isPlainObject(value) && typeof value.toHexString === 'function') return String(value.toHexString());
  return '';
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(section)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${issues.join('; ')}${more}`;
}

function parseSection<K extends RecordSection>(raw: Record<string, unknown>, section: K): RecordSections[K] {
  const value = raw[section];
  if (value === undefined || value === null) return { state: 'absent' };
  const parsed = SECTION_SCHEMAS[section].safeParse(value);
  return (
    parsed.success
      ? { state: 'present', value: parsed.data }
      : { state: 'invalid', error: `${section} is malformed: ${describeIssues(parsed.error)}` }
  ) as RecordSections[K];
}

export type ParsedDocument = { ok: true; record: DocDbRecord } | { ok: false; problem: string };

/**
 * Parses one document as returned by any backend (plain JSON). Documents that cannot be records at
 * all (not an object, no string `name`) are rejected with a problem naming the `_id`; everything else
 * yields a record whose sections carry their own parse results.
 *
 * @param fetched the sections the query's projection asked for (undefined = all of them).
 */
export function parseDocDbRecord(raw: unknown, fetched?: readonly RecordSection[]): ParsedDocument {
  if (!isPlainObject(raw)) return { ok: false, problem: 'DocDB returned a document that is not an object' };
  const id = idOf(raw._id);
  if (typeof raw.name !== 'string' || raw.name === '') {
    return { ok: false, problem: `DocDB record ${id || '(no _id)'} has no name` };
  }
  const wanted = new Set<RecordSection>(fetched ?? RECORD_SECTIONS);
  const sections = Object.fromEntries(
    RECORD_SECTIONS.map((section) => [
      section,
      wanted.has(section) ? parseSection(raw, section) : { state: 'notFetched' },
    ]),
  ) as RecordSections;
  return {
    ok: true,
    record: {
      _id: id,
      name: raw.name,
      created: toDate(raw.created),
      last_modified: toDate(raw.last_modified),
      location: optionalText(raw.location),
      external_links: raw.external_links ?? null,
      metadata_status: optionalText(raw.metadata_status),
      schema_version: optionalText(raw.schema_version),
      sections,
      raw,
    },
  };
}

/** Parses a batch, reporting (and leaving out) documents that are not records. */
export function parseDocDbRecords(
  documents: readonly unknown[],
  fetched: readonly RecordSection[] | undefined,
  onMalformedRecord?: (problem: string) => void,
): DocDbRecord[] {
  const records: DocDbRecord[] = [];
  for (const document of documents) {
    const parsed = parseDocDbRecord(document, fetched);
    if (parsed.ok) records.push(parsed.record);
    else onMalformedRecord?.(parsed.problem);
  }
  return records;
}

/** The parsed section value, or null when absent, malformed or not fetched. */
export function sectionValue<K extends RecordSection>(
  record: DocDbRecord,
  section: K,
): Extract<RecordSections[K], { state: 'present' }>['value'] | null {
  const result = record.sections[section];
  return result.state === 'present'
    ? (result.value as Extract<RecordSections[K], { state: 'present' }>['value'])
    : null;
}

/** The subject's MID: the subject section's, else data_description's (records without a subject). */
export function subjectIdOf(record: DocDbRecord): string | null {
  return (
    sectionValue(record, 'subject')?.subject_id ??
    sectionValue(record, 'data_description')?.subject_id ??
    null
  );
}

/** Modality abbreviations from data_description (v1 `modality`, v2 `modalities`). */
export function modalitiesOf(record: DocDbRecord): string[] {
  const description = sectionValue(record, 'data_description');
  const modalities = description?.modality ?? description?.modalities ?? [];
  return modalities.map((m) => m.abbreviation).filter((a): a is string => typeof a === 'string');
}

/**
 * When the session started: `session.session_start_time` (v1), `acquisition.acquisition_start_time`
 * (v2/imaging), else — for raw records only, where it is the acquisition time —
 * `data_description.creation_time`.
 */
export function sessionStartOf(record: DocDbRecord): Date | null {
  const session = toDate(sectionValue(record, 'session')?.session_start_time);
  if (session) return session;
  const acquisition = toDate(sectionValue(record, 'acquisition')?.acquisition_start_time);
  if (acquisition) return acquisition;
  const description = sectionValue(record, 'data_description');
  return description?.data_level === 'raw' ? toDate(description.creation_time) : null;
}

const flattenProcesses = (entries: unknown): Record<string, unknown>[] =>
  Array.isArray(entries) ? entries.flatMap(flattenProcesses) : isPlainObject(entries) ? [entries] : [];

/**
 * Every data process of a processing section: `processing_pipeline.data_processes` then top-level
 * `data_processes`, nested lists flattened (older processing.json files nest them).
 */
export function dataProcessesOf(processing: ProcessingSection): Record<string, unknown>[] {
  return flattenProcesses([processing.processing_pipeline?.data_processes, processing.data_processes]);
}

function sorterNameIn(process: Record<string, unknown>): string | null {
  const parameters = process.parameters;
  if (isPlainObject(parameters) && typeof parameters.sorter_name === 'string') return parameters.sorter_name;
  const code = process.code;
  if (
    isPlainObject(code) &&
    isPlainObject(code.parameters) &&
    typeof code.parameters.sorter_name === 'string'
  ) {
    return code.parameters.sorter_name;
  }
  return null;
}

/**
 * The spike sorter of a sorted asset (reference §1.5 `get_sorter_name`, step 1): among
 * `processing_pipeline.data_processes[]` and top-level `data_processes[]` (nested lists allowed), the
 * first process named `Spike sorting…` that carries `parameters.sorter_name` or
 * `code.parameters.sorter_name`. null when there is none (the sorting is likely incomplete).
 */
export function sorterNameOf(record: DocDbRecord): string | null {
  const processing = sectionValue(record, 'processing');
  if (!processing) return null;
  for (const process of dataProcessesOf(processing)) {
    if (typeof process.name !== 'string' || !process.name.startsWith('Spike sorting')) continue;
    const sorter = sorterNameIn(process);
    if (sorter) return sorter;
  }
  return null;
}
