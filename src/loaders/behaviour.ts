/** Loaders for the behaviour fields (stim files, task data, derived tables). */
import type { GatewayServices } from '../context.ts';

// biome-ignore lint/complexity/noBannedTypes: the behaviour loaders are added here
export type BehaviourLoaders = {};

export function createBehaviourLoaders(_services: GatewayServices): BehaviourLoaders {
  return {};
}
