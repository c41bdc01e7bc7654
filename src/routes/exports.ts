/**
 * Table exports for dataframe users, as a Yoga plugin: `/sessions/<ref>/trials.csv|ndjson` and
 * `/sessions/<ref>/performance.csv|ndjson` (`?version=legacy` for the legacy performance table).
 * `<ref>` is any session reference, URL-encoded. Rows are formatted as the reader takes them.
 *
 * Errors use the registry (src/errors.ts) and its statuses: BAD_USER_INPUT 400, NOT_FOUND 404 (unknown
 * session or no task file), METHOD_NOT_ALLOWED 405, INVALID_DATA 422 (naming the URI),
 * UPSTREAM_UNAVAILABLE 502 / UPSTREAM_TIMEOUT 504.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayServices } from '../context.ts';
import type { ColumnTable } from '../domain/columns.ts';
import { CONTENT_TYPES, type TableFormat, tableLines } from '../domain/tableFormats.ts';
import { BadUserInputError, describeKnownError, errorResponse, RequestRefusedError } from '../errors.ts';
import { createLoaders } from '../loaders/index.ts';
import { type NodeServerContext, rearmedPerChunk } from '../protection/writeTimeout.ts';
import type { SessionTask } from '../services/behaviour.ts';
import { lookupSession } from '../services/session.ts';

const EXPORT_PATH = /^\/sessions\/(.+)\/(trials|performance)\.(csv|ndjson)$/;

type TableName = 'trials' | 'performance';

interface ExportRoute {
  encodedRef: string;
  table: TableName;
  format: TableFormat;
}

/** Rows are handed to the writer in chunks of about this many characters. */
const CHUNK_CHARS = 16 * 1024;

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
      try {
        endResponse(await exportResponse(request, url, route, services, serverContext));
      } catch (error) {
        const known = describeKnownError(error);
        if (!known) throw error; // unexpected: Yoga logs it and answers 500 without details
        endResponse(errorResponse(known, known.code === 'METHOD_NOT_ALLOWED' ? { allow: 'GET, HEAD' } : {}));
      }
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
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new RequestRefusedError('METHOD_NOT_ALLOWED', `${request.method} is not supported here; use GET`, {
      allow: ['GET', 'HEAD'],
    });
  }
  const ref = decodeRef(route.encodedRef);
  const version = performanceVersion(url, route.table);
  const session = lookupSession(await services.catalog.snapshot(), ref);
  if (session === null) {
    throw new RequestRefusedError('NOT_FOUND', `No source knows a session ${JSON.stringify(ref)}`, { ref });
  }
  const task = await createLoaders(services).taskBySession.load(session);
  if (task === null) {
    throw new RequestRefusedError('NOT_FOUND', `Session ${session.id} has no task file`, {
      session: session.id,
    });
  }
  const table = tableOf(task, route.table, version);
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

function tableOf(task: SessionTask, table: TableName, version: 'current' | 'legacy'): ColumnTable {
  if (table === 'trials') return task.trials;
  return version === 'legacy' ? task.legacyPerformance : task.performance;
}

/**
 * Lines joined into chunks, formatted only when the writer asks for the next one (so a slow reader
 * holds at most a chunk in memory); stops when the client goes away.
 */
function chunkedStream(lines: Iterable<string>, aborted: AbortSignal): ReadableStream<Uint8Array> {
  const iterator = lines[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (aborted.aborted) return void controller.close();
        let chunk = '';
        for (let next = iterator.next(); !next.done; next = iterator.next()) {
          chunk += next.value;
          if (chunk.length >= CHUNK_CHARS) return void controller.enqueue(encoder.encode(chunk));
        }
        if (chunk) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
      cancel() {
        iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
