/**
 * The 10,000-session lab (issue 14.3): `labgraph fixtures --scale N` writes it into .cache/scale-N
 * (on first use, or with --regenerate); the loopback CodeOcean API and MongoDB wire servers of the
 * tests serve its assets and DocDB records from this process; the gateway runs in a child process
 * (bench/scaleGateway.ts) so its memory is measured alone. Figures, never pass/fail:
 *
 * - start to ready (process start → catalog loaded, listening) and RSS once ready;
 * - CodeOcean requests at startup (bulk discovery, as many as the API's paging needs);
 * - `sessions(first: 100, filter: date range)` p50 / p99;
 * - RSS (peak) while 50 clients send the 50-session dashboard query for `--seconds` (30);
 * - `isOpto: true` over every session, the first time (task files read, and generated when this
 *   machine has never generated them) and cached.
 *
 *   npx tsx bench/scale.ts [--sessions 10000] [--seconds 30] [--ranges 100] [--regenerate]
 *                          [--stages ranges,load,opto] [--profile DIR] [--postgres URL]
 *
 * `--stages` names the figures to take after the startup ones (default: all three);
 * `--profile DIR` runs the gateway under `node --cpu-prof --heap-prof`, its profiles written into
 * DIR when it exits. `--postgres URL` (default: LABGRAPH_TEST_POSTGRES_URL, when set) puts the
 * gateway's registry on that PostgreSQL server, in a scratch schema dropped at the end, instead of
 * the embedded PGlite (Postgres compiled to WebAssembly, in the gateway's own memory).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { argv } from 'node:process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildScaleLab, emitScaleLab, SCALE_TASK_FILES } from '../fixtures/generator/scaleLab.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { loadJsonLines } from '../src/sources/docdb/embeddedBackend.ts';
import { startCodeOceanServer } from '../test/support/codeOceanServer.ts';
import { startMongoWireServer } from '../test/support/mongoWireServer.ts';
import { createScratchSchema, type ScratchSchema } from '../test/support/registryBackends.ts';
import { flag, loadNote, mb, ms, numberOption, quantile } from './timing.ts';

const SESSIONS = numberOption('sessions', 10_000);
const SECONDS = numberOption('seconds', 30);
const CLIENTS = 50;
const DATE_RANGES = numberOption('ranges', 100);
const TOKEN = 'cop_scale_bench_0123456789abcdef';
const DATABASE = 'metadata_index';
const COLLECTION = 'data_assets';
const LAB_DIR = path.join(PROJECT_ROOT, '.cache', `scale-${SESSIONS}`);

const DATE_RANGE = `query DateRange($start: String!, $end: String!) {
  sessions(first: 100, filter: { startDate: $start, endDate: $end }) {
    totalCount edges { node { id date project subject { id } } }
  }
}`;
const DASHBOARD = readFileSync(
  path.join(PROJECT_ROOT, 'schema', 'operations', 'recentSessions.graphql'),
  'utf8',
);
const OPTO = '{ sessions(first: 100, filter: { isOpto: true }) { totalCount edges { node { id } } } }';
/** The same filter in another document: the response cache cannot answer it, the kept facts can. */
const OPTO_ASCENDING =
  '{ sessions(first: 100, orderBy: DATE_ASC, filter: { isOpto: true }) { totalCount edges { node { id } } } }';

async function ensureLab(): Promise<void> {
  if (!flag('regenerate') && existsSync(path.join(LAB_DIR, SCALE_TASK_FILES))) return;
  const start = performance.now();
  const lab = buildScaleLab(SESSIONS);
  await emitScaleLab(lab, LAB_DIR);
  console.log(`wrote the ${lab.sessions.length}-session lab in ${ms(performance.now() - start)}: ${LAB_DIR}`);
}

/** VmRSS of a process, in bytes (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) * 1024;
}

/** `--name VALUE` from the command line, or null. */
function stringOption(name: string): string | null {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? (argv[index + 1] ?? null) : null;
}

/** The gateway's V8 heap in use and its memory outside the heap (buffers, WebAssembly), from /metrics. */
async function heapOf(url: string): Promise<{ heap: number; external: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const metric = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
  return { heap: metric('nodejs_heap_size_used_bytes'), external: metric('nodejs_external_memory_bytes') };
}

/** CPU time (user + system) a process has used, in ms (Linux: /proc/<pid>/stat, clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startGatewayProcess(env: Record<string, string>) {
  const started = performance.now();
  const profileDir = stringOption('profile');
  const profiling = profileDir
    ? ['--cpu-prof', '--heap-prof', `--diagnostic-dir=${path.resolve(profileDir)}`]
    : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...profiling, '--import', 'tsx', fileURLToPath(new URL('./scaleGateway.ts', import.meta.url))],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the scale gateway exited with code ${code}`)));
  });
  const { url, loadMs } = JSON.parse(line) as { url: string; loadMs: number };
  return { child, url, loadMs, readyMs: performance.now() - started };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = (text.startsWith('{') ? JSON.parse(text) : {}) as { data?: unknown; errors?: unknown };
  if (!response.ok || body.errors || body.data === undefined) {
    throw new Error(
      `HTTP ${response.status}: ${(body.errors ? JSON.stringify(body.errors) : text).slice(0, 500)}`,
    );
  }
  return body.data;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** DATE_RANGES date-range pages of one to eight weeks across the lab's years, one after another. */
async function dateRangeFigures(url: string) {
  const times: number[] = [];
  for (let i = 0; i < DATE_RANGES; i++) {
    const start = new Date(Date.UTC(2021, 8, 1) + ((i * 37) % 1300) * 86_400_000);
    const end = new Date(start.getTime() + (7 + (i % 8) * 7) * 86_400_000);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    times.push(await timed(() => post(url, DATE_RANGE, { start: day(start), end: day(end) })));
  }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/** 50 clients, each sending the dashboard query back to back for SECONDS; RSS sampled meanwhile. */
async function loadFigures(url: string, pid: number) {
  const until = performance.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let peak = rssOf(pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 250);
  const client = async () => {
    while (performance.now() < until) latencies.push(await timed(() => post(url, DASHBOARD, { first: 50 })));
  };
  try {
    await Promise.all(Array.from({ length: CLIENTS }, client));
  } finally {
    clearInterval(sampler);
  }
  return { peak, requests: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

const taskFilesOnDisk = () => {
  const dir = path.join(LAB_DIR, 's3');
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.hdf5')).length
    : 0;
};

/** `isOpto: true` over every session: the first time (task files listed and read), then cached. */
async function optoFigures(
  url: string,
  pid: number,
  row: (name: string, value: string, note?: string) => void,
) {
  // The first run may outlast the gateway's request time limit (the task files are then still
  // being read, and cached for the next request): it is timed until it answers, whatever the answer.
  const before = taskFilesOnDisk();
  const attempt = async (query = OPTO) => {
    const start = performance.now();
    const answer = await post(url, query).then(
      () => 'answered',
      (error: unknown) => `failed: ${String(error).slice(0, 120)}`,
    );
    return { ms: performance.now() - start, answer };
  };
  const first = await attempt();
  const generated = taskFilesOnDisk() - before;
  // Requests that ran out of time leave what they had read cached: retried until one answers.
  let retries = 0;
  let answered = first;
  while (retries < 5 && answered.answer !== 'answered') {
    answered = await attempt();
    retries++;
  }
  const cached = await attempt();
  const factsOnly = await attempt(OPTO_ASCENDING);
  row('isOpto: true over every session, first time', ms(first.ms), first.answer);
  if (generated > 0) row(`  (this run generated ${generated} task files on first read)`, '');
  if (retries > 0)
    row(`  answered after ${retries} more attempt(s); the last took`, ms(answered.ms), answered.answer);
  row('isOpto: true over every session, cached (after an answer)', ms(cached.ms), cached.answer);
  row(
    '  the same filter in another document (kept facts, no response cache)',
    ms(factsOnly.ms),
    factsOnly.answer,
  );
  row('RSS after the isOpto runs', mb(rssOf(pid)));
}

export async function runScaleBenchmark(): Promise<void> {
  console.log(
    `# scale benchmark: a ${SESSIONS}-session lab (figures only; nothing passes or fails on time)\n`,
  );
  await ensureLab();
  const codeocean = await startCodeOceanServer({ token: TOKEN, fixturesDir: LAB_DIR });
  const documents = await loadJsonLines([path.join(LAB_DIR, 'docdb', 'data_assets.jsonl')]);
  const mongo = await startMongoWireServer({ databases: { [DATABASE]: { [COLLECTION]: documents } } });
  let gateway: Awaited<ReturnType<typeof startGatewayProcess>> | null = null;
  const postgres = stringOption('postgres') ?? process.env.LABGRAPH_TEST_POSTGRES_URL?.trim() ?? null;
  let scratch: ScratchSchema | null = null;
  try {
    scratch = postgres ? await createScratchSchema(postgres) : null;
    console.log(
      `registry: ${scratch ? 'PostgreSQL (a scratch schema)' : 'embedded PGlite, in the gateway process'}`,
    );
    gateway = await startGatewayProcess({
      ...(scratch ? { LABGRAPH_REGISTRY_URL: scratch.url } : {}),
      LABGRAPH_FIXTURES_DIR: LAB_DIR,
      CODE_OCEAN_API_TOKEN: TOKEN,
      CODE_OCEAN_DOMAIN: codeocean.url,
      DOCDB_URI: mongo.uri,
      LABGRAPH_DOCDB_DATABASE: DATABASE,
      LABGRAPH_DOCDB_COLLECTION: COLLECTION,
    });
    const { child, url } = gateway;
    const pid = child.pid as number;
    const startupRss = rssOf(pid);
    const startupCpu = cpuOf(pid);
    const searches = codeocean.count('search');
    const startupRequests = codeocean.count();
    const degraded = await (await fetch(`${url}/readyz`)).text();
    console.log(
      `lab: ${codeocean.assets.length} CodeOcean assets, ${documents.length} DocDB records; ${await loadNote()}\n`,
    );
    const row = (name: string, value: string, goal = '') =>
      console.log(`${name.padEnd(62)} ${value.padStart(12)}${goal ? `   ${goal}` : ''}`);
    row('start to ready (process start → catalog loaded, listening)', ms(gateway.readyMs), 'goal ≤ 5 s');
    row('  of which the catalog load', ms(gateway.loadMs));
    row('CPU time to ready (the gateway process, every thread)', ms(startupCpu));
    row('RSS once ready', mb(startupRss));
    const memory = await heapOf(url);
    row(
      '  of which V8 heap in use / external (buffers, WebAssembly)',
      `${mb(memory.heap)} / ${mb(memory.external)}`,
    );
    row('CodeOcean requests at startup (search pages of ≤ 1000)', String(startupRequests));
    row('  searches, by bulk query', `${searches}`, `one per subject would be ${SESSIONS / 20}+`);
    console.log(`/readyz: ${degraded}`);

    const stages = (stringOption('stages') ?? 'ranges,load,opto').split(',');
    if (stages.includes('ranges')) {
      const range = await dateRangeFigures(url);
      row('sessions(first: 100, filter: date range) p50', ms(range.p50), 'goal ≤ 50 ms');
      row('sessions(first: 100, filter: date range) p99', ms(range.p99));
    }
    if (stages.includes('load')) {
      const load = await loadFigures(url, pid);
      row(
        `RSS peak while ${CLIENTS} clients send the dashboard query, ${SECONDS} s`,
        mb(load.peak),
        'goal ≤ 250 MB',
      );
      row(`  dashboard queries answered (${(load.requests / SECONDS).toFixed(0)}/s)`, String(load.requests));
      row('  dashboard query p50 / p99', `${ms(load.p50)} / ${ms(load.p99)}`);
      const after = await heapOf(url);
      row(
        '  after: RSS, V8 heap in use / external',
        `${mb(rssOf(pid))}, ${mb(after.heap)} / ${mb(after.external)}`,
      );
    }
    if (stages.includes('opto')) await optoFigures(url, pid, row);
  } finally {
    const exited = gateway && new Promise((resolve) => gateway?.child.once('exit', resolve));
    gateway?.child.kill('SIGTERM');
    await exited;
    await codeocean.stop();
    await mongo.stop();
    await scratch?.drop();
  }
}

if (argv[1] && fileURLToPath(import.meta.url) === path.resolve(argv[1])) await runScaleBenchmark();
