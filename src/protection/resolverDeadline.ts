/**
 * A Pothos plugin that puts every field resolver under the request's deadline (requestTimeout.ts).
 * Synchronous results pass through untouched; only a resolver that returns a promise is raced.
 */
import SchemaBuilder, { BasePlugin, isThenable, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { raceRequestDeadline } from './requestTimeout.ts';

export class ResolverDeadlinePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    return (parent, args, context, info) => {
      const result: unknown = resolver(parent, args, context, info);
      return isThenable(result) ? raceRequestDeadline(context, result) : result;
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      resolverDeadline: ResolverDeadlinePlugin<Types>;
    }
  }
}

export const resolverDeadlinePlugin = 'resolverDeadline' as const;
SchemaBuilder.registerPlugin(resolverDeadlinePlugin, ResolverDeadlinePlugin);
