/**
 * Table exports for dataframe users, as a Yoga plugin: `/sessions/<ref>/trials.csv|ndjson`,
 * `/sessions/<ref>/performance.csv|ndjson` (`?version=legacy` for the legacy performance table) and
 * `/sessions/<ref>/epochs.csv|ndjson`; `?names=legacy` names the columns by their notebook-era names.
 * `<ref>` is any session reference, URL-encoded. Rows are formatted as the reader takes them.
 *
 * Errors use the registry (src/errors.ts) and its statuses: BAD_USER_INPUT 400, NOT_FOUND 404 (unknown
 * session or no task file), METHOD_NOT_ALLOWED 405, INVALID_DATA 422 (naming the URI),
 * UPSTREAM_UNAVAILABLE 502 / UPSTREAM_TIMEOUT 504.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayServices } from '../context.ts';
import { type ColumnRegistry, withFormerNames } from '../domain/columnRegistry.ts';
import type { ColumnTable } from '../domain/columns.ts';
import { EPOCH_COLUMNS } from '../domain/epochColumns.ts';
import { LEGACY_PERFORMANCE_COLUMNS, PERFORMANCE_COLUMNS } from '../domain/performanceColumns.ts';
import { CONTENT_TYPES, type TableFormat, tableLines } from '../domain/tableFormats.ts';
import { TRIAL_COLUMNS } from '../domain/trialColumns.ts';
import { BadUserInputError, RequestRefusedError } from '../errors.ts';
import { createLoaders } from '../loaders/index.ts';
import { type NodeServerContext, rearmedPerChunk } from '../protection/writeTimeout.ts';
import type { SessionTask } from '../services/behaviour.ts';
import { lookupSession } from '../services/session.ts';
import { answerExport, chunkedStream, requireGetOrHead } from './exportSupport.ts';

const EXPORT_PATH = /^\/sessions\/(.+)\/(trials|performance|epochs)\.(csv|ndjson)$/;

type TableName = 'trials' | 'performance' | 'epochs';

interface ExportRoute {
  encodedRef: string;
  table: TableName;
  format: TableFormat;
}

export function matchExportRoute(pathname: string): ExportRoute | null {
  const match = EXPORT_PATH.exec(pathname);
  if (!match) return null;
  return { encodedRef: match[1] as string, table: match[2] as TableName, format: match[3] as TableFormat };
}

export function exportRoutes(services: GatewayServices): Plugin<object, NodeServerContext> {
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const route = matchExportRoute(url.pathname);
      if (!route) return;
      await answerExport(() => exportResponse(request, url, route, services, serverContext), endResponse);
    },
  };
}

async function exportResponse(
  request: Request,
  url: URL,
  route: ExportRoute,
  services: GatewayServices,
  serverContext: NodeServerContext,
): Promise<Response> {
  requireGetOrHead(request);
  const ref = decodeRef(route.encodedRef);
  const version = performanceVersion(url, route.table);
  const legacyNames = columnNames(url);
  const session = lookupSession(await services.catalog.snapshot(), ref);
  if (session === null) {
    throw new RequestRefusedError('NOT_FOUND', `No source knows a session ${JSON.stringify(ref)}`, { ref });
  }
  const task = await createLoaders(services, undefined, request.signal).taskBySession.load(session);
  if (task === null) {
    throw new RequestRefusedError('NOT_FOUND', `Session ${session.id} has no task file`, {
      session: session.id,
    });
  }
  const { table: computed, registry } = tableOf(task, route.table, version);
  const table = legacyNames ? withFormerNames(registry, computed) : computed;
  const filename = `${session.id}_${route.table}${version === 'legacy' ? '_legacy' : ''}.${route.format}`;
  const headers = {
    'content-type': CONTENT_TYPES[route.format],
    'content-disposition': `inline; filename="${filename}"`,
    'cache-control': 'no-store',
  };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = rearmedPerChunk(chunkedStream(tableLines(table, route.format), request.signal), serverContext);
  return new Response(body, { status: 200, headers });
}

function decodeRef(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new BadUserInputError(`Cannot decode session reference ${JSON.stringify(encoded)}`, [
      'a URL-encoded session reference (encodeURIComponent)',
    ]);
  }
}

function performanceVersion(url: URL, table: TableName): 'current' | 'legacy' {
  const version = url.searchParams.get('version') ?? 'current';
  if (version === 'current' || (version === 'legacy' && table === 'performance')) return version;
  throw new BadUserInputError(`Unknown version ${JSON.stringify(version)} for ${table}`, [
    table === 'performance' ? 'version=current (default) or version=legacy' : 'no version parameter',
  ]);
}

/** `?names=current` (default) or `?names=legacy`: true when the notebook-era column names are asked for. */
function columnNames(url: URL): boolean {
  const names = url.searchParams.get('names') ?? 'current';
  if (names === 'current' || names === 'legacy') return names === 'legacy';
  throw new BadUserInputError(`Unknown names ${JSON.stringify(names)}`, [
    'names=current (default: the reference column names) or names=legacy (the names of npc_sessions ≤ v0.0.265, e.g. is_vis_context)',
  ]);
}

function tableOf(
  task: SessionTask,
  table: TableName,
  version: 'current' | 'legacy',
): { table: ColumnTable; registry: ColumnRegistry } {
  if (table === 'trials') return { table: task.trials, registry: TRIAL_COLUMNS };
  if (table === 'epochs') return { table: task.epochs, registry: EPOCH_COLUMNS };
  return version === 'legacy'
    ? { table: task.legacyPerformance, registry: LEGACY_PERFORMANCE_COLUMNS }
    : { table: task.performance, registry: PERFORMANCE_COLUMNS };
}
