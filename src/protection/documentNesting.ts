/**
 * How deeply a GraphQL document nests brackets (`{`, `[`, `(`), found in one linear pass before it
 * is parsed. graphql-js parses and validates recursively: a selection 20,000 deep or a list literal
 * 2,000 deep overflows the stack, which surfaced as INTERNAL_SERVER_ERROR. Refusing them here,
 * before the parser runs, answers the client's mistake with a client code (QUERY_TOO_COMPLEX,
 * limit maxNesting). Strings, block strings and comments are skipped; a bracket inside them is text.
 */
import type { Plugin } from 'graphql-yoga';
import { codedGraphQLError } from '../resolvers/errors.ts';

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/** The deepest bracket nesting of `source`, counting no further than `stopAbove + 1`. */
export function bracketNesting(source: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i += 1;
    } else if (char === '"') {
      if (source.startsWith('"""', i)) {
        // Block string: ends at the next unescaped """ (\""" is an escaped quote triple).
        i += 3;
        while (i < source.length && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
        i += 2;
      } else {
        i += 1;
        while (i < source.length && source[i] !== '"' && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      }
    } else if (char !== undefined && OPEN.has(char)) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (char !== undefined && CLOSE.has(char)) {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

/** Refuses a document nested deeper than `maxNesting` before any parser sees it. */
export function documentNestingLimit(maxNesting: number): Plugin {
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      const nesting = bracketNesting(source, maxNesting);
      if (nesting <= maxNesting) return;
      throw codedGraphQLError(
        {
          code: 'QUERY_TOO_COMPLEX',
          message: `Nesting limit of ${maxNesting} brackets exceeded, found more than ${maxNesting}.`,
          extensions: { limit: 'maxNesting', max: maxNesting },
        },
        { requestError: true },
      );
    },
  };
}
