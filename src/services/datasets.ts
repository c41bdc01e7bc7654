/**
 * The registry's datasets for the per-request loaders: one registry query per batch of sessions, of
 * dataset row ids, or of dataset global ids (`<session id>/<path in session>`), answered in key order.
 */
import { type DatasetPlace, parseDatasetNodeId } from '../domain/datasetRules.ts';
import type { DatasetRecord, RegistryReader, SessionKey } from '../sources/registry/index.ts';
import type { CatalogSession } from './catalog.ts';
import { groupBy } from './registryReads.ts';

/** The registry, or a write's transaction (its reads see the write's own rows). */
type Registry = () => Promise<RegistryReader>;

/** A catalog session's registry key: the ALF number is idx + 1. */
export const registryKeyOf = (s: Pick<CatalogSession, 'subject' | 'date' | 'idx'>): SessionKey => ({
  subjectMid: s.subject,
  date: s.date,
  number: s.idx + 1,
});

const sessionKeyText = (k: SessionKey) => `${k.subjectMid}/${k.date}/${k.number}`;

export async function datasetsOfSessions(
  registry: Registry,
  sessions: readonly CatalogSession[],
): Promise<DatasetRecord[][]> {
  const keys = sessions.map(registryKeyOf);
  const rows = await (await registry()).datasets({ sessions: keys });
  return groupBy(keys.map(sessionKeyText), rows, (row) => sessionKeyText(row.session));
}

export async function datasetsById(
  registry: Registry,
  ids: readonly number[],
): Promise<(DatasetRecord | null)[]> {
  const rows = await (await registry()).datasets({ ids });
  return ids.map((id) => rows.find((row) => row.id === id) ?? null);
}

const samePlace = (row: DatasetRecord, place: DatasetPlace) =>
  row.session.subjectMid === place.subjectMid &&
  row.session.date === place.date &&
  row.session.number === place.number &&
  row.collection === place.collection &&
  row.revision === place.revision &&
  row.name === place.name;

/** Datasets by global id; null for an id of no dataset (or not a dataset id at all). */
export async function datasetsByNodeId(
  registry: Registry,
  ids: readonly string[],
): Promise<(DatasetRecord | null)[]> {
  const places = ids.map(parseDatasetNodeId);
  const sessions = places.filter((place) => place !== null);
  const rows = sessions.length > 0 ? await (await registry()).datasets({ sessions }) : [];
  return places.map((place) => (place ? (rows.find((row) => samePlace(row, place)) ?? null) : null));
}
