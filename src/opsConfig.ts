/**
 * What operators configure about how the gateway is watched and locked down: who may scrape
 * /metrics (LABGRAPH_METRICS_TOKEN) and the trusted documents (LABGRAPH_PERSISTED_OPERATIONS_DIR,
 * LABGRAPH_PERSISTED_ONLY).
 */
import path from 'node:path';
import { boolean, type Env, PROJECT_ROOT, read } from './configBase.ts';
import { ConfigError } from './errors.ts';

export interface OpsConfig {
  /**
   * With a token, /metrics answers only `Authorization: Bearer <token>`; without one it is open
   * (the counters hold no data and no secrets, only operation names and source health).
   */
  metricsToken: string | null;
  persistedOperations: {
    /** Every `*.graphql` file here is a trusted document, served by the SHA-256 of its text. */
    dir: string;
    /** Refuse any document that is not one of them (PERSISTED_QUERY_ONLY). */
    only: boolean;
  };
}

/** Short tokens are guessable; a scraper's credentials file can hold any length. */
const MIN_METRICS_TOKEN_LENGTH = 16;

export function opsConfig(env: Env): OpsConfig {
  const metricsToken = read(env, 'LABGRAPH_METRICS_TOKEN') ?? null;
  if (metricsToken !== null && metricsToken.length < MIN_METRICS_TOKEN_LENGTH) {
    throw new ConfigError(
      'LABGRAPH_METRICS_TOKEN',
      `expected at least ${MIN_METRICS_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)`,
    );
  }
  return {
    metricsToken,
    persistedOperations: {
      dir: path.resolve(
        read(env, 'LABGRAPH_PERSISTED_OPERATIONS_DIR') ?? path.join(PROJECT_ROOT, 'schema', 'operations'),
      ),
      only: boolean(env, 'LABGRAPH_PERSISTED_ONLY', false),
    },
  };
}
