/**
 * DocDB record lookups for the loaders: the newest record per name, and per subject the newest that
 * has a subject section — one find per batch. (Left here until the metadata service takes them.)
 */

import { type DocDbRecord, sectionValue, subjectIdOf } from '../sources/docdb/index.ts';
import type { Sources } from '../sources/index.ts';

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
  sources: Sources,
  names: readonly string[],
): Promise<(DocDbRecord | null)[]> {
  const newest = newestBy(await sources.docdb.find({ filter: { names } }), (r) => r.name);
  return names.map((name) => newest.get(name) ?? null);
}

/** The newest DocDB record of each subject that has a subject section: one find for all subjects. */
export async function newestSubjectRecords(
  sources: Sources,
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
