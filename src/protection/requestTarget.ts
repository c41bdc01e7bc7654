/**
 * A request whose target or Host header cannot form a URL (`OPTIONS *`, `Host: a b`) is refused with
 * BAD_REQUEST before the Yoga adapter sees it: the adapter would fail building its Request and answer
 * 500 with the error's stack trace in the body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../errors.ts';

/** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing that could end it. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::\d{1,5})?$/;

export function hasReadableTarget(req: IncomingMessage): boolean {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return false;
  const host = req.headers.host;
  if (host !== undefined && !HOST.test(host)) return false;
  try {
    new URL(`http://${host ?? 'localhost'}${target}`);
    return true;
  } catch {
    return false;
  }
}

export function refuseUnreadableTarget(res: ServerResponse): void {
  const body = JSON.stringify(
    errorBody({
      code: 'BAD_REQUEST',
      message:
        'The request target or Host header is not a readable URL: send an absolute path and a host name.',
      extensions: {},
    }),
  );
  res.writeHead(400, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}
