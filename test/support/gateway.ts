/**
 * The gateway for end-to-end tests. `startGateway` runs it in-process: requests go through every
 * Yoga plugin the HTTP server uses (`gateway.fetch`, i.e. yoga.fetch) without a socket.
 * `startHttpGateway` starts it on an ephemeral loopback port for what only real HTTP shows: body
 * limits on streamed bodies, slow clients, the node adapter's own behaviour. Both give the same
 * handle, so a suite switches by changing one call. Config comes from the same loader as
 * production, with overrides per test.
 */
import type { ExecutionResult } from 'graphql';
import { type Env, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.ts';
import { scratchRegistryDir } from './registryTemplate.ts';

export interface RunningGateway {
  gateway: Gateway;
  /** The base URL to build request URLs on (a placeholder host in-process). */
  url: string;
  /** `fetch`, to this gateway: in-process or over loopback HTTP. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<ExecutionResult<T>>;
  close(): Promise<void>;
}

/** Env with no upstream configured: every source on its embedded backend over fixtures/. */
export const EMBEDDED_ENV: Env = { LABGRAPH_LOG_LEVEL: 'silent' };

/** The base URL of in-process requests; nothing listens there. */
export const IN_PROCESS_URL = 'http://labgraph.test';

/**
 * A loaded gateway and how to close it. Each gets its own embedded registry (a copy of the migrated
 * template) unless the test names one: test files run in parallel and must not share a PGlite directory.
 */
async function loadedGateway(
  env: Env,
  options: GatewayOptions,
): Promise<{ gateway: Gateway; close(): Promise<void> }> {
  const scratch = env.LABGRAPH_REGISTRY_DIR || env.LABGRAPH_REGISTRY_URL ? null : await scratchRegistryDir();
  const config = loadConfig({
    ...EMBEDDED_ENV,
    // Empty unless the test asks for a seed: the read suites compare the catalog with the lab model.
    ...(scratch ? { LABGRAPH_REGISTRY_DIR: scratch.dir, LABGRAPH_REGISTRY_SEED: 'none' } : {}),
    ...env,
    LABGRAPH_PORT: '0',
    LABGRAPH_HOST: '127.0.0.1',
  });
  const gateway = createGateway(config, { logger: createLogger('silent'), ...options });
  await gateway.load();
  return {
    gateway,
    async close() {
      await gateway.close();
      await scratch?.remove();
    },
  };
}

function handle(
  gateway: Gateway,
  url: string,
  send: (url: string, init?: RequestInit) => Promise<Response>,
  close: () => Promise<void>,
): RunningGateway {
  return {
    gateway,
    url,
    fetch: send,
    async query(query, variables) {
      const response = await send(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as ExecutionResult<never>;
    },
    close,
  };
}

/** The fixture bearer tokens of fixtures/auth/tokens.yaml (README "Auth"), by scope. */
export const FIXTURE_TOKENS = {
  admin: 'lg_fixture_admin_3f9c1a7e',
  write: 'lg_fixture_write_8b2d4e60',
  read: 'lg_fixture_read_51a9c0d2',
} as const;

/** A GraphQL POST to `gw`, as the holder of `token` when one is given. */
export async function postAs<T = Record<string, unknown>>(
  gw: RunningGateway,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<ExecutionResult<T>> {
  const response = await gw.fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<T>;
}

/** The gateway in-process: `fetch` hands requests straight to Yoga. */
export async function startGateway(
  env: Env = EMBEDDED_ENV,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const { gateway, close } = await loadedGateway(env, options);
  return handle(gateway, IN_PROCESS_URL, (url, init) => gateway.fetch(url, init), close);
}

/** The gateway behind its node HTTP server on an ephemeral loopback port. */
export async function startHttpGateway(
  env: Env = EMBEDDED_ENV,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const { gateway, close } = await loadedGateway(env, options);
  const url = await gateway.listen();
  return handle(gateway, url, (target, init) => fetch(target, init), close);
}
