/**
 * Metadata: DocDB records and their sections, as the loaders and resolvers read them. Parsing happened
 * at the source boundary (src/sources/docdb/sections/); what is left here are the rules: which record
 * is the one for a name, a subject or a session (the newest), and that a malformed section fails only
 * its own field, with INVALID_DATA naming the section's URI.
 */
import { InvalidDataError } from '../errors.ts';
import {
  type DocDbRecord,
  type RecordSection,
  type SectionView,
  sectionUri,
  sectionValue,
  subjectIdOf,
} from '../sources/docdb/index.ts';
import type { Sources } from '../sources/index.ts';
import type { RequestReads } from './reads.ts';

const newestFirst = (a: DocDbRecord, b: DocDbRecord) =>
  (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0);

function newestBy<K>(
  records: readonly DocDbRecord[],
  keyOf: (r: DocDbRecord) => K | null,
): Map<K, DocDbRecord> {
  const newest = new Map<K, DocDbRecord>();
  for (const record of [...records].sort(newestFirst)) {
    const key = keyOf(record);
    if (key !== null && !newest.has(key)) newest.set(key, record);
  }
  return newest;
}

/** The newest DocDB record with exactly each name: one find for all names. */
export async function newestRecordsByName(
  sources: Pick<Sources, 'docdb'>,
  names: readonly string[],
): Promise<(DocDbRecord | null)[]> {
  const newest = newestBy(await sources.docdb.find({ filter: { names } }), (r) => r.name);
  return names.map((name) => newest.get(name) ?? null);
}

/**
 * The newest DocDB record of each subject whose subject section reads (absent or malformed ones are
 * passed over, so an older good record still gives the subject's facts): one find for all subjects.
 */
export async function newestSubjectRecords(
  sources: Pick<Sources, 'docdb'>,
  subjects: readonly string[],
): Promise<(DocDbRecord | null)[]> {
  const records = await sources.docdb.find({
    filter: { subjectIds: subjects },
    projection: ['subject', 'data_description'],
  });
  const withSubject = records.filter((r) => sectionValue(r, 'subject') !== null);
  const newest = newestBy(withSubject, subjectIdOf);
  return subjects.map((subject) => newest.get(subject) ?? null);
}

/**
 * The session's record: the newest record named after one of its AIND names, the first of them that
 * has one. null when DocDB has none.
 */
export async function sessionRecord(
  aindNames: readonly string[],
  reads: Pick<RequestReads, 'recordByName'>,
): Promise<DocDbRecord | null> {
  const records = await Promise.all(aindNames.map((name) => reads.recordByName.load(name)));
  return records.find((record) => record !== null) ?? null;
}

/** A section's view; null when absent (or not fetched); InvalidDataError when malformed. */
export function recordSection<K extends RecordSection>(
  record: DocDbRecord,
  section: K,
): SectionView<K> | null {
  const result = record.sections[section];
  if (result.state === 'invalid') {
    throw new InvalidDataError(sectionUri(record, section), `DocDB record ${record.name}: ${result.error}`);
  }
  return result.state === 'present' ? (result.value as SectionView<K>) : null;
}
