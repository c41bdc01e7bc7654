/**
 * The session list itself as a dataframe, as a Yoga plugin: `GET /sessions.csv` and
 * `GET /sessions.ndjson`, filtered by the same conditions as `sessions(filter:)` given as query-string
 * parameters (src/domain/sessionFilterParams.ts), in `orderBy` order. One row per session, catalog
 * facts only (src/services/sessionTable.ts), streamed as the reader takes it.
 *
 * Errors use the registry (src/errors.ts): BAD_USER_INPUT 400 (an unknown parameter, listing the
 * accepted ones, or a bad value), METHOD_NOT_ALLOWED 405, UPSTREAM_UNAVAILABLE 502 / UPSTREAM_TIMEOUT 504
 * when a costly filter's source fails.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayServices } from '../context.ts';
import { sessionQueryFromParams } from '../domain/sessionFilterParams.ts';
import { CONTENT_TYPES, type TableFormat, tableLines } from '../domain/tableFormats.ts';
import { createLoaders } from '../loaders/index.ts';
import { type NodeServerContext, rearmedPerChunk } from '../protection/writeTimeout.ts';
import { selectCatalogSessions } from '../services/sessionList.ts';
import { sessionListTable } from '../services/sessionTable.ts';
import { answerExport, chunkedStream, requireGetOrHead } from './exportSupport.ts';

const SESSION_LIST_PATH = /^\/sessions\.(csv|ndjson)$/;

export function sessionListExport(services: GatewayServices): Plugin<object, NodeServerContext> {
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const match = SESSION_LIST_PATH.exec(url.pathname);
      if (!match) return;
      const format = match[1] as TableFormat;
      await answerExport(() => listResponse(request, url, format, services, serverContext), endResponse);
    },
  };
}

async function listResponse(
  request: Request,
  url: URL,
  format: TableFormat,
  services: GatewayServices,
  serverContext: NodeServerContext,
): Promise<Response> {
  requireGetOrHead(request);
  const query = sessionQueryFromParams(url.searchParams);
  const snapshot = await services.catalog.snapshot();
  const selected = await selectCatalogSessions(query, {
    reads: createLoaders(services),
    snapshot,
  });
  const headers = {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `inline; filename="sessions.${format}"`,
    'cache-control': 'no-store',
  };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  const lines = tableLines(sessionListTable(selected), format);
  return new Response(rearmedPerChunk(chunkedStream(lines, request.signal), serverContext), {
    status: 200,
    headers,
  });
}
