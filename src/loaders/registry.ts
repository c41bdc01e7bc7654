/** Per-request DataLoaders over the registry's batch reads (src/services/registryReads.ts). */
import DataLoader from 'dataloader';
import type { CatalogSession } from '../services/catalog.ts';
import { datasetsById, datasetsByNodeId, datasetsOfSessions } from '../services/datasets.ts';
import { dataFormatsByName, datasetTypesByName } from '../services/datasetTypes.ts';
import type { GatewayServices } from '../services/gateway.ts';
import {
  latestWeighingsOfSubjects,
  registrySelectionsById,
  registrySessionsById,
  registrySessionsOfSubjects,
  waterOfSubjects,
  weighingsOfSubjects,
} from '../services/registryReads.ts';

export function registryLoaders({
  registry,
  registrySubjects,
}: Pick<GatewayServices, 'registry' | 'registrySubjects'>) {
  return {
    registrySubject: new DataLoader((mids: readonly string[]) => registrySubjects.subjects(mids)),
    registrySessions: new DataLoader((mids: readonly string[]) => registrySessionsOfSubjects(registry, mids)),
    weighings: new DataLoader((mids: readonly string[]) => weighingsOfSubjects(registry, mids)),
    latestWeighing: new DataLoader((mids: readonly string[]) => latestWeighingsOfSubjects(registry, mids)),
    waterAdministrations: new DataLoader((mids: readonly string[]) => waterOfSubjects(registry, mids)),
    registrySessionById: new DataLoader((ids: readonly number[]) => registrySessionsById(registry, ids)),
    datasetType: new DataLoader((names: readonly string[]) => datasetTypesByName(registry, names)),
    dataFormat: new DataLoader((names: readonly string[]) => dataFormatsByName(registry, names)),
    selectionById: new DataLoader((ids: readonly number[]) => registrySelectionsById(registry, ids)),
    datasetsOfSession: new DataLoader(
      (sessions: readonly CatalogSession[]) => datasetsOfSessions(registry, sessions),
      { cacheKeyFn: (s: CatalogSession) => s.id },
    ),
    datasetById: new DataLoader((ids: readonly number[]) => datasetsById(registry, ids)),
    datasetByNodeId: new DataLoader((ids: readonly string[]) => datasetsByNodeId(registry, ids)),
  };
}
