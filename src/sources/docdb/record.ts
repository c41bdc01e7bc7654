/**
 * A DocDB record (v1 `Metadata`, reference §4.3), parsed at the source boundary into typed camelCase
 * views. Each core section is parsed on its own (sections/), so one malformed section (say
 * `subject.sex: 5`) fails only that section — the gateway then fails only the fields built from it —
 * while the rest of the record and the query still succeed. Every record carries its own URI.
 */
import type { z } from 'zod';
import { codeOceanIdsFromLinks } from './externalLinks.ts';
import { RECORD_SECTIONS, type RecordSection, SECTION_SCHEMAS, type SectionView } from './sections/index.ts';
import { isPlainObject, oneOf, type Timestamp, textOf, timestampOf, toDate } from './sections/leaves.ts';

/**
 * What became of one section: `present` (parsed into its view), `absent` (null or missing in the
 * record), `invalid` (present but malformed; `error` names paths and expected types, never values) or
 * `notFetched` (left out by the query's projection — says nothing about the record).
 */
export type SectionResult<T> =
  | { state: 'present'; value: T }
  | { state: 'absent' }
  | { state: 'invalid'; error: string }
  | { state: 'notFetched' };

export type RecordSections = { [K in RecordSection]: SectionResult<SectionView<K>> };

export const METADATA_STATUSES = ['Valid', 'Invalid', 'Missing', 'Unknown'] as const;
export type MetadataStatus = (typeof METADATA_STATUSES)[number];

/** The database and collection a record was read from; the embedded store is `embedded/data_assets`. */
export interface RecordStore {
  database: string;
  collection: string;
}

/** AIND's own DocDB: `metadata_index.data_assets`. */
export const AIND_STORE: RecordStore = { database: 'metadata_index', collection: 'data_assets' };

export interface DocDbRecord {
  /** DocDB's own id (a UUID string; an ObjectId as hex). Not the CodeOcean asset id. */
  docdbId: string;
  /** The data asset's name, e.g. `ecephys_676909_2023-12-13_13-43-40`. */
  name: string;
  /**
   * Where the record lives, `docdb://<database>/<collection>/<name>` (name URI-encoded), e.g.
   * `docdb://metadata_index/data_assets/ecephys_676909_2023-12-13_13-43-40`. See sectionUri.
   */
  uri: string;
  /** When the record was created / last changed, for ordering (null when missing or unparseable). */
  created: Date | null;
  lastModified: Date | null;
  /** The same two times for display: as written when RFC 3339 (offsets kept), else as parsed. */
  createdAsWritten: Timestamp | null;
  lastModifiedAsWritten: Timestamp | null;
  /** `s3://bucket/prefix` of the asset's data. */
  location: string | null;
  /** CodeOcean asset ids from `external_links`, read from both formats (externalLinks.ts). */
  codeOceanAssetIds: string[];
  /** `metadata_status` in any case; `Unknown` when absent or unrecognised. */
  metadataStatus: MetadataStatus;
  schemaVersion: string | null;
  sections: RecordSections;
  /** The record as JSON (projection applied), for `JSON` fields and debugging. */
  raw: Readonly<Record<string, unknown>>;
}

function idOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isPlainObject(value) && typeof value.toHexString === 'function') return String(value.toHexString());
  return '';
}

export const recordUri = (store: RecordStore, name: string): string =>
  `docdb://${store.database}/${store.collection}/${encodeURIComponent(name)}`;

/** Where one section of a record lives, for INVALID_DATA errors: the record's URI `#<section>`. */
export const sectionUri = (record: Pick<DocDbRecord, 'uri'>, section: RecordSection): string =>
  `${record.uri}#${section}`;

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
 * @param store where the document was read from (its URI's database and collection).
 */
export function parseDocDbRecord(
  raw: unknown,
  fetched?: readonly RecordSection[],
  store: RecordStore = AIND_STORE,
): ParsedDocument {
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
      docdbId: id,
      name: raw.name,
      uri: recordUri(store, raw.name),
      created: toDate(raw.created),
      lastModified: toDate(raw.last_modified),
      createdAsWritten: timestampOf(raw.created),
      lastModifiedAsWritten: timestampOf(raw.last_modified),
      location: textOf(raw.location),
      codeOceanAssetIds: codeOceanIdsFromLinks(raw.external_links),
      metadataStatus: oneOf(raw.metadata_status, METADATA_STATUSES) ?? 'Unknown',
      schemaVersion: textOf(raw.schema_version),
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
  store: RecordStore = AIND_STORE,
): DocDbRecord[] {
  const records: DocDbRecord[] = [];
  for (const document of documents) {
    const parsed = parseDocDbRecord(document, fetched, store);
    if (parsed.ok) records.push(parsed.record);
    else onMalformedRecord?.(parsed.problem);
  }
  return records;
}

/** The section's view, or null when absent, malformed or not fetched. */
export function sectionValue<K extends RecordSection>(
  record: DocDbRecord,
  section: K,
): SectionView<K> | null {
  const result = record.sections[section];
  return result.state === 'present' ? (result.value as SectionView<K>) : null;
}

/** The subject's MID: the subject section's, else data_description's (records without a subject). */
export function subjectIdOf(record: DocDbRecord): string | null {
  return (
    sectionValue(record, 'subject')?.subjectId ?? sectionValue(record, 'data_description')?.subjectId ?? null
  );
}

/**
 * When the session started: `session.session_start_time` (v1), `acquisition.acquisition_start_time`
 * (v2/imaging), else — for raw records only, where it is the acquisition time —
 * `data_description.creation_time`.
 */
export function sessionStartOf(record: DocDbRecord): Date | null {
  const session = toDate(sectionValue(record, 'session')?.sessionStartTime);
  if (session) return session;
  const acquisition = toDate(sectionValue(record, 'acquisition')?.acquisitionStartTime);
  if (acquisition) return acquisition;
  const description = sectionValue(record, 'data_description');
  return description?.dataLevel === 'raw' ? toDate(description.creationTime) : null;
}

/** The spike sorter of a sorted asset (see ProcessingView.sorterName); null without processing. */
export const sorterNameOf = (record: DocDbRecord): string | null =>
  sectionValue(record, 'processing')?.sorterName ?? null;
