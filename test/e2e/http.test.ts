/**
 * What only real HTTP shows, against the node server in front of Yoga: request lines and Host
 * headers that cannot form a URL (answered 400 BAD_REQUEST, never a 500 with a stack trace, in any
 * mode), and a reader that stops reading an export (cut by the idle write timeout, not held open).
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startHttpGateway } from '../support/gateway.ts';

/** Sends raw bytes and collects everything until the server closes the connection (or 10 s). */
function rawExchange(url: string, request: string): Promise<string> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname, () => socket.end(request));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

const LEAKS = [' at ', '.ts:', '.js:', 'node_modules', '/work/', 'TypeError', 'Invalid URL'];

describe.each([
  ['development', {}],
  ['production', { NODE_ENV: 'production' }],
])('unreadable request targets (%s)', (_mode, env) => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startHttpGateway(env);
  });
  afterAll(() => gw?.close());

  it.each([
    ['the target *', 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['a malformed Host', 'GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: a b\r\n\r\n'],
    ['a Host with a path', 'GET /healthz HTTP/1.1\r\nHost: x/y?z\r\n\r\n'],
    ['an absolute-form target', 'GET http://elsewhere/graphql HTTP/1.1\r\nHost: localhost\r\n\r\n'],
  ])('%s: 400 BAD_REQUEST, no stack trace', async (_kind, request) => {
    const reply = await rawExchange(gw.url, request);
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    const body = reply.slice(reply.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_REQUEST');
    for (const leak of LEAKS) expect(reply).not.toContain(leak);
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });
});
