/**
 * The per-request DataLoader set, composed from one factory per area. Each loader batches what a
 * list of parents needs into one upstream request per source per level.
 */
import type { GatewayServices } from '../context.ts';
import { type AssetLoaders, createAssetLoaders } from './assets.ts';
import { type BehaviourLoaders, createBehaviourLoaders } from './behaviour.ts';

export type Loaders = AssetLoaders & BehaviourLoaders;

export function createLoaders(services: GatewayServices): Loaders {
  return { ...createAssetLoaders(services), ...createBehaviourLoaders(services) };
}
