/**
 * The error vocabulary shared by sources, domain and resolvers. Sources and domain code throw these
 * plain classes (they know nothing about GraphQL); `src/resolvers/errors.ts` turns them into GraphQL
 * errors with `extensions.code`. Messages must never contain secrets.
 */

/** Upstreams labgraph federates; named in `extensions.source` so users know what failed. */
export type SourceName = 'codeocean' | 'docdb' | 'tracked' | 'objectstore';

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
