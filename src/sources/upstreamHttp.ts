/**
 * JSON over HTTP from an upstream: a per-attempt timeout that covers the body as well as the headers,
 * a cap on the body's size, exponential backoff with jitter on 429/5xx/timeouts (honouring
 * `Retry-After`), an overall deadline, and errors that name the source. Shared by every HTTP backend
 * (CodeOcean, the DocDB REST gateway). Credentials written into a URL (`http://user:pass@host`) are
 * sent as an Authorization header instead, and any URL an error echoes is redacted (src/redact.ts).
 * The requests the call is made for can cancel it (src/cancellation.ts): their signal aborts the
 * attempt in flight, closing its connection, and stops the retries.
 */
import pRetry, { AbortError } from 'p-retry';
import { currentSignal } from '../cancellation.ts';
import { type SourceName, UpstreamError } from '../errors.ts';
import { startUpstreamRequest } from '../metrics.ts';
import { redactUrisIn } from '../redact.ts';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry, with jitter, up to `maxDelayMs`. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Time limit of one attempt, reading the whole body included. */
  attemptTimeoutMs: number;
  /** Time limit of the whole call including retries; after it the call fails with TIMEOUT. */
  deadlineMs: number;
  /** Largest response body read; a larger one fails the call (not retried). Default 64 MiB. */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 4,
  minDelayMs: 200,
  maxDelayMs: 5_000,
  attemptTimeoutMs: 10_000,
  deadlineMs: 30_000,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};

export interface UpstreamRequest {
  source: SourceName;
  /** What is being asked, for messages: `search data assets`. Never the URL (it may hold secrets). */
  operation: string;
  /** Labels of labgraph_upstream_*: the backend (`http`, `rest`) and a short operation name (`search`). */
  metric: { backend: string; operation: string };
  url: string | URL;
  init?: RequestInit;
  policy: RetryPolicy;
  /**
   * When the caller's own deadline (epoch ms) is earlier than the policy's, e.g. the last pages of a
   * paged read: no attempt runs past it.
   */
  deadlineAt?: number;
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

const isAbort = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/**
 * fetch refuses URLs with user info (and its error would echo them): move `user:pass@` into an
 * Authorization header unless the caller set one.
 */
function credentialsToHeader(url: string | URL, init: RequestInit | undefined): [URL, RequestInit] {
  const target = new URL(url);
  if (target.username === '' && target.password === '') return [target, init ?? {}];
  const headers = new Headers(init?.headers);
  if (!headers.has('authorization')) {
    const userinfo = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.set('authorization', `Basic ${Buffer.from(userinfo).toString('base64')}`);
  }
  target.username = '';
  target.password = '';
  return [target, { ...init, headers }];
}

/**
 * The whole body, counted as it streams: more than `maxBytes` stops the read. Reading happens under
 * the attempt's signal, so a body still arriving when the timer fires is a timeout, not "not JSON".
 */
async function readBodyCapped(response: Response, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Sends the request and reads its JSON body, retrying transient failures (429, 5xx, connection errors
 * and timeouts, including a body too slow to arrive). 404 → `null`; other 4xx → UNAVAILABLE naming
 * the status (e.g. a rejected token); a body that is not JSON or is over `maxBodyBytes` → UNAVAILABLE.
 */
export async function upstreamJson<T>(request: UpstreamRequest): Promise<T | null> {
  const { source, operation, policy } = request;
  const [url, init] = credentialsToHeader(request.url, request.init);
  const maxBodyBytes = policy.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const deadline = Math.min(Date.now() + policy.deadlineMs, request.deadlineAt ?? Number.POSITIVE_INFINITY);
  const fail = (message: string, cause?: unknown) =>
    new UpstreamError(source, 'UNAVAILABLE', `${source}: ${operation} ${message}`, { cause });
  let lastFailure = 'no attempt made';
  let timedOut = false;
  let attempts = 0;
  const cancel = currentSignal();

  const attempt = async (): Promise<{ body: T | null }> => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new AbortError(new AttemptTimeout('deadline reached'));
    const timeout = Math.min(policy.attemptTimeoutMs, remaining);
    attempts += 1;
    const measured = startUpstreamRequest({ source, ...request.metric }, attempts > 1);
    try {
      const answer = await attemptOnce(timeout);
      measured();
      return answer;
    } catch (error) {
      if (cancel?.aborted) {
        measured('cancelled');
        throw new AbortError(cancel.reason);
      }
      measured(error instanceof AttemptTimeout ? 'timeout' : 'error');
      throw error;
    }
  };

  const attemptOnce = async (timeout: number): Promise<{ body: T | null }> => {
    let bytes: Buffer;
    try {
      const attemptTimer = AbortSignal.timeout(timeout);
      const signal = cancel ? AbortSignal.any([attemptTimer, cancel]) : attemptTimer;
      const response = await fetch(url, { ...init, signal });
      if (isRetryableStatus(response.status)) {
        await response.body?.cancel();
        timedOut = false;
        lastFailure = `HTTP ${response.status}`;
        throw new RetryableStatus(response.status, parseRetryAfter(response.headers.get('retry-after')));
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return { body: null };
      }
      if (!response.ok) {
        await response.body?.cancel();
        const hint =
          response.status === 401 || response.status === 403
            ? ' (credentials rejected or lacking scope)'
            : '';
        throw new AbortError(fail(`answered HTTP ${response.status}${hint}`));
      }
      bytes = await readBodyCapped(response, maxBodyBytes, () =>
        fail(
          `returned a body larger than ${maxBodyBytes} bytes (LABGRAPH_UPSTREAM_MAX_BODY_BYTES); it was not read`,
        ),
      );
    } catch (error) {
      if (error instanceof RetryableStatus || error instanceof AbortError) throw error;
      if (error instanceof UpstreamError) throw new AbortError(error);
      if (isAbort(error)) {
        timedOut = true;
        lastFailure = `no complete answer within ${timeout} ms`;
        throw new AttemptTimeout(lastFailure);
      }
      timedOut = false;
      const detail =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
      lastFailure = `connection failed (${redactUrisIn(detail || 'unknown')})`;
      throw new Error(lastFailure);
    }
    try {
      return { body: JSON.parse(bytes.toString('utf8')) as T };
    } catch {
      // The parser's message quotes the body, which is not ours to repeat.
      throw new AbortError(fail('returned a body that is not JSON'));
    }
  };

  try {
    return (
      await pRetry(attempt, {
        retries: policy.retries,
        factor: 2,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        randomize: true,
        maxRetryTime: Math.max(0, deadline - Date.now()),
        onFailedAttempt: async ({ error }) => {
          // Honour the server's Retry-After, but never wait past our own deadline.
          if (error instanceof RetryableStatus && error.retryAfterMs !== undefined) {
            const wait = Math.min(error.retryAfterMs, policy.maxDelayMs, Math.max(0, deadline - Date.now()));
            await new Promise((resolve) => setTimeout(resolve, wait));
          }
        },
        shouldRetry: () => Date.now() < deadline,
        ...(cancel ? { signal: cancel } : {}),
      })
    ).body;
  } catch (error) {
    if (cancel?.aborted) throw cancel.reason;
    if (error instanceof UpstreamError) throw error;
    const deadlinePassed = Date.now() >= deadline || error instanceof AttemptTimeout;
    const kind = timedOut || deadlinePassed ? 'TIMEOUT' : 'UNAVAILABLE';
    throw new UpstreamError(
      source,
      kind,
      `${source}: ${operation} failed after retries: ${lastFailure}${kind === 'TIMEOUT' ? ` (deadline ${policy.deadlineMs} ms)` : ''}`,
    );
  }
}
