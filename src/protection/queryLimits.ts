/**
 * Limits on one GraphQL operation, checked before anything executes (graphql-armor): depth, aliases,
 * tokens, directives, bracket nesting and an estimated cost. Every threshold comes from config (README "Limits and protection");
 * nothing is left to armor's defaults. A refused operation gets one error per limit it breaks, with
 * `extensions.code` QUERY_TOO_COMPLEX, the limit's name and its value, and a message that says both.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
// armor's bundle builds its cost rule from the document alone; the rule itself is reused here on the
// operation as it will run (see costWithVariables). Installed with @escape.tech/graphql-armor.
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { type DocumentNode, type GraphQLError, type ValidationContext, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from '../config.ts';
import { codedGraphQLError } from '../resolvers/errors.ts';
import { DEFAULT_PAGE_SIZE } from '../resolvers/pagination.ts';
import { documentNestingLimit } from './documentNesting.ts';
import { documentForCost, withDefaults } from './operationCost.ts';

export type QueryLimitName = keyof QueryLimits;

/** armor's messages start with "Syntax Error: " although nothing is wrong with the syntax. */
function tooComplex(rejection: GraphQLError, limit: QueryLimitName, max: number): GraphQLError {
  const message = rejection.message.replace(/^Syntax Error:\s*/, '');
  return codedGraphQLError(
    { code: 'QUERY_TOO_COMPLEX', message, extensions: { limit, max } },
    { requestError: true },
  );
}

/** armor callbacks: report into the validation (a 400 with every broken limit) instead of throwing. */
function reportAs(limit: QueryLimitName, max: number) {
  return {
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, rejection: GraphQLError) => {
        context?.reportError(tooComplex(rejection, limit, max));
      },
    ],
  };
}

/** armor's cost model, stated once: the cost plugin below and the README use these numbers. */
export const COST_MODEL = {
  objectCost: 2,
  scalarCost: 1,
  depthCostFactor: 1.5,
  fragmentRecursionCost: 1000,
  // Fragments cost what their fields cost, at the depth they are spread (not one level deeper).
  flattenFragments: true,
} as const;

/**
 * armor's cost rule over the operation as it will run: page sizes and list lengths as the variables
 * give them, connections without `first`/`last` at their default page size (documentForCost). It runs
 * when execution starts, not among the validation rules: Yoga caches validation per document, and the
 * cost of one document changes with its variables.
 */
function costWithVariables(maxCost: number): Plugin {
  const costRule = costLimitRule({
    maxCost,
    ...COST_MODEL,
    ignoreIntrospection: true,
    ...reportAs('maxCost', maxCost),
  });
  // Yoga hands every request of one operation text the same parsed document, so the operations that
  // passed are remembered by document and variables: a repeated query skips the walk and the rule.
  const passed = new WeakMap<DocumentNode, Set<string>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = withDefaults(args.document, args.variableValues ?? {});
      const key = JSON.stringify(variables);
      const known = passed.get(args.document);
      if (known?.has(key)) return;
      const document = documentForCost(args.schema, args.document, variables, DEFAULT_PAGE_SIZE);
      const refusals = validate(args.schema, document, [costRule]);
      if (refusals.length > 0) return setResultAndStopExecution({ errors: refusals });
      const keys = known ?? new Set<string>();
      if (keys.size >= PASSED_VARIABLES_PER_DOCUMENT) keys.clear();
      keys.add(key);
      passed.set(args.document, keys);
    },
  };
}

/** Variable sets remembered per document: enough for a dashboard's pages, bounded for any client. */
const PASSED_VARIABLES_PER_DOCUMENT = 64;

export interface QueryLimitOptions {
  limits: QueryLimits;
  /** Hide "Did you mean …?" in validation errors (they reveal the schema introspection may hide). */
  blockFieldSuggestions: boolean;
}

/** The Yoga (envelop) plugins that enforce the limits. */
export function queryLimitPlugins({ limits, blockFieldSuggestions }: QueryLimitOptions) {
  const armor = EnvelopArmorPlugin({
    maxDepth: {
      enabled: true,
      n: limits.maxDepth,
      ignoreIntrospection: true,
      // Depth is the nesting of fields, as written: a fragment spread is not a level of its own.
      flattenFragments: true,
      ...reportAs('maxDepth', limits.maxDepth),
    },
    maxAliases: {
      enabled: true,
      n: limits.maxAliases,
      allowList: ['__typename'],
      ...reportAs('maxAliases', limits.maxAliases),
    },
    maxDirectives: {
      enabled: true,
      n: limits.maxDirectives,
      ...reportAs('maxDirectives', limits.maxDirectives),
    },
    maxTokens: {
      enabled: true,
      n: limits.maxTokens,
      exposeLimits: true,
      // Tokens are counted while parsing, where there is no validation context: throw instead.
      propagateOnRejection: false,
      onReject: [
        (_context, rejection) => {
          throw tooComplex(rejection, 'maxTokens', limits.maxTokens);
        },
      ],
    },
    // Replaced by costWithVariables: armor's own cost check ignores page sizes given as variables.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: blockFieldSuggestions, mask: '[Suggestion hidden]' },
  });
  return [documentNestingLimit(limits.maxNesting), armor, costWithVariables(limits.maxCost)];
}
