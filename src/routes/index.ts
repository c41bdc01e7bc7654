/**
 * HTTP routes beside /graphql, each a Yoga plugin that answers before GraphQL is involved:
 * /healthz and /readyz, and the table exports for dataframe users.
 */
import type { GatewayServices } from '../context.ts';
import { exportRoutes } from './exports.ts';
import { healthRoutes } from './health.ts';

export function routePlugins(services: GatewayServices) {
  return [healthRoutes(services.catalog), exportRoutes(services)];
}
