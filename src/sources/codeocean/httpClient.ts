/**
 * The CodeOcean v1 REST API backend (reference §3): `{domain}/api/v1/`, HTTP Basic with the token as
 * user and an empty password. Retries, timeouts and the deadline come from `upstreamJson`; the token
 * is only ever put in the Authorization header, never in a message, a URI or the description.
 */
import { ConfigError, UpstreamError } from '../../errors.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, upstreamJson } from '../upstreamHttp.ts';
import type { SearchRequestWire } from './searchEngine.ts';
import { type CodeOceanPagingOptions, createSourceFromTransport } from './sourceCore.ts';
import type { CodeOceanBackend, CodeOceanOperation, CodeOceanRequestEvent } from './types.ts';

/** The API version the SDK (0.12) announces; servers refuse clients that need a newer one. */
export const MIN_SERVER_VERSION = '4.0.0';

export interface CodeOceanHttpOptions extends CodeOceanPagingOptions {
  /** `https://codeocean.allenneuraldynamics.org` (see `resolveCodeOceanDomain`). */
  domain: string;
  /** A `cop_…` token with the "Datasets: Read" scope. */
  token: string;
  policy?: RetryPolicy;
  minServerVersion?: string;
  /** Called once per logical upstream call (retries inside `upstreamJson` are not reported). */
  onRequest?: (event: CodeOceanRequestEvent) => void;
}

const OPERATION_TEXT: Record<CodeOceanOperation, string> = {
  search: 'search data assets',
  getDataAsset: 'get data asset',
  listCapsuleComputations: 'list capsule computations',
  getComputation: 'get computation',
};

export function createCodeOceanHttpClient(options: CodeOceanHttpOptions): CodeOceanBackend {
  if (!options.token)
    throw new ConfigError('CODE_OCEAN_API_TOKEN', 'the CodeOcean HTTP client needs a token');
  const domain = options.domain.replace(/\/+$/, '');
  const base = `${domain}/api/v1/`;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const headers = {
    Authorization: `Basic ${Buffer.from(`${options.token}:`).toString('base64')}`,
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'Min-Server-Version': options.minServerVersion ?? MIN_SERVER_VERSION,
  };

  /** Sends one call and reads its JSON; null on 404. */
  async function call(operation: CodeOceanOperation, path: string, body?: unknown): Promise<unknown | null> {
    options.onRequest?.({ operation, path });
    return upstreamJson<unknown>({
      source: 'codeocean',
      operation: OPERATION_TEXT[operation],
      metric: { backend: 'http', operation },
      url: new URL(path, base),
      init:
        body === undefined
          ? { method: 'GET', headers }
          : { method: 'POST', headers, body: JSON.stringify(body) },
      policy,
    });
  }

  return createSourceFromTransport(
    {
      kind: 'http',
      describe: () => `CodeOcean API at ${domain} (token set, not shown)`,
      async searchPage(body: SearchRequestWire) {
        const page = await call('search', 'data_assets/search', body);
        if (page === null) {
          throw new UpstreamError(
            'codeocean',
            'UNAVAILABLE',
            'codeocean: search data assets answered HTTP 404',
          );
        }
        return page;
      },
      getDataAsset: (id) => call('getDataAsset', `data_assets/${encodeURIComponent(id)}`),
      listCapsuleComputations: (capsuleId) =>
        call('listCapsuleComputations', `capsules/${encodeURIComponent(capsuleId)}/computations`),
      getComputation: (id) => call('getComputation', `computations/${encodeURIComponent(id)}`),
      where: (path) => `${base}${path}`,
    },
    options,
  );
}
