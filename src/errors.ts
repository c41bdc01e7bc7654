/**
 * The one error vocabulary. Every code labgraph answers with is in ERROR_CODES, with its HTTP status,
 * the extension keys it carries, and the level it is logged at; GraphQL masking
 * (src/resolvers/errors.ts), protection (src/protection/) and the HTTP routes (src/routes/) all read
 * it. Sources and domain code throw the plain classes below (they know nothing about GraphQL or HTTP);
 * `describeKnownError` maps any of them to its code. Messages must never contain secrets.
 */

/** How a code is logged: client mistakes at info (truncated), upstream trouble at warn, bugs at error. */
export type LogLevel = 'info' | 'warn' | 'error';

export interface ErrorCodeSpec {
  /** The HTTP status of a response refused as a whole with this code (fields failing in a 200 keep 200). */
  status: number;
  /** The `extensions` keys (besides `code`) an error with this code may carry. */
  extensions: readonly string[];
  log: LogLevel;
  /** When callers see it (the README's Errors table says the same). */
  when: string;
}

export const ERROR_CODES = {
  BAD_REQUEST: {
    status: 400,
    extensions: [],
    log: 'info',
    when: 'the HTTP request itself cannot be read: request target, Host header, JSON body or variables',
  },
  BAD_USER_INPUT: {
    status: 400,
    extensions: ['accepted', 'limit', 'max'],
    log: 'info',
    when: 'an argument labgraph cannot use; the message lists what is accepted',
  },
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    extensions: [],
    log: 'info',
    when: "GraphQL's own syntax errors, and documents nested deeper than the parser allows",
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    extensions: [],
    log: 'info',
    when: "GraphQL's own validation errors (unknown fields, introspection when it is off)",
  },
  QUERY_TOO_COMPLEX: {
    status: 400,
    extensions: ['limit', 'max'],
    log: 'info',
    when: 'the operation breaks a depth, alias, token, cost or directive limit',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 400,
    extensions: [],
    log: 'info',
    when: 'a document hash that is not one of the trusted documents in schema/operations/; the message lists them',
  },
  NOT_FOUND: {
    status: 404,
    extensions: ['ref', 'session', 'manifest'],
    log: 'info',
    when: 'an HTTP route names a session that no source knows, one without a task file, or no stored manifest',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    extensions: ['allow'],
    log: 'info',
    when: 'an HTTP route called with a method other than GET or HEAD',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    extensions: [],
    log: 'info',
    when: 'a POST whose Content-Type GraphQL cannot read (send application/json)',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    extensions: ['maxBodyBytes'],
    log: 'info',
    when: 'the request body is over LABGRAPH_MAX_BODY_BYTES',
  },
  UNAUTHENTICATED: {
    status: 401,
    extensions: ['needed'],
    log: 'info',
    when: 'a mutation (or, with LABGRAPH_READ_AUTH=token, a query) without an accepted bearer token; the message names the scope needed',
  },
  FORBIDDEN: {
    status: 403,
    extensions: ['needed'],
    log: 'info',
    when: "the token's user lacks the scope the operation needs; the message names it",
  },
  PERSISTED_QUERY_ONLY: {
    status: 403,
    extensions: [],
    log: 'info',
    when: 'with LABGRAPH_PERSISTED_ONLY=true, a request that sends a document instead of a trusted document hash',
  },
  INVALID_DATA: {
    status: 422,
    extensions: ['uri'],
    log: 'warn',
    when: 'upstream data is corrupt (a truncated HDF5, a malformed DocDB section)',
  },
  UPSTREAM_UNAVAILABLE: {
    status: 502,
    extensions: ['source'],
    log: 'warn',
    when: 'a source failed after retries with backoff',
  },
  UPSTREAM_TIMEOUT: {
    status: 504,
    extensions: ['source', 'timeoutMs'],
    log: 'warn',
    when: "a source took too long (with `source`), or the request's own time limit ran out (`timeoutMs`)",
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    extensions: [],
    log: 'error',
    when: 'anything unexpected: the message is "Unexpected error." (details only in the server log)',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The message every unexpected error is replaced with. */
export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/** The registry's first code with this HTTP status (a 4xx without one is BAD_REQUEST). */
export function codeForStatus(status: number): ErrorCode {
  const code = (Object.keys(ERROR_CODES) as ErrorCode[]).find((name) => ERROR_CODES[name].status === status);
  return code ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Upstreams labgraph federates; named in `extensions.source` so users know what failed. */
export type SourceName = 'codeocean' | 'docdb' | 'tracked' | 'objectstore' | 'identity';

/** An upstream could not be reached, answered with a server error, or took too long (after retries). */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly source: SourceName,
    readonly kind: 'UNAVAILABLE' | 'TIMEOUT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Upstream data exists but cannot be read as what it claims to be (corrupt HDF5, malformed record). */
export class InvalidDataError extends Error {
  override readonly name = 'InvalidDataError';
  constructor(
    /** The object or record the bad data came from, e.g. `s3://bucket/key.hdf5`. */
    readonly uri: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The user's input cannot be understood; the message says what would have been accepted. */
export class BadUserInputError extends Error {
  override readonly name = 'BadUserInputError';
  constructor(
    message: string,
    /** Human-readable descriptions of the accepted forms, listed in the message too. */
    readonly accepted: readonly string[] = [],
  ) {
    super(accepted.length > 0 ? `${message}. Accepted: ${accepted.join('; ')}` : message);
  }
}

/**
 * A request refused as a whole at the HTTP or protection level (body too large, unreadable request
 * target, unknown session on an export route…), with its code and extensions from ERROR_CODES.
 */
export class RequestRefusedError extends Error {
  override readonly name = 'RequestRefusedError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The task data cannot be interpreted (bad frame index, inconsistent arrays). Has no object URI: the
 * behaviour service wraps it in an InvalidDataError naming the file. */
export class TaskDataError extends Error {
  override readonly name = 'TaskDataError';
}

/** An object store `get` of an object that does not exist (e.g. deleted between a listing and the
 * download). Callers turn it into `null`: a missing thing is not an error. */
export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';
  constructor(readonly uri: string) {
    super(`object not found: ${uri}`);
  }
}

/** A configuration value is missing or malformed; startup stops with this message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** The environment variable (or file) at fault. */
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** A file the gateway loads at startup (tracked sessions YAML/XLSX) is malformed. */
export class SourceFileError extends Error {
  override readonly name = 'SourceFileError';
  constructor(
    readonly file: string,
    /** Where in the file: `line 12`, `sheet 676909 row 4`… */
    readonly location: string,
    message: string,
  ) {
    super(`${file} (${location}): ${message}`);
  }
}

/** A request without an acceptable token (UNAUTHENTICATED) or without the needed scope (FORBIDDEN). */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    /** The scope the operation needed (`read`, `write`, `admin`). */
    readonly needed: string,
    message: string,
  ) {
    super(message);
  }
}

export interface KnownError {
  code: ErrorCode;
  message: string;
  extensions: Record<string, unknown>;
}

/** Our error classes → the code, message and extensions callers see; null for unexpected errors. */
export function describeKnownError(error: unknown): KnownError | null {
  if (error instanceof BadUserInputError)
    return { code: 'BAD_USER_INPUT', message: error.message, extensions: { accepted: error.accepted } };
  if (error instanceof UpstreamError) {
    return {
      code: error.kind === 'TIMEOUT' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      message: error.message,
      extensions: { source: error.source },
    };
  }
  if (error instanceof InvalidDataError)
    return { code: 'INVALID_DATA', message: error.message, extensions: { uri: error.uri } };
  if (error instanceof RequestRefusedError)
    return { code: error.code, message: error.message, extensions: { ...error.extensions } };
  if (error instanceof AuthError)
    return { code: error.code, message: error.message, extensions: { needed: error.needed } };
  return null;
}

/** The JSON body of a response refused as a whole: GraphQL-shaped, on every route alike. */
export function errorBody({ code, message, extensions }: KnownError) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

/** A whole-response refusal with the registry's status for its code. */
export function errorResponse(known: KnownError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(errorBody(known)), {
    status: ERROR_CODES[known.code].status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}
