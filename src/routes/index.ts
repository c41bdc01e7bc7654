/**
 * HTTP routes beside /graphql, each a Yoga plugin that answers before GraphQL is involved:
 * /healthz and /readyz, /metrics, the table exports for dataframe users, stored manifests, the
 * dashboard at / (when enabled), and a JSON 404 for anything else.
 */
import type { GatewayServices } from '../context.ts';
import { type Dashboard, dashboardRoutes } from './dashboard.ts';
import { exportRoutes } from './exports.ts';
import { healthRoutes } from './health.ts';
import { manifestRoutes } from './manifests.ts';
import { metricsRoute } from './metrics.ts';
import { notFound } from './notFound.ts';
import { sessionListExport } from './sessionListExport.ts';

export const GRAPHQL_PATH = '/graphql';

/** Route plugins in the order they are asked; notFound answers whatever none of them claimed. */
export function routePlugins(services: GatewayServices, dashboard: Dashboard | null) {
  return [
    healthRoutes(services.catalog),
    metricsRoute(services),
    exportRoutes(services),
    sessionListExport(services),
    manifestRoutes(services),
    ...(dashboard ? [dashboardRoutes(dashboard)] : []),
    notFound(GRAPHQL_PATH),
  ];
}
