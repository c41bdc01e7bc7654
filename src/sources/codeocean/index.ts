/**
 * The CodeOcean source: pick a backend from the environment (a token means the real API; none means
 * the embedded fixtures) and re-export the typed model and the pure rules.
 */
import type { RetryPolicy } from '../upstreamHttp.ts';
import { createCodeOceanEmbeddedBackend } from './embeddedBackend.ts';
import { createCodeOceanHttpClient } from './httpClient.ts';
import type { CodeOceanPagingOptions } from './sourceCore.ts';
import { resolveCodeOceanDomain, resolveCodeOceanToken } from './token.ts';
import type { CodeOceanRequestEvent, CodeOceanSource } from './types.ts';

export * from './assetRules.ts';
export { withCodeOceanCache } from './cached.ts';
export { type CodeOceanEmbeddedOptions, createCodeOceanEmbeddedBackend } from './embeddedBackend.ts';
export { type CodeOceanHttpOptions, createCodeOceanHttpClient, MIN_SERVER_VERSION } from './httpClient.ts';
export { buildDataAssetQuery, NAME_QUERY_MAX_LENGTH, nameSearchPrefix } from './searchQuery.ts';
export type { CodeOceanPagingOptions } from './sourceCore.ts';
export { DEFAULT_CODE_OCEAN_DOMAIN, resolveCodeOceanDomain, resolveCodeOceanToken } from './token.ts';
export type * from './types.ts';

export type CodeOceanConfig = CodeOceanPagingOptions &
  (
    | { backend: 'http'; domain: string; token: string; policy?: RetryPolicy }
    | { backend: 'embedded'; fixturesDir: string }
  );

/** `CODE_OCEAN_API_TOKEN` (or any `cop_…` value) selects the API at `CODE_OCEAN_DOMAIN`; else the fixtures. */
export function codeOceanConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  fixturesDir: string,
): CodeOceanConfig {
  const token = resolveCodeOceanToken(env);
  return token
    ? { backend: 'http', domain: resolveCodeOceanDomain(env), token }
    : { backend: 'embedded', fixturesDir };
}

export function createCodeOceanSource(
  config: CodeOceanConfig,
  onRequest?: (event: CodeOceanRequestEvent) => void,
): CodeOceanSource {
  return config.backend === 'http'
    ? createCodeOceanHttpClient({ ...config, ...(onRequest ? { onRequest } : {}) })
    : createCodeOceanEmbeddedBackend({ ...config, ...(onRequest ? { onRequest } : {}) });
}
