/**
 * The registry's batch reads for the per-request loaders: one registry query per batch of subjects
 * (or session ids), answered in the order of the keys.
 */
import type {
  RegistrySource,
  SelectionRecord,
  SessionRecord,
  WaterAdministrationRecord,
  WeighingRecord,
} from '../sources/registry/index.ts';

type Registry = () => Promise<RegistrySource>;

/** Rows grouped under each key, in key order (an empty group for a key without rows). */
export const groupBy = <T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] => {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
};

export async function registrySessionsOfSubjects(
  registry: Registry,
  mids: readonly string[],
): Promise<SessionRecord[][]> {
  return groupBy(mids, await (await registry()).sessions({ subjectMids: mids }), (row) => row.subjectMid);
}

export async function registrySessionsById(
  registry: Registry,
  ids: readonly number[],
): Promise<(SessionRecord | null)[]> {
  const rows = await (await registry()).sessions({ ids });
  return ids.map((id) => rows.find((row) => row.id === id) ?? null);
}

export async function weighingsOfSubjects(
  registry: Registry,
  mids: readonly string[],
): Promise<WeighingRecord[][]> {
  return groupBy(mids, await (await registry()).weighings(mids), (row) => row.subjectMid);
}

export async function latestWeighingsOfSubjects(
  registry: Registry,
  mids: readonly string[],
): Promise<(WeighingRecord | null)[]> {
  const rows = await (await registry()).latestWeighings(mids);
  return mids.map((mid) => rows.find((row) => row.subjectMid === mid) ?? null);
}

export async function waterOfSubjects(
  registry: Registry,
  mids: readonly string[],
): Promise<WaterAdministrationRecord[][]> {
  return groupBy(mids, await (await registry()).waterAdministrations(mids), (row) => row.subjectMid);
}

export async function registrySelectionsById(
  registry: Registry,
  ids: readonly number[],
): Promise<(SelectionRecord | null)[]> {
  const rows = await (await registry()).selections(ids);
  return ids.map((id) => rows.find((row) => row.id === id) ?? null);
}
