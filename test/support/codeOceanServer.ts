/**
 * A loopback CodeOcean v1 API for tests: node `http` on 127.0.0.1:0 serving the fixture assets with
 * the real JSON shapes — `POST data_assets/search` (query syntax subset, offset/limit/has_more paging),
 * `GET data_assets/{id}`, `GET capsules/{id}/computations`, `GET computations/{id}` — behind HTTP Basic auth (token as user).
 * Switches, settable per test: latency, a queue of failures (429 with Retry-After, 500, 503…), hang
 * (accept and never answer), hold (answer only when the test releases), a smaller page size, overlapping pages, a malformed record, a body that
 * stalls halfway, a body padded to any size; and a log of every request per route so tests count
 * upstream calls, with whether the client closed the connection before its answer was sent.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  type EngineRecord,
  pageOf,
  searchRequestWireSchema,
  sortedMatches,
} from '../../src/sources/codeocean/searchEngine.ts';
import { dataAssetWireSchema } from '../../src/sources/codeocean/wire.ts';

export type CodeOceanRoute =
  | 'search'
  | 'getDataAsset'
  | 'listCapsuleComputations'
  | 'getComputation'
  | 'unknown';

export interface LoggedRequest {
  route: CodeOceanRoute;
  method: string;
  path: string;
  /** Parsed JSON body (search requests). */
  body: unknown;
  authorized: boolean;
  headers: { contentType?: string; minServerVersion?: string };
  /** What the server did: a status, or `hang`. */
  outcome: number | 'hang';
  /** The client closed the connection before the answer was complete (e.g. it aborted the call). */
  closedByClient: boolean;
}

export interface CodeOceanServerMode {
  /** Delay before every answer. */
  latencyMs: number;
  /** Accept requests and never answer them (client timeouts). */
  hang: boolean;
  /** Accept requests and answer them only when `release()` is called. */
  hold: boolean;
  /** Most results the server returns per page, whatever `limit` asks. */
  pageSize: number;
  /** Each page after the first starts this many records early (assets added mid-scan). */
  pageOverlap: number;
  /** Search pages include one record whose `created` is not a number. */
  malformed: boolean;
  /** 200 answers send half their body, wait this long, then the rest (0: off). */
  slowBodyMs: number;
  /** 200 answers are padded with whitespace to this many bytes, streamed without Content-Length (0: off). */
  padBytes: number;
}

export interface CodeOceanServerOptions {
  token: string;
  /** Fixtures root holding `codeocean/data_assets.json` and `computations.json`. Default `fixtures`. */
  fixturesDir?: string;
  mode?: Partial<CodeOceanServerMode>;
}

export interface CodeOceanTestServer {
  /** `http://127.0.0.1:<port>`: the CodeOcean domain to give the client. */
  url: string;
  /** Every request received, in order. */
  readonly requests: readonly LoggedRequest[];
  /** Requests received on a route (all routes when omitted). */
  count(route?: CodeOceanRoute): number;
  resetRequests(): void;
  setMode(mode: Partial<CodeOceanServerMode>): void;
  /** The next `n` requests (any route) answer `status`, with `Retry-After: <seconds>` when given. */
  failNext(n: number, status: number, retryAfterSeconds?: number): void;
  /** Drops failures queued by `failNext` that were not used. */
  clearFailures(): void;
  /** Lets the requests held by the `hold` switch be answered. */
  release(): void;
  /** Raw fixture records served (as the API sends them). */
  readonly assets: readonly Record<string, unknown>[];
  stop(): Promise<void>;
}

const DEFAULT_MODE: CodeOceanServerMode = {
  latencyMs: 0,
  hang: false,
  hold: false,
  pageSize: 1000,
  pageOverlap: 0,
  malformed: false,
  slowBodyMs: 0,
  padBytes: 0,
};

const PAD_CHUNK = ' '.repeat(64 * 1024);

/** Writes `text` then whitespace up to `total` bytes, waiting for the client to drain; stops if it leaves. */
async function writePadded(res: ServerResponse, text: string, total: number) {
  res.write(text);
  for (let sent = Buffer.byteLength(text); sent < total && !res.destroyed; sent += PAD_CHUNK.length) {
    if (!res.write(PAD_CHUNK)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end();
}

function loadFixtures(fixturesDir: string) {
  const dir = path.resolve(fixturesDir, 'codeocean');
  const raw = JSON.parse(readFileSync(path.join(dir, 'data_assets.json'), 'utf8')) as Record<
    string,
    unknown
  >[];
  const computations = JSON.parse(readFileSync(path.join(dir, 'computations.json'), 'utf8')) as Record<
    string,
    unknown[]
  >;
  const parsed = raw.map((record) => dataAssetWireSchema.parse(record));
  const rawById = new Map(raw.map((record, i) => [parsed[i]!.id, record]));
  return { raw, parsed, rawById, computations };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Symbol.for('invalid-json');
  }
}

function routeOf(method: string, pathname: string): { route: CodeOceanRoute; id?: string } {
  const p = pathname.replace(/^\/api\/v1\//, '');
  if (!pathname.startsWith('/api/v1/')) return { route: 'unknown' };
  if (method === 'POST' && p === 'data_assets/search') return { route: 'search' };
  const asset = /^data_assets\/([^/]+)$/.exec(p);
  if (method === 'GET' && asset) return { route: 'getDataAsset', id: decodeURIComponent(asset[1]!) };
  const capsule = /^capsules\/([^/]+)\/computations$/.exec(p);
  if (method === 'GET' && capsule)
    return { route: 'listCapsuleComputations', id: decodeURIComponent(capsule[1]!) };
  const computation = /^computations\/([^/]+)$/.exec(p);
  if (method === 'GET' && computation)
    return { route: 'getComputation', id: decodeURIComponent(computation[1]!) };
  return { route: 'unknown' };
}

export async function startCodeOceanServer(options: CodeOceanServerOptions): Promise<CodeOceanTestServer> {
  const data = loadFixtures(options.fixturesDir ?? 'fixtures');
  const expectedAuth = `Basic ${Buffer.from(`${options.token}:`).toString('base64')}`;
  let mode: CodeOceanServerMode = { ...DEFAULT_MODE, ...options.mode };
  const failures: { status: number; retryAfterSeconds?: number }[] = [];
  const log: LoggedRequest[] = [];
  const held: (() => void)[] = [];
  const matchCache = new Map<string, EngineRecord[]>();

  const send = async (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    const text = JSON.stringify(body);
    if (status === 200 && mode.padBytes > 0) return writePadded(res, text, mode.padBytes);
    if (status === 200 && mode.slowBodyMs > 0) {
      const half = Math.floor(text.length / 2);
      res.write(text.slice(0, half));
      await new Promise((resolve) => setTimeout(resolve, mode.slowBodyMs));
      if (!res.destroyed) res.end(text.slice(half));
      return;
    }
    res.end(text);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, entry: LoggedRequest, id?: string) => {
    if (!entry.authorized) return send(res, 401, { message: 'Unauthorized' });
    const failure = failures.shift();
    if (failure) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      return send(res, failure.status, { message: `injected ${failure.status}` }, headers);
    }
    switch (entry.route) {
      case 'search': {
        const request = searchRequestWireSchema.safeParse(entry.body);
        if (!request.success) return send(res, 400, { message: 'invalid search parameters' });
        const offset = request.data.offset ?? 0;
        const shifted = offset > 0 ? Math.max(0, offset - mode.pageOverlap) : 0;
        // A scan's pages share one evaluation of its query (a real server keeps an index): a large
        // lab's bulk searches would otherwise re-filter every record for every page.
        const key = JSON.stringify({ ...request.data, offset: null, limit: null });
        let matches = matchCache.get(key);
        if (matches === undefined) {
          matches = sortedMatches(data.parsed, request.data);
          if (matchCache.size >= 64) matchCache.delete(matchCache.keys().next().value as string);
          matchCache.set(key, matches);
        }
        const page = pageOf(matches, { ...request.data, offset: shifted }, mode.pageSize);
        const results: unknown[] = page.results.map((r) => data.rawById.get(r.id));
        if (mode.malformed && results.length > 0)
          results[0] = { ...(results[0] as object), created: 'yesterday' };
        return send(res, 200, { has_more: page.has_more, results });
      }
      case 'getDataAsset': {
        const record = data.rawById.get(String(id).toLowerCase());
        return record ? send(res, 200, record) : send(res, 404, { message: 'Not Found' });
      }
      case 'listCapsuleComputations': {
        const list = data.computations[String(id)];
        return list ? send(res, 200, list) : send(res, 404, { message: 'Not Found' });
      }
      case 'getComputation': {
        const wanted = String(id).toLowerCase();
        const found = Object.values(data.computations)
          .flat()
          .find((c) => typeof c === 'object' && c !== null && 'id' in c && c.id === wanted);
        return found ? send(res, 200, found) : send(res, 404, { message: 'Not Found' });
      }
      default:
        return send(res, 404, { message: `no route for ${req.method} ${entry.path}` });
    }
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const { route, id } = routeOf(method, url.pathname);
    const entry: LoggedRequest = {
      route,
      method,
      path: url.pathname,
      body: await readBody(req),
      authorized: req.headers.authorization === expectedAuth,
      headers: {
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        ...(typeof req.headers['min-server-version'] === 'string'
          ? { minServerVersion: req.headers['min-server-version'] }
          : {}),
      },
      outcome: 'hang',
      closedByClient: false,
    };
    log.push(entry);
    res.on('close', () => {
      if (!res.writableFinished) entry.closedByClient = true;
    });
    if (mode.hang) return; // never answer; stop() closes the socket
    if (mode.hold) await new Promise<void>((resolve) => held.push(resolve));
    if (res.destroyed) return;
    if (mode.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, mode.latencyMs));
    res.on('finish', () => {
      entry.outcome = res.statusCode;
    });
    await answer(req, res, entry, id);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests: log,
    count: (route) => (route ? log.filter((r) => r.route === route).length : log.length),
    resetRequests: () => {
      log.length = 0;
    },
    setMode: (next) => {
      mode = { ...mode, ...next };
    },
    failNext: (n, status, retryAfterSeconds) => {
      for (let i = 0; i < n; i++)
        failures.push({ status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
    },
    clearFailures: () => {
      failures.length = 0;
    },
    release: () => {
      for (const resolve of held.splice(0)) resolve();
    },
    assets: data.raw,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
