/**
 * Metadata: DocDB records and their sections, as the loaders and resolvers read them. Parsing happened
 * at the source boundary (src/sources/docdb/sections/); what is left here are the rules: which record
 * is the one for a name, a subject or a session (the newest), and that a malformed section fails only
 * its own field, with INVALID_DATA naming the section's URI.
 */
import { checkInputLength } from '../domain/dateInput.ts';
import { InvalidDataError } from '../errors.ts';
import { normalizeAssetId } from '../sources/codeocean/index.ts';
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

/** The newest DocDB record linking each CodeOcean asset id (`external_links`): one find for all ids. */
export async function newestRecordsByAssetId(
  sources: Pick<Sources, 'docdb'>,
  ids: readonly string[],
): Promise<(DocDbRecord | null)[]> {
  const records = [...(await sources.docdb.find({ filter: { codeOceanAssetIds: ids } }))].sort(newestFirst);
  return ids.map((id) => records.find((r) => r.codeOceanAssetIds.includes(id)) ?? null);
}

/** Every DocDB record of each subject, newest first: one find for all subjects. */
export async function recordsOfSubjects(
  sources: Pick<Sources, 'docdb'>,
  subjects: readonly string[],
): Promise<DocDbRecord[][]> {
  const records = [...(await sources.docdb.find({ filter: { subjectIds: subjects } }))].sort(newestFirst);
  return subjects.map((subject) => records.filter((r) => subjectIdOf(r) === subject));
}

/** Subject.metadataRecords: every record of the subject, newest first. */
export const subjectRecordsOf = (subject: string, reads: Pick<RequestReads, 'subjectRecords'>) =>
  reads.subjectRecords.load(subject);

/**
 * DataAsset.metadata: the asset's own DocDB record — the newest named after it (records are named
 * like their assets, raw, sorted and derived alike), else the newest that links its id.
 */
export async function assetRecord(
  asset: { id: string; name: string },
  reads: Pick<RequestReads, 'recordByName' | 'recordByAssetId'>,
): Promise<DocDbRecord | null> {
  return (await reads.recordByName.load(asset.name)) ?? reads.recordByAssetId.load(asset.id);
}

/**
 * Query.metadataRecord: a record by its name, or by the CodeOcean asset id it describes (linked in
 * `external_links`, else named like that asset).
 */
export async function metadataRecordOf(
  nameOrAssetId: string,
  reads: Pick<RequestReads, 'recordByName' | 'recordByAssetId' | 'asset'>,
): Promise<DocDbRecord | null> {
  const key = nameOrAssetId.trim();
  checkInputLength('nameOrAssetId', key, RECORD_KEY_FORMS);
  const assetId = normalizeAssetId(key);
  if (assetId === null) return reads.recordByName.load(key);
  const linked = await reads.recordByAssetId.load(assetId);
  if (linked) return linked;
  const asset = await reads.asset.load(assetId);
  return asset ? reads.recordByName.load(asset.name) : null;
}

const RECORD_KEY_FORMS = [
  'a record name, e.g. ecephys_676909_2023-12-13_13-43-40',
  'a CodeOcean data-asset UUID, dashed or 32 hex digits',
];

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
