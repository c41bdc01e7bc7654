/**
 * The one error model (DESIGN.md): our error classes become GraphQL errors with `extensions.code`;
 * anything else is an unexpected error and is masked by Yoga. Applied once, in Yoga's maskError,
 * so resolvers just throw.
 */
import { GraphQLError } from 'graphql';
import { BadUserInputError, InvalidDataError, UpstreamError } from '../errors.ts';

export type ErrorCode = 'BAD_USER_INPUT' | 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT' | 'INVALID_DATA';

/** Our error class → the code and extensions users see; null for unexpected errors (to be masked). */
export function describeKnownError(
  error: unknown,
): { code: ErrorCode; extensions: Record<string, unknown> } | null {
  if (error instanceof BadUserInputError)
    return { code: 'BAD_USER_INPUT', extensions: { accepted: error.accepted } };
  if (error instanceof UpstreamError) {
    return {
      code: error.kind === 'TIMEOUT' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      extensions: { source: error.source },
    };
  }
  if (error instanceof InvalidDataError) return { code: 'INVALID_DATA', extensions: { uri: error.uri } };
  return null;
}

/**
 * Checks by name, not instanceof: `graphql` can be loaded twice (its ESM and CJS builds, e.g. under
 * vitest), and an error from the other copy fails instanceof. Yoga makes the same check.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/**
 * Yoga's error mask: known errors keep their message and get a code; GraphQL's own errors (syntax,
 * validation) pass through; everything else becomes "Unexpected error." with the details only in logs.
 */
export function maskError(error: unknown, fallbackMessage: string): Error {
  const original = isGraphQLError(error) ? (error.originalError ?? error) : error;
  const known = describeKnownError(original);
  if (known && isGraphQLError(error)) {
    return new GraphQLError((original as Error).message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, code: known.code, ...known.extensions },
    });
  }
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
  return new GraphQLError(fallbackMessage, {
    ...(isGraphQLError(error) ? { nodes: error.nodes, path: error.path, positions: error.positions } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
