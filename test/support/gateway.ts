/**
 * Starts a real gateway on an ephemeral loopback port for end-to-end tests, and posts GraphQL over
 * real HTTP. Config comes from the same loader as production, with overrides per test.
 */
import type { ExecutionResult } from 'graphql';
import { type Env, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.ts';

export interface RunningGateway {
  gateway: Gateway;
  url: string;
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<ExecutionResult<T>>;
  close(): Promise<void>;
}

/** Env with no upstream configured: every source on its embedded backend over fixtures/. */
export const EMBEDDED_ENV: Env = { LABGRAPH_LOG_LEVEL: 'silent' };

export async function startGateway(
  env: Env = EMBEDDED_ENV,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const config = loadConfig({ ...EMBEDDED_ENV, ...env, LABGRAPH_PORT: '0', LABGRAPH_HOST: '127.0.0.1' });
  const gateway = createGateway(config, { logger: createLogger('silent'), ...options });
  await gateway.load();
  const url = await gateway.listen();
  return {
    gateway,
    url,
    async query(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as ExecutionResult<never>;
    },
    close: () => gateway.close(),
  };
}
