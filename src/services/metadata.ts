/**
 * Metadata: a session's DocDB record and its sections, as the resolvers read them. Parsing happened
 * at the source boundary (src/sources/docdb/sections/); what is left here are the rules: which record
 * is a session's, and that a malformed section fails only its own field, with INVALID_DATA naming
 * the section's URI.
 */
import { InvalidDataError } from '../errors.ts';
import {
  type DocDbRecord,
  type RecordSection,
  type SectionView,
  sectionUri,
} from '../sources/docdb/index.ts';

/** The batched read this service needs: the newest DocDB record with exactly a name. */
export interface RecordByName {
  recordByName: { load(name: string): Promise<DocDbRecord | null> };
}

/**
 * The session's record: the newest record named after one of its AIND names, the first of them that
 * has one. null when DocDB has none.
 */
export async function sessionRecord(
  aindNames: readonly string[],
  reads: RecordByName,
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
