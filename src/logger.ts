/**
 * Logging: one pino logger for the process, a child per request carrying its request id, and the
 * bridge that gives Yoga's own log calls to pino with error objects intact (class, stack).
 * Redaction is a second line of defence: code never logs secrets, and if a token-bearing field slips
 * into a log object, pino blanks it; URIs in messages and logged errors lose their user info and
 * secret query parameters (src/redact.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { YogaLogger } from 'graphql-yoga';
import { pino } from 'pino';
import { describeKnownError, ERROR_CODES } from './errors.ts';
import { redactUrisIn } from './redact.ts';

export type Logger = pino.Logger;

/** The standard error serializer, with URIs redacted in the message and stack (causes included). */
function redactedError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    const value = serialized[field];
    if (typeof value === 'string') serialized[field] = redactUrisIn(value);
  }
  return serialized;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    serializers: { err: redactedError },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactUrisIn(arg) : arg));
        return method.apply(this, redacted as Parameters<pino.LogFn>);
      },
    },
    base: { service: 'labgraph' },
    redact: {
      paths: [
        'token',
        '*.token',
        'password',
        '*.password',
        'authorization',
        '*.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a client may send as its request id: short, and safe to print in a log line or a header. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The client's `x-request-id` when it is sane, else a fresh UUID. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

export interface RequestScope {
  requestId: string;
  /** The process logger's child for this request: every line carries `requestId`. */
  logger: Logger;
}

/** The request being served, for code that logs without a context at hand (Yoga's own log calls). */
export const requestScope = new AsyncLocalStorage<RequestScope>();

export function createRequestScope(logger: Logger, clientRequestId: string | null | undefined): RequestScope {
  const requestId = requestIdFrom(clientRequestId);
  return { requestId, logger: logger.child({ requestId }) };
}

/** Client input echoed in a log line is cut here: one 98 kB reference must not flood the log. */
const MAX_LOGGED_MESSAGE = 300;

function truncated(text: string): string {
  return text.length <= MAX_LOGGED_MESSAGE
    ? text
    : `${text.slice(0, MAX_LOGGED_MESSAGE)}… (${text.length} chars)`;
}

/** Yoga hands over GraphQL errors that wrap ours; the wrapped error has the class and the stack. */
function unwrapped(error: Error): Error {
  const original = (error as { originalError?: unknown }).originalError;
  return original instanceof Error ? unwrapped(original) : error;
}

/**
 * An error at the level its registry code says: client mistakes at info with the message cut short,
 * upstream trouble at warn, anything unexpected at error with its class and stack.
 */
export function logError(logger: Logger, error: Error, message = 'request failed'): void {
  const original = unwrapped(error);
  const known = describeKnownError(original);
  if (!known)
    return void logger.error({ err: original }, `${message}: ${original.name}: ${original.message}`);
  const level = ERROR_CODES[known.code].log;
  logger[level]({ code: known.code }, truncated(known.message));
}

/** Yoga's `logging` option: the request's logger when there is one, errors kept as objects. */
export function yogaLogBridge(processLogger: Logger): YogaLogger {
  const current = () => requestScope.getStore()?.logger ?? processLogger;
  const write =
    (level: 'debug' | 'info' | 'warn') =>
    (...args: unknown[]) =>
      current()[level](
        args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg))).join(' '),
      );
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: (...args: unknown[]) => {
      const errors = args.filter((arg): arg is Error => arg instanceof Error);
      const words = args.filter((arg) => !(arg instanceof Error)).map(String);
      if (errors.length === 0) return void current().error(words.join(' '));
      for (const error of errors) logError(current(), error, words.join(' ') || undefined);
    },
  };
}
