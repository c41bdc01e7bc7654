/**
 * The per-request DataLoader set, composed from one factory per area. Each loader batches what a
 * list of parents needs into one upstream request per source per level.
 */
import type { CatalogSubject } from '../catalog/sessionCatalog.ts';
import type { GatewayServices } from '../context.ts';
import { type AssetLoaders, createAssetLoaders } from './assets.ts';
import { type BehaviourLoaders, createBehaviourLoaders } from './behaviour.ts';
import { subjectFacts } from './subjectFacts.ts';

export type Loaders = AssetLoaders & BehaviourLoaders;

export function createLoaders(services: GatewayServices): Loaders {
  const assets = createAssetLoaders(services);
  const genotypeOf = async (subject: CatalogSubject) => (await subjectFacts(subject, assets)).genotype.value;
  return { ...assets, ...createBehaviourLoaders(services, genotypeOf) };
}
