/**
 * `GET /metrics`: Prometheus text format (prom-client). The process's counters and histograms
 * (src/metrics.ts) are served with gauges read from this gateway at scrape time: the catalog's size
 * and age, and the registry's connection use. Reading them starts no load and no query. With
 * LABGRAPH_METRICS_TOKEN set, only `Authorization: Bearer <token>` may scrape (401 otherwise).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { Gauge, Registry } from 'prom-client';
import type { GatewayServices } from '../context.ts';
import { errorResponse } from '../errors.ts';
import { processRegistry, startProcessMetrics } from '../metrics.ts';

export const METRICS_PATH = '/metrics';

/** The gauges that read one gateway's state when scraped. */
function gatewayGauges(services: GatewayServices): Registry {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'labgraph_catalog_entries',
    help: 'Entries in the session catalog being served (registry included), by kind: sessions, subjects, assets.',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const stats = services.catalog.stats();
      if (!stats) return;
      this.set({ kind: 'sessions' }, stats.sessions);
      this.set({ kind: 'subjects' }, stats.subjects);
      this.set({ kind: 'assets' }, stats.assets);
    },
  });
  new Gauge({
    name: 'labgraph_catalog_age_seconds',
    help: 'Seconds since the catalog being served finished building from the upstreams (rebuilt every LABGRAPH_CATALOG_REFRESH_MS).',
    registers,
    collect() {
      const stats = services.catalog.stats();
      if (stats) this.set((Date.now() - stats.builtAt) / 1000);
    },
  });
  new Gauge({
    name: 'labgraph_catalog_degraded_sources',
    help: 'Upstreams the catalog being served had to do without (their last good answer stands in).',
    registers,
    collect() {
      const stats = services.catalog.stats();
      if (stats) this.set(stats.degradedSources);
    },
  });
  new Gauge({
    name: 'labgraph_registry_connections',
    help: 'Registry connections by state: max (pool size), open, idle, busy, waiting (queries queued for one). PGlite: one connection, always open.',
    labelNames: ['backend', 'state'] as const,
    registers,
    async collect() {
      const registry = await services.registryIfOpen();
      if (!registry) return;
      const use = registry.connections();
      const backend = registry.kind;
      this.set({ backend, state: 'max' }, use.max);
      this.set({ backend, state: 'open' }, use.open);
      this.set({ backend, state: 'idle' }, use.idle);
      this.set({ backend, state: 'busy' }, use.open - use.idle);
      this.set({ backend, state: 'waiting' }, use.waiting);
    },
  });
  return registry;
}

function bearerMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function metricsRoute(services: GatewayServices): Plugin {
  startProcessMetrics();
  const gateway = gatewayGauges(services);
  const token = services.config.metricsToken;
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== METRICS_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(
          errorResponse(
            {
              code: 'METHOD_NOT_ALLOWED',
              message: `${METRICS_PATH} answers GET`,
              extensions: { allow: 'GET' },
            },
            { allow: 'GET, HEAD' },
          ),
        );
      }
      if (token !== null && !bearerMatches(request.headers.get('authorization'), token)) {
        return endResponse(
          errorResponse(
            {
              code: 'UNAUTHENTICATED',
              message: `${METRICS_PATH} needs the scrape token: Authorization: Bearer <LABGRAPH_METRICS_TOKEN>`,
              extensions: { needed: 'metrics' },
            },
            { 'www-authenticate': 'Bearer' },
          ),
        );
      }
      const merged = Registry.merge([processRegistry, gateway]);
      endResponse(
        new Response(request.method === 'HEAD' ? null : await merged.metrics(), {
          headers: { 'content-type': merged.contentType, 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
