/** Per-request DataLoaders over the registry: one query per batch of subjects (or session ids). */
import DataLoader from 'dataloader';
import type { RegistrySource } from '../sources/registry/index.ts';

const groupBy = <T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] => {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
};

export function registryLoaders(registry: () => Promise<RegistrySource>) {
  return {
    registrySubject: new DataLoader(async (mids: readonly string[]) => {
      const rows = await (await registry()).subjects(mids);
      return mids.map((mid) => rows.find((row) => row.mid === mid) ?? null);
    }),
    registrySessions: new DataLoader(async (mids: readonly string[]) =>
      groupBy(mids, await (await registry()).sessions({ subjectMids: mids }), (row) => row.subjectMid),
    ),
    weighings: new DataLoader(async (mids: readonly string[]) =>
      groupBy(mids, await (await registry()).weighings(mids), (row) => row.subjectMid),
    ),
    latestWeighing: new DataLoader(async (mids: readonly string[]) => {
      const rows = await (await registry()).latestWeighings(mids);
      return mids.map((mid) => rows.find((row) => row.subjectMid === mid) ?? null);
    }),
    waterAdministrations: new DataLoader(async (mids: readonly string[]) =>
      groupBy(mids, await (await registry()).waterAdministrations(mids), (row) => row.subjectMid),
    ),
    registrySessionById: new DataLoader(async (ids: readonly number[]) => {
      const rows = await (await registry()).sessions({ ids });
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
  };
}
