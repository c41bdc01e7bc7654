/**
 * A Redis for tests: LABGRAPH_TEST_REDIS_URL when set, else Debian's redis-server started on a free
 * loopback port (no persistence), stopped by `stop()`. Null with the reason when neither is there, so
 * the suite can skip saying why (.ci/run installs redis-server, so CI never skips). Each caller gets
 * its own key prefix, so suites sharing one Redis never see each other's keys.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { freePort } from './freePort.ts';

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) =>
  existsSync(path),
);

export interface TestRedis {
  url: string;
  port: number;
  /** A fresh LABGRAPH_REDIS_PREFIX for one gateway group. */
  prefix(): string;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis | { skip: string }> {
  const prefix = () => `labgraph-test-${randomUUID().slice(0, 8)}:`;
  const external = process.env.LABGRAPH_TEST_REDIS_URL;
  if (external) {
    return { url: external, port: Number(new URL(external).port || 6379), prefix, stop: async () => {} };
  }
  if (!REDIS_SERVER) {
    return {
      skip: 'redis-server is not installed and LABGRAPH_TEST_REDIS_URL is not set (.ci/run installs it)',
    };
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
  child.stdout?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    prefix,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
