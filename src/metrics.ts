/**
 * The process's Prometheus metrics (prom-client), in one registry of our own. Sources, the cache
 * module and the GraphQL plugin record into the instruments defined here; the /metrics route
 * (src/routes/metrics.ts) serves this registry together with the gauges that read one gateway's state
 * (catalog size and age, registry pool). One gateway runs per process in production, so process-wide
 * counters are that gateway's counters. Label values come from closed sets of our own, never from
 * request data, except the GraphQL operation name, which is bounded (see `operationLabel`).
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const processRegistry = new Registry();

let processMetricsStarted = false;
/**
 * CPU, resident memory, heap, event-loop lag, open handles, GC: prom-client's standard names. Started
 * by the /metrics route, not on import: the HDF5 worker threads load source modules too.
 */
export function startProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  collectDefaultMetrics({ register: processRegistry });
}

const registers = [processRegistry];

/** Request latencies from a cache hit (~1 ms) to the longest upstream deadline (30 s and more). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const graphqlRequests = new Counter({
  name: 'labgraph_graphql_requests_total',
  help: 'GraphQL operations answered, by operation name and type (query, mutation).',
  labelNames: ['operation_name', 'operation_type'] as const,
  registers,
});

export const graphqlDuration = new Histogram({
  name: 'labgraph_graphql_request_duration_seconds',
  help: 'Time from receiving a GraphQL request to its result, by operation name and type.',
  labelNames: ['operation_name', 'operation_type'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const graphqlErrors = new Counter({
  name: 'labgraph_graphql_errors_total',
  help: 'Errors in GraphQL responses and whole-request refusals, by extensions.code (and extensions.source for upstream errors, else "").',
  labelNames: ['code', 'source'] as const,
  registers,
});

export const upstreamRequests = new Counter({
  name: 'labgraph_upstream_requests_total',
  help: 'Requests sent to an upstream or the registry, every attempt counted (retries included).',
  labelNames: ['source', 'backend', 'operation'] as const,
  registers,
});

export const upstreamDuration = new Histogram({
  name: 'labgraph_upstream_request_duration_seconds',
  help: 'Duration of one upstream request (one attempt), failed ones included.',
  labelNames: ['source', 'backend', 'operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const upstreamErrors = new Counter({
  name: 'labgraph_upstream_request_errors_total',
  help: 'Upstream requests (attempts) that failed, by kind: timeout, error (status or connection), cancelled (the requests waiting for it went away).',
  labelNames: ['source', 'backend', 'operation', 'kind'] as const,
  registers,
});

export const upstreamRetries = new Counter({
  name: 'labgraph_upstream_retries_total',
  help: 'Upstream requests that were retries of a failed attempt (also counted in labgraph_upstream_requests_total).',
  labelNames: ['source', 'backend', 'operation'] as const,
  registers,
});

export const cacheHits = new Counter({
  name: 'labgraph_cache_hits_total',
  help: 'Cache lookups answered from the cache (a load already in flight counts as a hit), by cache.',
  labelNames: ['cache'] as const,
  registers,
});

export const cacheMisses = new Counter({
  name: 'labgraph_cache_misses_total',
  help: 'Cache lookups that had to load the value, by cache.',
  labelNames: ['cache'] as const,
  registers,
});

/** Which upstream call a measurement belongs to. */
export interface UpstreamCall {
  /** `codeocean`, `docdb`, `objectstore`, `taskfile`, `registry`. */
  source: string;
  /** The backend kind: `http`, `rest`, `mongodb`, `s3`, `local`, `embedded`, `workers`, `postgres`, `pglite`. */
  backend: string;
  /** What was asked, from a closed set per source (`search`, `find`, `getMore`, `get`, `select`…). */
  operation: string;
}

export type UpstreamFailureKind = 'timeout' | 'error' | 'cancelled';

/** Starts the clock of one upstream attempt; call the result once with how it ended. */
export function startUpstreamRequest(
  call: UpstreamCall,
  retry = false,
): (failure?: UpstreamFailureKind) => void {
  upstreamRequests.inc({ ...call });
  if (retry) upstreamRetries.inc({ ...call });
  const stop = upstreamDuration.startTimer({ ...call });
  let ended = false;
  return (failure) => {
    if (ended) return;
    ended = true;
    stop();
    if (failure) upstreamErrors.inc({ ...call, kind: failure });
  };
}

/** One upstream request measured after the fact (drivers that report durations themselves). */
export function observeUpstream(call: UpstreamCall, seconds: number, failure?: UpstreamFailureKind): void {
  upstreamRequests.inc({ ...call });
  upstreamDuration.observe({ ...call }, seconds);
  if (failure) upstreamErrors.inc({ ...call, kind: failure });
}

/** One upstream attempt measured around a promise; `classify` names the failure of a rejection. */
export async function measureUpstream<T>(
  call: UpstreamCall,
  run: () => Promise<T>,
  classify: (error: unknown) => UpstreamFailureKind | null = () => 'error',
): Promise<T> {
  const end = startUpstreamRequest(call);
  try {
    const value = await run();
    end();
    return value;
  } catch (error) {
    end(classify(error) ?? undefined);
    throw error;
  }
}

/** One cache lookup. */
export function countCacheLookup(cache: string, hit: boolean): void {
  (hit ? cacheHits : cacheMisses).inc({ cache });
}

/** The caches' observer (src/cache/caches.ts tells it of every lookup, by cache name). */
export const cacheLookupMetrics = {
  hit: (cache: string) => countCacheLookup(cache, true),
  miss: (cache: string) => countCacheLookup(cache, false),
};

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names kept as labels; later ones are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;
const seenOperationNames = new Set<string>();

/**
 * The operation name as a label value. Clients choose names, so the label set is bounded: anonymous
 * operations are `anonymous`, and names past the first MAX_OPERATION_NAMES seen (or not GraphQL
 * names) are `other`.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'other';
  if (seenOperationNames.has(name)) return name;
  if (seenOperationNames.size >= MAX_OPERATION_NAMES) return 'other';
  seenOperationNames.add(name);
  return name;
}
