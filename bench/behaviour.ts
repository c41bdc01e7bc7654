/**
 * Behaviour benchmark: the one-hour task file (217,261 frames, ~530 trials, opto), timed side by side
 * in one run — reading the file (h5wasm → TaskFileData), then the trials, performance (current and
 * legacy), epochs and the CSV export computed from it; then the same through the gateway, cold
 * (download + read + compute) and warm (derived tables cached by ETag). Prints figures as ratios to
 * the file read. Never passes or fails on time.
 *
 *   npx tsx bench/behaviour.ts [--runs N] [--regenerate]
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';
import { writeBenchmarkTaskFile } from '../fixtures/generator/taskFiles.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { computeEpochs } from '../src/domain/epochs.ts';
import { computeLegacyPerformance } from '../src/domain/legacyPerformance.ts';
import { computePerformance } from '../src/domain/performance.ts';
import { tableLines } from '../src/domain/tableFormats.ts';
import { computeTrials } from '../src/domain/trials.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway } from '../src/server.ts';
import { createLocalObjectStore } from '../src/sources/objectstore/index.ts';
import { readTaskFile } from '../src/sources/taskfile/index.ts';

const BUCKET = 'aind-scratch-data';
const SESSION = '676909_2023-12-13';
const KEY = 'dynamic-routing/DynamicRoutingTask/Data/676909/DynamicRouting1_676909_20231213_134340.hdf5';
/** A local S3 layout holding only the benchmark file, at the key of a fixture session. */
const ROOT = join(PROJECT_ROOT, '.cache', 'bench', 's3');
const FILE = join(ROOT, BUCKET, KEY);

const option = (name: string) => argv.includes(`--${name}`);
const runsArg = argv[argv.indexOf('--runs') + 1];
const RUNS = argv.includes('--runs') && runsArg ? Math.max(1, Number(runsArg)) : 7;

/** Median wall time of `runs` calls after one warm-up call, in ms. */
async function time<T>(run: () => T | Promise<T>, runs = RUNS): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}×`;

async function benchmarkFile(): Promise<Uint8Array> {
  if (option('regenerate') || !existsSync(FILE)) {
    await mkdir(dirname(FILE), { recursive: true });
    const start = performance.now();
    await writeBenchmarkTaskFile(FILE);
    console.log(`wrote the one-hour task file in ${ms(performance.now() - start)}: ${FILE}`);
  }
  return new Uint8Array(await readFile(FILE));
}

async function domainFigures(bytes: Uint8Array) {
  const uri = `s3://${BUCKET}/${KEY}`;
  const data = await readTaskFile(bytes, uri);
  const trials = computeTrials(data);
  const performanceTable = computePerformance(trials, data);
  const epochOptions = { stimFileName: KEY, isWildtype: false };
  console.log(
    `file: ${(bytes.length / 1e6).toFixed(2)} MB, ${data.frameIntervals.length + 1} frames, ` +
      `${trials.rowCount} trials × ${trials.columns.length} columns, ${performanceTable.rowCount} blocks; median of ${RUNS} runs`,
  );
  const read = await time(() => readTaskFile(bytes, uri));
  const stages = {
    trials: await time(() => computeTrials(data)),
    performance: await time(() => computePerformance(trials, data)),
    'legacy performance': await time(() => computeLegacyPerformance(data, trials)),
    epochs: await time(() => computeEpochs(data, epochOptions)),
  };
  const csv = await time(() => [...tableLines(trials, 'csv')].join(''));
  console.log(`\nread the file (readTaskFile)         ${ms(read).padStart(10)}   1.00×`);
  for (const [name, t] of Object.entries(stages)) {
    console.log(`${name.padEnd(36)} ${ms(t).padStart(10)}   ${ratio(t, read)}`);
  }
  console.log(`${'trials CSV export (formatting)'.padEnd(36)} ${ms(csv).padStart(10)}   ${ratio(csv, read)}`);
  const derived = stages.trials + stages.performance + stages.epochs;
  console.log(
    `\ntrials+performance+epochs = ${ratio(derived, read)} file read; ${ms(derived)} vs ${ms(read)}` +
      ` (with legacy performance: ${ratio(derived + stages['legacy performance'], read)})`,
  );
}

/** Through HTTP: the first request reads and computes, later ones are served from the ETag cache. */
async function gatewayFigures() {
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
    const warm = await time(post);
    const csv = await time(async () => {
      await (await fetch(`${url}/sessions/${SESSION}/trials.csv`)).text();
    });
    console.log(`\ngateway, done-when query, first request (download + read + compute)  ${ms(cold)}`);
    console.log(
      `gateway, same query again (derived tables cached by ETag)          ${ms(warm)}   ${ratio(warm, cold)} of the first`,
    );
    console.log(`gateway, GET /sessions/${SESSION}/trials.csv (cached)           ${ms(csv)}`);
  } finally {
    await gateway.close();
  }
}

export async function runBehaviourBenchmark(): Promise<void> {
  console.log('# behaviour benchmark (figures only; nothing passes or fails on time)\n');
  await domainFigures(await benchmarkFile());
  await gatewayFigures();
}

if (argv[1] && fileURLToPath(import.meta.url) === resolve(argv[1])) await runBehaviourBenchmark();
