/**
 * Table exports for dataframe users: `/sessions/<ref>/trials.csv|ndjson` and
 * `/sessions/<ref>/performance.csv|ndjson` (`?version=legacy` for the legacy performance table).
 * `<ref>` is any session reference, URL-encoded. Rows are streamed as they are formatted.
 *
 * Status codes: 400 unreadable reference or parameter, 404 unknown session or no task file (JSON
 * reason), 422 corrupt task file (naming its URI), 502/504 object store unavailable or too slow.
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayServices } from '../context.ts';
import type { ColumnTable } from '../domain/columns.ts';
import { CONTENT_TYPES, type TableFormat, tableLines } from '../domain/tableFormats.ts';
import { BadUserInputError } from '../errors.ts';
import { createLoaders } from '../loaders/index.ts';
import { describeKnownError } from '../resolvers/errors.ts';
import type { SessionTask } from '../services/behaviour.ts';
import { lookupSession } from '../services/session.ts';

const EXPORT_PATH = /^\/sessions\/(.+)\/(trials|performance)\.(csv|ndjson)$/;

type TableName = 'trials' | 'performance';

/** Flush to the socket every this many characters, so long tables leave as they are formatted. */
const CHUNK_CHARS = 16 * 1024;

export function matchExportRoute(
  pathname: string,
): { encodedRef: string; table: TableName; format: TableFormat } | null {
  const match = EXPORT_PATH.exec(pathname);
  if (!match) return null;
  return {
    encodedRef: match[1] as string,
    table: match[2] as TableName,
    format: match[3] as TableFormat,
  };
}

export async function handleExport(
  req: IncomingMessage,
  res: ServerResponse,
  route: NonNullable<ReturnType<typeof matchExportRoute>>,
  services: GatewayServices,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendError(res, 405, {
      error: `${req.method} is not supported here; use GET`,
      code: 'METHOD_NOT_ALLOWED',
    });
  }
  try {
    const ref = decodeRef(route.encodedRef);
    const version = performanceVersion(req, route.table);
    const session = lookupSession(await services.catalog.snapshot(), ref);
    if (session === null) {
      return sendError(res, 404, {
        error: `No source knows a session ${JSON.stringify(ref)}`,
        code: 'NOT_FOUND',
        ref,
      });
    }
    const task = await createLoaders(services).taskBySession.load(session);
    if (task === null) {
      return sendError(res, 404, {
        error: `Session ${session.id} has no task file`,
        code: 'NOT_FOUND',
        session: session.id,
      });
    }
    const table = tableOf(task, route.table, version);
    const filename = `${session.id}_${route.table}${version === 'legacy' ? '_legacy' : ''}.${route.format}`;
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[route.format],
      'content-disposition': `inline; filename="${filename}"`,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    await streamLines(res, tableLines(table, route.format));
  } catch (error) {
    if (res.headersSent) throw error;
    const known = describeKnownError(error);
    if (!known) throw error; // unexpected: the server logs it and answers 500
    const status = {
      BAD_USER_INPUT: 400,
      INVALID_DATA: 422,
      UPSTREAM_UNAVAILABLE: 502,
      UPSTREAM_TIMEOUT: 504,
    }[known.code];
    sendError(res, status, { error: (error as Error).message, code: known.code, ...known.extensions });
  }
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

function performanceVersion(req: IncomingMessage, table: TableName): 'current' | 'legacy' {
  const version = new URL(req.url ?? '/', 'http://localhost').searchParams.get('version') ?? 'current';
  if (version === 'current' || (version === 'legacy' && table === 'performance')) return version;
  throw new BadUserInputError(`Unknown version ${JSON.stringify(version)} for ${table}`, [
    table === 'performance' ? 'version=current (default) or version=legacy' : 'no version parameter',
  ]);
}

function tableOf(task: SessionTask, table: TableName, version: 'current' | 'legacy'): ColumnTable {
  if (table === 'trials') return task.trials;
  return version === 'legacy' ? task.legacyPerformance : task.performance;
}

/** Writes lines in chunks, waiting for the socket to drain; stops if the client goes away. */
async function streamLines(res: ServerResponse, lines: Iterable<string>): Promise<void> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length < CHUNK_CHARS) continue;
    if (!res.write(chunk)) await drainedOrClosed(res);
    if (res.destroyed) return;
    chunk = '';
  }
  res.end(chunk);
}

async function drainedOrClosed(res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  await Promise.race([
    once(res, 'drain', { signal: controller.signal }),
    once(res, 'close', { signal: controller.signal }),
  ]).finally(() => controller.abort());
}

function sendError(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
