/**
 * The GraphQL face of the error registry (src/errors.ts): our error classes become GraphQL errors with
 * `extensions.code`; anything else is an unexpected error and is masked. Applied once, in Yoga's
 * maskError, so resolvers just throw.
 */
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import {
  describeKnownError,
  ERROR_CODES,
  type ErrorCode,
  type KnownError,
  UNEXPECTED_ERROR_MESSAGE,
} from '../errors.ts';

/**
 * A GraphQL error carrying a registry code. `requestError` marks a refusal of the whole request:
 * Yoga answers it with the registry's HTTP status (for application/graphql-response+json) and strips
 * the `http` extension from the response.
 */
export function codedGraphQLError(
  { code, message, extensions }: KnownError,
  options: { requestError?: boolean; locatedAs?: GraphQLError } = {},
): GraphQLError {
  const located: GraphQLErrorOptions = options.locatedAs
    ? {
        nodes: options.locatedAs.nodes,
        source: options.locatedAs.source,
        positions: options.locatedAs.positions,
        path: options.locatedAs.path,
      }
    : {};
  return new GraphQLError(message, {
    ...located,
    extensions: {
      ...options.locatedAs?.extensions,
      code,
      ...extensions,
      ...(options.requestError ? { http: { status: ERROR_CODES[code].status, spec: true } } : {}),
    },
  });
}

/**
 * Checks by name, not instanceof: `graphql` can be loaded twice (its ESM and CJS builds, e.g. under
 * vitest), and an error from the other copy fails instanceof. Yoga makes the same check.
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** The registry code a (possibly masked) error carries, INTERNAL_SERVER_ERROR when it has none. */
export function codeOf(error: unknown): ErrorCode {
  const code = isGraphQLError(error) ? error.extensions.code : undefined;
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)
    ? (code as ErrorCode)
    : (describeKnownError(isGraphQLError(error) ? error.originalError : error)?.code ??
        'INTERNAL_SERVER_ERROR');
}

/**
 * Yoga's error mask: known errors keep their message and get a code; GraphQL's own errors (syntax,
 * validation) pass through; everything else becomes "Unexpected error." with the details only in logs.
 */
export function maskError(error: unknown): Error {
  const original = isGraphQLError(error) ? (error.originalError ?? error) : error;
  const known = describeKnownError(original);
  if (known) return codedGraphQLError(known, isGraphQLError(error) ? { locatedAs: error } : {});
  // graphql's own request errors that come without a code: variable values that do not coerce, an
  // unknown operation name. The request cannot run as sent, so it is the user's input at fault.
  const fromGraphQL = isGraphQLError(error) && (!error.originalError || isGraphQLError(error.originalError));
  if (fromGraphQL && !error.path && error.extensions.code === undefined) {
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
    });
  }
  // GraphQL's own errors (syntax, validation, limits) and GraphQL errors thrown on purpose (e.g. the
  // request deadline's) keep their message and code; the located copy also keeps the field's path.
  if (fromGraphQL) return error;
  return new GraphQLError(UNEXPECTED_ERROR_MESSAGE, {
    ...(isGraphQLError(error) ? { nodes: error.nodes, path: error.path, positions: error.positions } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
