/**
 * GET requests carry `variables` and `extensions` as JSON in the query string. Yoga parses them
 * without catching, so malformed JSON surfaced as INTERNAL_SERVER_ERROR; it is the client's mistake:
 * BAD_REQUEST (400), saying which parameter.
 */
import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.ts';

const JSON_PARAMS = ['variables', 'extensions'] as const;

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function queryStringJson(graphqlPath: string): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname !== graphqlPath) return;
      for (const name of JSON_PARAMS) {
        const value = url.searchParams.get(name);
        if (value === null || value === '' || isJson(value)) continue;
        return endResponse(
          errorResponse({
            code: 'BAD_REQUEST',
            message: `The "${name}" query parameter is not valid JSON; send it URL-encoded, e.g. ${name}=%7B%7D`,
            extensions: {},
          }),
        );
      }
    },
  };
}
