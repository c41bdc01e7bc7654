/**
 * Reliability under hostile load (issue 9), a figure and not a test: the event loop's longest stall
 * (`perf_hooks.monitorEventLoopDelay`) and the normal query's p99 latency, first in a calm run (normal
 * queries only), then while hostile and normal requests mix. Goal: no stall over 100 ms, and the
 * mixed p99 within 2× of the calm one.
 *
 *   npx tsx bench/reliability.ts [--seconds 60]      (or npm run bench:reliability)
 *
 * The gateway (embedded lab) listens on loopback in this process; clients send real HTTP. The calm
 * run lasts half as long as the mixed one. Hostile inputs: 99 kB references and filter values (the
 * regex backtracking of issue 9 #1), nested and implicit pages (cost), 2,200 node ids, documents
 * nested past the parser's stack, oversized bodies, malformed GET variables, a thousand aliases,
 * corrupt task files (truncated, missing datasets), and readers that stop reading an export.
 */
import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { argv } from 'node:process';
import { buildLab } from '../fixtures/generator/lab.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway } from '../src/server.ts';

const NORMAL = '{ sessions(first: 5) { totalCount edges { node { id date subject { id } } } } }';
const CONCURRENCY = 4;

function option(name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface Hostile {
  name: string;
  send(url: string): Promise<unknown>;
}

const post = (url: string, body: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  }).then((response) => response.arrayBuffer());
const ask = (url: string, query: string, variables?: unknown) =>
  post(url, JSON.stringify({ query, variables }));

/** A client that asks for an export and never reads it (the idle write timeout cuts it). */
function stalledReader(url: string, path: string): Promise<void> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.pause();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`.repeat(20));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
    setTimeout(() => socket.destroy(), 3000).unref();
  });
}

function hostileRequests(): Hostile[] {
  const lab = buildLab();
  const broken = lab.sessions.filter((session) => session.task?.broken).map((session) => session.id);
  const long = 'a'.repeat(99_000);
  const depth = (n: number) => `{${'a{'.repeat(n)}${'}'.repeat(n)}}`;
  return [
    {
      name: '99 kB reference',
      send: (url) => ask(url, 'query($r: String!) { session(ref: $r) { id } }', { r: long }),
    },
    {
      name: '99 kB filter values',
      send: (url) =>
        ask(url, 'query($s: String!) { sessions(filter: { subjects: [$s], rig: $s }) { totalCount } }', {
          s: long,
        }),
    },
    {
      name: '99 kB export reference',
      send: (url) => fetch(`${url}/sessions/${'a'.repeat(12_000)}/trials.csv`).then((r) => r.arrayBuffer()),
    },
    {
      name: 'nested pages of 100',
      send: (url) =>
        ask(
          url,
          '{ subjects(first: 100) { edges { node { sessions(first: 100) { edges { node { id date } } } } } } }',
        ),
    },
    {
      name: 'implicit pages, three deep',
      send: (url) =>
        ask(
          url,
          '{ subjects { edges { node { sessions { edges { node { subject { sessions { edges { node { id } } } } } } } } } } }',
        ),
    },
    {
      name: '2,200 node ids',
      send: (url) =>
        ask(url, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(2200).fill('676909') }),
    },
    { name: 'selection 20,000 deep', send: (url) => ask(url, depth(20_000)) },
    {
      name: 'list literal 2,000 deep',
      send: (url) => ask(url, `{ nodes(ids: ${'['.repeat(2000)}${']'.repeat(2000)}) { id } }`),
    },
    {
      name: 'oversized body',
      send: (url) => post(url, JSON.stringify({ query: `${NORMAL}${' '.repeat(200_000)}` })),
    },
    {
      name: 'malformed GET variables',
      send: (url) =>
        fetch(`${url}/graphql?query=%7B__typename%7D&variables=%7Bx`).then((r) => r.arrayBuffer()),
    },
    {
      name: 'a thousand aliases',
      send: (url) => ask(url, `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`),
    },
    ...broken.map((id) => ({
      name: `corrupt task file ${id}`,
      send: (url: string) => ask(url, `{ session(ref: "${id}") { trials { startTime } } }`),
    })),
    {
      name: 'stalled export reader',
      send: (url) =>
        stalledReader(
          url,
          `/sessions/${lab.sessions.find((s) => s.task && !s.task.broken)?.id}/trials.ndjson`,
        ),
    },
  ];
}

/** Sends `next()` from `CONCURRENCY` workers until `until`; returns each normal request's latency. */
async function load(until: number, next: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const worker = async () => {
    while (Date.now() < until) {
      const start = performance.now();
      await next().catch(() => undefined);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

function p99(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN;
}

async function phase(url: string, seconds: number, hostile: Hostile[] | null) {
  const monitor = monitorEventLoopDelay({ resolution: 10 });
  monitor.enable();
  const until = Date.now() + seconds * 1000;
  let turn = 0;
  const [normal] = await Promise.all([
    load(until, () => ask(url, NORMAL)),
    hostile
      ? load(until, () => (hostile[turn++ % hostile.length] as Hostile).send(url))
      : Promise.resolve([]),
  ]);
  monitor.disable();
  return { maxStallMs: monitor.max / 1e6, p99Ms: p99(normal), requests: normal.length, hostileSent: turn };
}

export async function runReliabilityBenchmark(): Promise<void> {
  const seconds = option('seconds', Number(process.env.LABGRAPH_BENCH_SECONDS ?? 60));
  const config = loadConfig({
    LABGRAPH_LOG_LEVEL: 'silent',
    LABGRAPH_PORT: '0',
    LABGRAPH_WRITE_IDLE_TIMEOUT_MS: '1000',
  });
  const gateway = createGateway(config, { logger: createLogger('silent') });
  await gateway.load();
  const url = await gateway.listen(0, '127.0.0.1');
  try {
    const hostile = hostileRequests();
    await phase(url, 2, null); // warm-up: caches, JIT
    const calm = await phase(url, seconds / 2, null);
    const mixed = await phase(url, seconds, hostile);
    console.log(
      `reliability: ${CONCURRENCY} normal clients; mixed run adds ${CONCURRENCY} hostile clients cycling ${hostile.length} inputs`,
    );
    console.log(
      `  calm  (${seconds / 2} s): ${calm.requests} normal requests, p99 ${calm.p99Ms.toFixed(1)} ms, longest event-loop stall ${calm.maxStallMs.toFixed(1)} ms`,
    );
    console.log(
      `  mixed (${seconds} s): ${mixed.requests} normal requests, ${mixed.hostileSent} hostile, p99 ${mixed.p99Ms.toFixed(1)} ms, longest event-loop stall ${mixed.maxStallMs.toFixed(1)} ms`,
    );
    console.log(
      `  p99 mixed/calm: ${(mixed.p99Ms / calm.p99Ms).toFixed(2)}× (goal ≤ 2×); longest stall ${mixed.maxStallMs.toFixed(0)} ms (goal ≤ 100 ms)`,
    );
  } finally {
    await gateway.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReliabilityBenchmark();
