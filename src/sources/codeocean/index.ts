/**
 * The CodeOcean source: build the backend the config names, and re-export the typed model, the pure
 * rules and the cache decorator.
 */
import type { CodeOceanConfig } from '../../config.ts';
import type { RetryPolicy } from '../upstreamHttp.ts';
import { createCodeOceanEmbeddedBackend } from './embeddedBackend.ts';
import { createCodeOceanHttpClient } from './httpClient.ts';
import type { CodeOceanRequestEvent, CodeOceanSource } from './types.ts';

export * from './assetRules.ts';
export { withCodeOceanCache } from './cached.ts';
export { type CodeOceanEmbeddedOptions, createCodeOceanEmbeddedBackend } from './embeddedBackend.ts';
export { type CodeOceanHttpOptions, createCodeOceanHttpClient, MIN_SERVER_VERSION } from './httpClient.ts';
export { buildDataAssetQuery, NAME_QUERY_MAX_LENGTH, nameSearchPrefix } from './searchQuery.ts';
export type { CodeOceanPagingOptions } from './sourceCore.ts';
export { DEFAULT_CODE_OCEAN_DOMAIN, resolveCodeOceanDomain, resolveCodeOceanToken } from './token.ts';
export type * from './types.ts';

/**
 * The source for the gateway's config (`src/config.ts`): the HTTP client for `backend: 'http'`, else
 * the embedded fixtures. Wrap the result in `withCodeOceanCache` for the ~10 min TTL.
 */
export function createCodeOceanSource(
  config: CodeOceanConfig,
  options: {
    policy?: RetryPolicy;
    concurrency?: number;
    onRequest?: (event: CodeOceanRequestEvent) => void;
  } = {},
): CodeOceanSource {
  return config.backend === 'http'
    ? createCodeOceanHttpClient({
        ...options,
        domain: config.domain,
        token: config.token,
        pageSize: config.pageSize,
      })
    : createCodeOceanEmbeddedBackend({ ...options, assetsFile: config.file });
}
