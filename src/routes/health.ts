/**
 * `/healthz` (the process answers) and `/readyz` (the catalog has loaded; sources it had to do
 * without are listed as degraded, not fatal), as a Yoga plugin answering before GraphQL is involved.
 */
import type { Plugin } from 'graphql-yoga';
import type { SessionCatalog } from '../services/catalog.ts';

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function healthRoutes(catalog: SessionCatalog): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname === '/healthz') return endResponse(json(200, { status: 'ok' }));
      if (url.pathname !== '/readyz') return;
      endResponse(
        catalog.isLoaded
          ? json(200, { status: 'ready', degraded: catalog.degradedSources() })
          : json(503, { status: 'loading', detail: 'sources are still loading' }),
      );
    },
  };
}
