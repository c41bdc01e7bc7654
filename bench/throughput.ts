/**
 * Throughput (issue 14 #2), as ratios to a bare graphql-yoga + Pothos server answering `{ hello }`
 * (bench/bareYoga.ts), all measured in one run with the same load: autocannon, 20 connections, POST
 * /graphql. Every server is a child process (the load generator gets its own process); the floor is
 * measured first and last and the mean is the 1.00×. Goals: the 50-session dashboard query from the
 * response cache ≥ 0.8×, the same query uncached ≥ 0.3×, one session's trials ≥ 0.5×.
 *
 *   npx tsx bench/throughput.ts [--seconds 5] [--connections 20]      (or npm run bench throughput)
 *
 * labgraph serves the embedded lab with a throwaway registry; "uncached" is a second gateway started
 * with LABGRAPH_RESPONSE_CACHE=false (its source caches stay on, as in production: what it measures is
 * GraphQL execution over cached upstream answers).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../test/support/freePort.ts';
import { loadNote } from './timing.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const operation = (name: string) => readFileSync(path.join(ROOT, 'schema', 'operations', name), 'utf8');

interface Load {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

const HELLO: Load = { name: 'bare Yoga { hello }', query: '{ hello }' };
const TYPENAME: Load = { name: '{ __typename }', query: '{ __typename }' };
const DASHBOARD: Load = {
  name: 'dashboard: 50 sessions (id, date, project, genotype, training info)',
  query: operation('recentSessions.graphql'),
  variables: { first: 50 },
};
const TRIALS: Load = {
  name: "one session's trials + performance + epochs",
  query: operation('sessionBehaviour.graphql'),
};

function option(name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function post(url: string, load: Load): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: load.query, variables: load.variables }),
  });
  return { status: response.status, body: await response.text() };
}

interface Server {
  url: string;
  /** CPU time (user + system) the server process has used so far, in ms; null where /proc is missing. */
  cpuMs(): number | null;
  stop(): void;
}

/** A process's CPU time from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** A child process serving GraphQL on a free loopback port, once it answers `probe` without errors. */
async function startServer(args: string[], env: NodeJS.ProcessEnv, probe: Load): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...args, String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env, LABGRAPH_PORT: String(port), LABGRAPH_HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const answer = await post(url, probe).catch(() => null);
    if (answer?.status === 200) {
      if (answer.body.includes('"errors"')) throw new Error(`${probe.name} answered errors: ${answer.body}`);
      return { url, cpuMs: () => processCpuMs(child.pid), stop: () => child.kill('SIGTERM') };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not answer within 60 s`);
}

function startLabgraph(registryDir: string, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  return startServer(
    ['src/main.ts', 'serve'],
    { LABGRAPH_LOG_LEVEL: 'warn', LABGRAPH_REGISTRY_DIR: registryDir, ...env },
    DASHBOARD,
  );
}

/** One figure: requests per second, and the server's CPU time per request (null without /proc). */
interface Figure {
  rps: number;
  cpuPerRequest: number | null;
}

/**
 * Requests per second under `connections` concurrent connections, after a 1 s warm-up, and the
 * server process's CPU time per request meanwhile: on a shared machine the CPU per request moves far
 * less with other work than the request rate does.
 */
async function measureLoad(
  server: Server,
  load: Load,
  seconds: number,
  connections: number,
): Promise<Figure> {
  const run = (duration: number) =>
    autocannon({
      url: `${server.url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: load.query, variables: load.variables }),
      connections,
      duration,
    });
  await run(1);
  const cpuBefore = server.cpuMs();
  const result = await run(seconds);
  const cpuAfter = server.cpuMs();
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${load.name}: ${failed} failed requests`);
  const cpuPerRequest =
    cpuBefore === null || cpuAfter === null || result.requests.total === 0
      ? null
      : (cpuAfter - cpuBefore) / result.requests.total;
  return { rps: result.requests.average, cpuPerRequest };
}

export async function runThroughputBenchmark(): Promise<void> {
  const seconds = option('seconds', 5);
  const connections = option('connections', 20);
  const scratch = mkdtempSync(path.join(tmpdir(), 'labgraph-bench-'));
  const servers: Server[] = [];
  try {
    const bare = await startServer(['bench/bareYoga.ts'], {}, HELLO);
    servers.push(bare);
    const cached = await startLabgraph(path.join(scratch, 'cached'));
    servers.push(cached);
    const uncached = await startLabgraph(path.join(scratch, 'uncached'), {
      LABGRAPH_RESPONSE_CACHE: 'false',
    });
    servers.push(uncached);

    const measure = (server: Server, load: Load) => measureLoad(server, load, seconds, connections);
    const floorBefore = await measure(bare, HELLO);
    const rows: [string, Figure][] = [
      [`labgraph ${TYPENAME.name}, cached`, await measure(cached, TYPENAME)],
      [`${DASHBOARD.name}, cached (goal ≥ 0.8×)`, await measure(cached, DASHBOARD)],
      [`${TRIALS.name}, cached (goal ≥ 0.5×)`, await measure(cached, TRIALS)],
      [`labgraph ${TYPENAME.name}, uncached`, await measure(uncached, TYPENAME)],
      [`${DASHBOARD.name}, uncached (goal ≥ 0.3×)`, await measure(uncached, DASHBOARD)],
      [`${TRIALS.name}, uncached`, await measure(uncached, TRIALS)],
    ];
    const floorAfter = await measure(bare, HELLO);
    const floor = (floorBefore.rps + floorAfter.rps) / 2;
    const floorCpu =
      floorBefore.cpuPerRequest === null || floorAfter.cpuPerRequest === null
        ? null
        : (floorBefore.cpuPerRequest + floorAfter.cpuPerRequest) / 2;

    console.log(
      `\nthroughput: ${connections} connections, ${seconds} s per figure (after 1 s warm-up); ${await loadNote()}`,
    );
    console.log(
      'ratios to bare Yoga: by requests per second, and by server CPU per request (floor CPU / this CPU: less load-sensitive)\n',
    );
    const cpu = (figure: Figure) =>
      figure.cpuPerRequest === null || floorCpu === null
        ? ''
        : `   ${figure.cpuPerRequest.toFixed(2).padStart(6)} ms CPU/request  ${(floorCpu / figure.cpuPerRequest).toFixed(2)}×`;
    const line = (name: string, figure: Figure) =>
      console.log(
        `${name.padEnd(78)} ${figure.rps.toFixed(0).padStart(7)} req/s  ${(figure.rps / floor).toFixed(2)}×${cpu(figure)}`,
      );
    line(`${HELLO.name} (first ${floorBefore.rps.toFixed(0)}, last ${floorAfter.rps.toFixed(0)} req/s)`, {
      rps: floor,
      cpuPerRequest: floorCpu,
    });
    for (const [name, figure] of rows) line(name, figure);
  } finally {
    for (const server of servers) server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runThroughputBenchmark();
