/**
 * What every benchmark measures with: wall and process-CPU time of a call, medians and percentiles,
 * and the printing of figures. The machine is shared, so benchmarks compare things measured side by
 * side in one run (as ratios) rather than against numbers from another day.
 */
import { argv } from 'node:process';

/** One call's wall time and the CPU time the whole process (every thread) spent meanwhile, in ms. */
export interface Sample {
  wall: number;
  cpu: number;
}

export async function sample(run: () => unknown): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** `runs` samples after one warm-up call. */
export async function samples(run: () => unknown, runs: number): Promise<Sample[]> {
  await run();
  const out: Sample[] = [];
  for (let i = 0; i < runs; i++) out.push(await sample(run));
  return out;
}

/** The q-quantile (0…1) of some values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export const ms = (x: number): string => `${x.toFixed(1)} ms`;
export const ratio = (x: number, base: number): string => `${(x / base).toFixed(2)}×`;
export const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

/** `--name N` from the command line, or the fallback. */
export function numberOption(name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const flag = (name: string): boolean => argv.includes(`--${name}`);

/** The load average, to print beside figures taken on a shared machine. */
export async function loadNote(): Promise<string> {
  const { loadavg, cpus } = await import('node:os');
  const [one = 0] = loadavg();
  return `load average ${one.toFixed(1)} on ${cpus().length} cores`;
}
