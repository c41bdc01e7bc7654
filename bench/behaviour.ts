/**
 * Behaviour benchmark: the one-hour task file (217,261 frames, ~520 trials, opto) read and turned into
 * the trials, performance and epochs tables, timed side by side with the Python reference doing the
 * same (bench/behaviour_reference.py with Debian's /usr/bin/python3, h5py and numpy): rounds of Python
 * runs and labgraph runs alternate, and labgraph's time is printed as a ratio of Python's (goal:
 * ≤ 0.33×, i.e. at least 3× faster). Then the stages one by one, and the gateway over HTTP, cold
 * (download + read + compute) and warm (derived tables cached by ETag). Never passes or fails on time.
 *
 *   npx tsx bench/behaviour.ts [--runs N] [--rounds N] [--regenerate]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeBenchmarkTaskFile } from '../fixtures/generator/taskFiles.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { type ColumnTable, numericColumn } from '../src/domain/columns.ts';
import { computeEpochs } from '../src/domain/epochs.ts';
import { computeLegacyPerformance } from '../src/domain/legacyPerformance.ts';
import { computePerformance } from '../src/domain/performance.ts';
import { tableLines } from '../src/domain/tableFormats.ts';
import { computeTrials } from '../src/domain/trials.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway } from '../src/server.ts';
import { createLocalObjectStore } from '../src/sources/objectstore/index.ts';
import { closeTaskFileReader, readTaskFile, readTaskTables } from '../src/sources/taskfile/index.ts';
import { TASK_FILE_DATASETS } from '../src/sources/taskfile/reader.ts';
import { flag, loadNote, median, ms, numberOption, ratio, type Sample, samples } from './timing.ts';

const BUCKET = 'aind-scratch-data';
const SESSION = '676909_2023-12-13';
const KEY = 'dynamic-routing/DynamicRoutingTask/Data/676909/DynamicRouting1_676909_20231213_134340.hdf5';
const URI = `s3://${BUCKET}/${KEY}`;
/** A local S3 layout holding only the benchmark file, at the key of a fixture session. */
const ROOT = join(PROJECT_ROOT, '.cache', 'bench', 's3');
const FILE = join(ROOT, BUCKET, KEY);
const PYTHON = '/usr/bin/python3';
const REFERENCE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'behaviour_reference.py');

const RUNS = numberOption('runs', 15);
const ROUNDS = numberOption('rounds', 3);
const EPOCH_OPTIONS = { stimFileName: KEY, isWildtype: false };

async function benchmarkFile(): Promise<Uint8Array> {
  if (flag('regenerate') || !existsSync(FILE)) {
    await mkdir(dirname(FILE), { recursive: true });
    const start = performance.now();
    await writeBenchmarkTaskFile(FILE);
    console.log(`wrote the one-hour task file in ${ms(performance.now() - start)}: ${FILE}`);
  }
  return new Uint8Array(await readFile(FILE));
}

/** What the Python reference printed: per-run times and a few of its results. */
interface PythonRuns {
  wall_ms: number[];
  cpu_ms: number[];
  trials: number;
  blocks: number;
  check: Record<string, (number | null)[]>;
}

/** RUNS runs of the Python reference, or why they cannot run here. */
async function pythonRuns(): Promise<PythonRuns | string> {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing (apt-get install python3-h5py python3-numpy)`;
  try {
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [REFERENCE_SCRIPT, FILE, String(RUNS), ...TASK_FILE_DATASETS],
      { maxBuffer: 16 * 1024 ** 2 },
    );
    return JSON.parse(stdout) as PythonRuns;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    if (/No module named '(h5py|numpy)'/.test(stderr)) {
      return `Debian's python3-h5py / python3-numpy are missing (apt-get install python3-h5py python3-numpy)`;
    }
    throw error;
  }
}

/** What the Python reference computes: read, trials, performance and the epoch, on the main thread. */
async function labgraphInProcess(bytes: Uint8Array): Promise<ColumnTable> {
  const data = await readTaskFile(bytes, URI);
  const trials = computeTrials(data);
  computePerformance(trials, data);
  computeEpochs(data, EPOCH_OPTIONS);
  return trials;
}

/** What the gateway does for a task file: read and derive in a worker, then the epochs. */
async function labgraphGatewayPath(bytes: Uint8Array): Promise<void> {
  const { data } = await readTaskTables(bytes, URI);
  computeEpochs(data, EPOCH_OPTIONS);
}

/** Largest difference between the Python reference's results and labgraph's; NaN must meet NaN. */
function disagreement(python: PythonRuns, trials: ColumnTable, performanceTable: ColumnTable): number {
  const ours = (name: string): number[] =>
    Array.from(
      numericColumn(name in python.check && name.endsWith('_time') ? trials : performanceTable, name),
    );
  let worst = 0;
  for (const [name, theirs] of Object.entries(python.check)) {
    const mine = ours(name);
    if (mine.length !== theirs.length) return Number.POSITIVE_INFINITY;
    mine.forEach((value, i) => {
      const other = theirs[i] ?? Number.NaN;
      if (Number.isNaN(value) !== Number.isNaN(other)) worst = Number.POSITIVE_INFINITY;
      else if (!Number.isNaN(value)) worst = Math.max(worst, Math.abs(value - other));
    });
  }
  return worst;
}

async function versusPython(bytes: Uint8Array): Promise<void> {
  const pythonWall: number[] = [];
  const pythonCpu: number[] = [];
  const inProcess: Sample[] = [];
  const gatewayPath: Sample[] = [];
  let python: PythonRuns | string = '';
  for (let round = 0; round < ROUNDS; round++) {
    python = await pythonRuns();
    if (typeof python === 'string') break;
    pythonWall.push(...python.wall_ms);
    pythonCpu.push(...python.cpu_ms);
    inProcess.push(...(await samples(() => labgraphInProcess(bytes), RUNS)));
    gatewayPath.push(...(await samples(() => labgraphGatewayPath(bytes), RUNS)));
  }
  console.log(
    `## versus the Python reference (h5py + numpy), ${ROUNDS} alternating rounds of ${RUNS} runs; ${await loadNote()}\n`,
  );
  if (typeof python === 'string') {
    console.log(`skipped: ${python}\n`);
    return;
  }
  const data = await readTaskFile(bytes, URI);
  const trials = computeTrials(data);
  const worst = disagreement(python, trials, computePerformance(trials, data));
  console.log(
    `same results: ${python.trials} trials, ${python.blocks} blocks; largest difference from labgraph's ` +
      `${worst === 0 ? '0 (identical)' : worst.toExponential(1)}\n`,
  );
  const base = { wall: median(pythonWall), cpu: median(pythonCpu) };
  const row = (name: string, wall: number, cpu: number) =>
    console.log(
      `${name.padEnd(58)} ${ms(wall).padStart(9)} ${ratio(wall, base.wall).padStart(7)}` +
        `   cpu ${ms(cpu).padStart(9)} ${ratio(cpu, base.cpu).padStart(7)}`,
    );
  console.log(`${''.padEnd(58)} ${'wall (median)'.padStart(17)}   ${'process CPU (median)'.padStart(21)}`);
  row('Python: h5py read + frame clocks + trials + blocks + epoch', base.wall, base.cpu);
  const wall = (s: Sample[]) => median(s.map((x) => x.wall));
  const cpu = (s: Sample[]) => median(s.map((x) => x.cpu));
  row('labgraph: read (worker) + trials + performance + epochs', wall(inProcess), cpu(inProcess));
  row('labgraph, gateway path: readTaskTables (+ legacy) + epochs', wall(gatewayPath), cpu(gatewayPath));
  console.log(
    `\nlabgraph / Python (wall): ${ratio(wall(inProcess), base.wall)}; goal ≤ 0.33× (3× faster than the reference)\n`,
  );
}

async function stageFigures(bytes: Uint8Array): Promise<void> {
  const data = await readTaskFile(bytes, URI);
  const trials = computeTrials(data);
  const performanceTable = computePerformance(trials, data);
  console.log(
    `## stages, in process (file: ${(bytes.length / 1e6).toFixed(2)} MB, ${data.frameIntervals.length + 1} frames, ` +
      `${trials.rowCount} trials × ${trials.columns.length} columns, ${performanceTable.rowCount} blocks; median of ${RUNS} runs)\n`,
  );
  const wall = async (run: () => unknown) => median((await samples(run, RUNS)).map((s) => s.wall));
  const read = await wall(() => readTaskFile(bytes, URI));
  const stages = {
    trials: await wall(() => computeTrials(data)),
    performance: await wall(() => computePerformance(trials, data)),
    'legacy performance': await wall(() => computeLegacyPerformance(data, trials)),
    epochs: await wall(() => computeEpochs(data, EPOCH_OPTIONS)),
    'trials CSV export (formatting)': await wall(() => [...tableLines(trials, 'csv')].join('')),
  };
  console.log(
    `${'read the file (readTaskFile, worker hand-off)'.padEnd(46)} ${ms(read).padStart(9)}   1.00×`,
  );
  for (const [name, t] of Object.entries(stages)) {
    console.log(`${name.padEnd(46)} ${ms(t).padStart(9)}   ${ratio(t, read)}`);
  }
}

/** Through HTTP: the first request reads and computes, later ones are served from the ETag cache. */
async function gatewayFigures(): Promise<void> {
  const config = loadConfig({ LABGRAPH_LOG_LEVEL: 'silent', LABGRAPH_PORT: '0', LABGRAPH_HOST: '127.0.0.1' });
  const gateway = createGateway(config, {
    logger: createLogger('silent'),
    sources: { objectStore: createLocalObjectStore({ root: ROOT }) },
  });
  await gateway.load();
  const url = await gateway.listen();
  const query = JSON.stringify({
    query: `{ session(ref: "${SESSION}") { trials { startTime stimName isHit responseTime } performance { blockIndex crossModalityDprime crossModalDprime } epochs { tags } keywords } }`,
  });
  const post = async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  try {
    const start = performance.now();
    await post();
    const cold = performance.now() - start;
    const warm = median((await samples(post, RUNS)).map((s) => s.wall));
    const csv = median(
      (
        await samples(async () => {
          await (await fetch(`${url}/sessions/${SESSION}/trials.csv`)).text();
        }, RUNS)
      ).map((s) => s.wall),
    );
    console.log('\n## the gateway over HTTP\n');
    console.log(`${'done-when query, first request (download + read + compute)'.padEnd(66)} ${ms(cold)}`);
    console.log(
      `${'same query again (derived tables cached by ETag)'.padEnd(66)} ${ms(warm)}   ${ratio(warm, cold)} of the first`,
    );
    console.log(`${`GET /sessions/${SESSION}/trials.csv (cached)`.padEnd(66)} ${ms(csv)}`);
  } finally {
    await gateway.close();
  }
}

export async function runBehaviourBenchmark(): Promise<void> {
  console.log('# behaviour benchmark (figures only; nothing passes or fails on time)\n');
  const bytes = await benchmarkFile();
  try {
    await versusPython(bytes);
    await stageFigures(bytes);
    await gatewayFigures();
  } finally {
    await closeTaskFileReader();
  }
}

if (argv[1] && fileURLToPath(import.meta.url) === resolve(argv[1])) await runBehaviourBenchmark();
