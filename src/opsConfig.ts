/**
 * What operators configure about how the gateway is watched, locked down and deployed: who may scrape
 * /metrics (LABGRAPH_METRICS_TOKEN), the trusted documents (LABGRAPH_PERSISTED_OPERATIONS_DIR,
 * LABGRAPH_PERSISTED_ONLY) and whether it serves a federation subgraph (LABGRAPH_FEDERATION).
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
  /** Serve the Federation v2 subgraph schema (entities, `_service`, `_entities`) instead of the plain one. */
  federation: boolean;
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
  const persistedOnly = boolean(env, 'LABGRAPH_PERSISTED_ONLY', false);
  const federation = boolean(env, 'LABGRAPH_FEDERATION', false);
  // A federation gateway sends documents of its own query plans, never trusted documents' hashes.
  if (persistedOnly && federation) {
    throw new ConfigError(
      'LABGRAPH_PERSISTED_ONLY',
      'cannot be true with LABGRAPH_FEDERATION=true (the federation gateway sends its own query plans): lock down the federation gateway instead',
    );
  }
  return {
    metricsToken,
    persistedOperations: {
      dir: path.resolve(
        read(env, 'LABGRAPH_PERSISTED_OPERATIONS_DIR') ?? path.join(PROJECT_ROOT, 'schema', 'operations'),
      ),
      only: persistedOnly,
    },
    federation,
  };
}
