/**
 * LABGRAPH_READ_AUTH=token: queries need a bearer token with scope `read` (mutations check their
 * own scopes in their resolvers). Checked once per operation, before anything executes; the error
 * names the scope that was needed and never the token.
 */
import { GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from '../context.ts';
import { AuthError } from '../services/auth.ts';

export function requireReadScope(): Plugin<RequestContext> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      try {
        await args.contextValue.auth.require('read');
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        setResultAndStopExecution({
          errors: [
            new GraphQLError(error.message, { extensions: { code: error.code, needed: error.needed } }),
          ],
        });
      }
    },
  };
}
