/**
 * Runs the benchmarks: `npx tsx bench/run.ts [name…]` (or `npm run bench`). Each prints figures
 * measured side by side in one run; none passes or fails on time.
 */
import { argv } from 'node:process';
import { runBehaviourBenchmark } from './behaviour.ts';
import { runDashboardBenchmark } from './dashboard.ts';
import { runReliabilityBenchmark } from './reliability.ts';
import { runScaleBenchmark } from './scale.ts';
import { runThroughputBenchmark } from './throughput.ts';

/** Name → benchmark, run in this order by default; a new benchmark adds one line here. */
const BENCHMARKS: Record<string, () => Promise<void>> = {
  behaviour: runBehaviourBenchmark,
  dashboard: runDashboardBenchmark,
  scale: runScaleBenchmark,
  reliability: runReliabilityBenchmark,
  throughput: runThroughputBenchmark,
};

const asked = argv.slice(2).filter((a) => !a.startsWith('--') && !/^[0-9]+$/.test(a));
const unknown = asked.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of asked.length > 0 ? asked : Object.keys(BENCHMARKS)) {
  await (BENCHMARKS[name] as () => Promise<void>)();
}
