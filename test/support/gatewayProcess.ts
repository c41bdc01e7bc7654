/**
 * `labgraph serve` as a real child process (what a replica or a crash test needs): started with the
 * fixture tokens and the registry seed on an ephemeral port, ready once it logs its listening line;
 * `kill` sends SIGKILL and waits for the exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { FIXTURE_TOKENS_FILE, PROJECT_ROOT } from '../../src/config.ts';

export const REGISTRY_SEED = path.join(PROJECT_ROOT, 'fixtures', 'registry', 'seed.yaml');

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
}

/** Starts `labgraph serve` as its own process and waits for its listening line. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      LABGRAPH_PORT: '0',
      LABGRAPH_LOG_LEVEL: 'info',
      LABGRAPH_REGISTRY_SEED: REGISTRY_SEED,
      LABGRAPH_TOKENS_FILE: FIXTURE_TOKENS_FILE,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code} before listening`)));
    lines.on('line', (line) => {
      const found = /listening: .*GraphiQL at (http:\/\/[^ "]+)\/graphql/.exec(line);
      if (found) resolve(found[1]!);
    });
  });
  return { url, child };
}

export function killGatewayProcess(gateway: GatewayProcess): Promise<void> {
  return new Promise((resolve) => {
    // A killed process has a signalCode and no exitCode.
    if (gateway.child.exitCode !== null || gateway.child.signalCode !== null) return resolve();
    gateway.child.once('exit', () => resolve());
    gateway.child.kill('SIGKILL');
  });
}
