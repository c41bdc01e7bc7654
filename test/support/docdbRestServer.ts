/**
 * A loopback stand-in for AIND's DocDB REST gateway (reference §4.1): node `http` serving
 * `GET /v1/{db}/{collection}/find` and `…/count_documents` over documents in memory, queried with
 * mingo. Like the real gateway it may answer with FEWER records than asked (`maxPageSize`), so
 * clients must page until an empty page. Fault switches: the next N requests answer a 5xx, or every
 * request hangs until the server stops; and paging faults (`setPaging`): `ignoreSkip` serves the first
 * page whatever `skip` says, `junk` answers every find with fresh records that never run out.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Document } from 'mongodb';
import { evaluateCount, evaluateFind } from '../../src/sources/docdb/embeddedBackend.ts';

export interface RestRequest {
  endpoint: string;
  database: string;
  collection: string;
  params: Record<string, string>;
  /** The Authorization header sent, if any. */
  authorization: string | undefined;
  status: number | 'hung';
}

export interface DocDbRestServerOptions {
  /** `{ [database]: { [collection]: documents } }` */
  databases: Record<string, Record<string, readonly Document[]>>;
  /** The most records one response holds, whatever the client asked (the gateway's payload cap). */
  maxPageSize?: number;
}

export interface DocDbRestServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  readonly requests: readonly RestRequest[];
  /** The next `count` requests answer `status` (default 500). */
  failNext(count: number, status?: number): void;
  /** While true, requests get no answer (until the client gives up or the server stops). */
  setHang(hang: boolean): void;
  /** How `find` pages: `normal`, `ignoreSkip` (always from record 0) or `junk` (endless new records). */
  setPaging(paging: PagingMode): void;
  stop(): Promise<void>;
}

export type PagingMode = 'normal' | 'ignoreSkip' | 'junk';

class BadRequest extends Error {}

function jsonParam(params: URLSearchParams, name: string): Document | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Document;
  } catch {
    throw new BadRequest(`${name} must be a JSON object`);
  }
}

function intParam(params: URLSearchParams, name: string): number {
  const value = Number(params.get(name) ?? 0);
  if (!Number.isInteger(value) || value < 0) throw new BadRequest(`${name} must be a non-negative integer`);
  return value;
}

export async function startDocDbRestServer(options: DocDbRestServerOptions): Promise<DocDbRestServer> {
  const maxPageSize = options.maxPageSize ?? 1000;
  const requests: RestRequest[] = [];
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  let hang = false;
  let paging: PagingMode = 'normal';
  let junkServed = 0;

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  function route(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const [version, database = '', collection = '', endpoint = ''] = url.pathname.split('/').filter(Boolean);
    const entry: RestRequest = {
      endpoint,
      database,
      collection,
      params: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      status: 200,
    };
    requests.push(entry);
    if (hang) {
      entry.status = 'hung';
      return;
    }
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      entry.status = failures.status;
      return send(response, failures.status, { message: 'Internal Server Error' });
    }
    const documents = options.databases[database]?.[collection];
    if (request.method !== 'GET' || version !== 'v1' || !documents) {
      entry.status = 404;
      return send(response, 404, { message: 'Not Found' });
    }
    try {
      const params = url.searchParams;
      if (endpoint === 'find') {
        const asked = intParam(params, 'limit');
        if (paging === 'junk') {
          const records = Array.from({ length: Math.max(1, Math.min(asked, 3)) }, () => ({
            _id: `junk-${junkServed++}`,
            name: 'not a record',
          }));
          return send(response, 200, records);
        }
        return send(
          response,
          200,
          evaluateFind(documents, {
            filter: jsonParam(params, 'filter') ?? {},
            projection: jsonParam(params, 'projection'),
            sort: jsonParam(params, 'sort') ?? {},
            skip: paging === 'ignoreSkip' ? 0 : intParam(params, 'skip'),
            limit: asked > 0 ? Math.min(asked, maxPageSize) : maxPageSize,
          }),
        );
      }
      if (endpoint === 'count_documents') {
        return send(response, 200, {
          total_record_count: documents.length,
          filtered_record_count: evaluateCount(documents, jsonParam(params, 'filter') ?? {}),
        });
      }
      entry.status = 404;
      return send(response, 404, { message: 'Not Found' });
    } catch (error) {
      entry.status = 400;
      return send(response, 400, { message: error instanceof Error ? error.message : 'bad request' });
    }
  }

  const server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('DocDB REST server: no port');

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    requests,
    failNext(count, status = 500) {
      failures = { remaining: count, status };
    },
    setHang(value) {
      hang = value;
    },
    setPaging(value) {
      paging = value;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
