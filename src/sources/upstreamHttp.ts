/**
 * HTTP to an upstream with a per-attempt timeout, exponential backoff with jitter on 429/5xx/timeouts
 * (honouring `Retry-After`), an overall deadline, and errors that name the source. Shared by every
 * HTTP backend (CodeOcean, the DocDB REST gateway). URLs and headers are never put in error messages,
 * because they can carry tokens.
 */
import pRetry, { AbortError } from 'p-retry';
import { type SourceName, UpstreamError } from '../errors.ts';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry, with jitter, up to `maxDelayMs`. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Time limit of one attempt. */
  attemptTimeoutMs: number;
  /** Time limit of the whole call including retries; after it the call fails with TIMEOUT. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 4,
  minDelayMs: 200,
  maxDelayMs: 5_000,
  attemptTimeoutMs: 10_000,
  deadlineMs: 30_000,
};

export interface UpstreamRequest {
  source: SourceName;
  /** What is being asked, for messages: `search data assets`. Never the URL (it may hold secrets). */
  operation: string;
  url: string | URL;
  init?: RequestInit;
  policy: RetryPolicy;
}

class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${status}`);
  }
}

class AttemptTimeout extends Error {}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Sends the request, retrying transient failures. Resolves with the response for any status that is
 * not transient (2xx, and 4xx other than 408/429: the caller decides what a 404 means).
 */
export async function upstreamFetch(request: UpstreamRequest): Promise<Response> {
  const { source, operation, policy } = request;
  const deadline = Date.now() + policy.deadlineMs;
  let lastFailure = 'no attempt made';
  let timedOut = false;

  const attempt = async (): Promise<Response> => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new AbortError(new AttemptTimeout('deadline reached'));
    const timeout = Math.min(policy.attemptTimeoutMs, remaining);
    let response: Response;
    try {
      response = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(timeout) });
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        timedOut = true;
        lastFailure = `no answer within ${timeout} ms`;
        throw new AttemptTimeout(lastFailure);
      }
      timedOut = false;
      lastFailure = `connection failed (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : 'unknown'})`;
      throw new Error(lastFailure);
    }
    if (isRetryableStatus(response.status)) {
      timedOut = false;
      lastFailure = `HTTP ${response.status}`;
      await response.body?.cancel();
      throw new RetryableStatus(response.status, parseRetryAfter(response.headers.get('retry-after')));
    }
    return response;
  };

  try {
    return await pRetry(attempt, {
      retries: policy.retries,
      factor: 2,
      minTimeout: policy.minDelayMs,
      maxTimeout: policy.maxDelayMs,
      randomize: true,
      maxRetryTime: policy.deadlineMs,
      onFailedAttempt: async ({ error }) => {
        // Honour the server's Retry-After, but never wait past our own deadline.
        if (error instanceof RetryableStatus && error.retryAfterMs !== undefined) {
          const wait = Math.min(error.retryAfterMs, policy.maxDelayMs, Math.max(0, deadline - Date.now()));
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      },
      shouldRetry: () => Date.now() < deadline,
    });
  } catch (error) {
    const deadlinePassed = Date.now() >= deadline || error instanceof AttemptTimeout;
    const kind = timedOut || deadlinePassed ? 'TIMEOUT' : 'UNAVAILABLE';
    throw new UpstreamError(
      source,
      kind,
      `${source}: ${operation} failed after retries: ${lastFailure}${kind === 'TIMEOUT' ? ` (deadline ${policy.deadlineMs} ms)` : ''}`,
      { cause: error },
    );
  }
}

/**
 * Reads a JSON body of a non-transient response. 404 → `null`; other 4xx → an UNAVAILABLE error that
 * names the source and the status (e.g. a rejected token), without echoing the body.
 */
export async function readJsonOrNull<T>(
  response: Response,
  source: SourceName,
  operation: string,
): Promise<T | null> {
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) {
    await response.body?.cancel();
    const hint =
      response.status === 401 || response.status === 403 ? ' (credentials rejected or lacking scope)' : '';
    throw new UpstreamError(
      source,
      'UNAVAILABLE',
      `${source}: ${operation} answered HTTP ${response.status}${hint}`,
    );
  }
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new UpstreamError(
      source,
      'UNAVAILABLE',
      `${source}: ${operation} returned a body that is not JSON`,
      {
        cause: error,
      },
    );
  }
}
