/**
 * Any path no route or GraphQL answers gets 404 NOT_FOUND in the registry's JSON shape (Yoga's own
 * answer is an empty 404). Listed after every other route plugin.
 */
import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.ts';

export function notFound(graphqlPath: string): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname === graphqlPath) return;
      endResponse(
        errorResponse({
          code: 'NOT_FOUND',
          message: `Nothing is served at ${JSON.stringify(url.pathname.slice(0, 200))}: GraphQL is at ${graphqlPath}`,
          extensions: {},
        }),
      );
    },
  };
}
