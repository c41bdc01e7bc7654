/**
 * What only real HTTP shows, against the node server in front of Yoga: request lines and Host
 * headers that cannot form a URL (answered 400 BAD_REQUEST, never a 500 with a stack trace, in any
 * mode), and a reader that stops reading an export (cut by the idle write timeout, not held open).
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession, TASK_BUCKET, taskFileKey } from '../../fixtures/generator/lab.ts';
import { writeBenchmarkTaskFile } from '../../fixtures/generator/taskFiles.ts';
import { createLocalObjectStore } from '../../src/sources/objectstore/index.ts';
import { EMBEDDED_ENV, type RunningGateway, startHttpGateway } from '../support/gateway.ts';

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

describe('a reader that stops reading an export (issue 9 #18)', () => {
  const SESSION = `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`;
  const PATH = `/sessions/${SESSION}/trials.ndjson`;
  const PIPELINED = 40;
  let root: string;
  let gw: RunningGateway;
  beforeAll(async () => {
    // The one-hour benchmark file: an export of about 750 kB.
    root = await mkdtemp(join(tmpdir(), 'labgraph-stall-'));
    const task = buildLab().sessions.find((s) => s.id === SESSION)?.task as NonNullable<LabSession['task']>;
    await writeBenchmarkTaskFile(join(root, TASK_BUCKET, taskFileKey(task)));
    gw = await startHttpGateway(
      { ...EMBEDDED_ENV, LABGRAPH_WRITE_IDLE_TIMEOUT_MS: '300' },
      { sources: { objectStore: createLocalObjectStore({ root }) } },
    );
  });
  afterAll(async () => {
    await gw?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('is disconnected once nothing has been written for LABGRAPH_WRITE_IDLE_TIMEOUT_MS', async () => {
    const full = Buffer.byteLength(await (await fetch(`${gw.url}${PATH}`)).text());
    const { port, hostname } = new URL(gw.url);
    const serverSide = once(gw.gateway.server, 'connection') as Promise<[Socket]>;
    const client = connect(Number(port), hostname);
    client.pause(); // a reader that never reads
    await once(client, 'connect');
    // Pipelined requests: more than the loopback socket buffers can hold, whatever their size.
    client.write(`GET ${PATH} HTTP/1.1\r\nHost: localhost\r\n\r\n`.repeat(PIPELINED));
    const [socket] = await serverSide;
    // The server gives up on it (a generous bound: only "at all" is asserted, not how fast).
    const closed = await Promise.race([
      once(socket, 'close').then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000).unref()),
    ]);
    expect(closed).toBe(true);
    // What the reader could still read is less than the export: it was cut, not finished.
    let received = 0;
    client.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    client.on('error', () => undefined);
    client.resume();
    await once(client, 'close');
    expect(received).toBeLessThan(PIPELINED * full);
    // The gateway serves the next reader in full.
    expect(Buffer.byteLength(await (await fetch(`${gw.url}${PATH}`)).text())).toBe(full);
  });
});
