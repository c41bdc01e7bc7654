/**
 * The Pothos schema builder: plugins, scalars and the global-id scheme. Every type module in this
 * folder adds its types to this one builder; src/resolvers/schema.ts imports them all.
 */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLScalarType } from 'graphql';
import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { RequestContext } from '../context.ts';
import { BadUserInputError } from '../errors.ts';
import { resolverDeadlinePlugin } from '../protection/resolverDeadline.ts';
import { typenameOfNodeId } from './nodeIds.ts';

export const builder = new SchemaBuilder<{
  Context: RequestContext;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  Connection: { totalCount: number };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // resolverDeadline: every resolver still waiting when the request's time limit ends fails then.
  // Federation comes after it, as the plugin asks of plugins that wrap resolvers; it changes nothing in
  // the plain schema (entity keys live in extensions, which printSchema leaves out).
  plugins: [RelayPlugin, resolverDeadlinePlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    // Descriptions for everything the plugin generates, so the printed SDL passes the schema linter.
    edgesFieldOptions: { nullable: false, description: 'The results on this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The result.' },
    cursorFieldOptions: {
      description: "Where this result sits in the list (the item's id): pass it as `after` or `before`.",
    },
    pageInfoFieldOptions: { description: 'Where this page sits in the list, for fetching the next one.' },
    hasNextPageFieldOptions: { description: 'More results follow this page (ask with `after: endCursor`).' },
    hasPreviousPageFieldOptions: {
      description: 'More results precede this page (ask with `before: startCursor`).',
    },
    startCursorFieldOptions: {
      description: 'Cursor of the first result on this page; null when it is empty.',
    },
    endCursorFieldOptions: { description: 'Cursor of the last result on this page; null when it is empty.' },
    firstArgOptions: {
      description:
        'Return at most this many results from the start (after `after`); 0 to the maximum page size.',
    },
    afterArgOptions: { description: 'Return results after this cursor (from a previous page).' },
    lastArgOptions: {
      description:
        'Return at most this many results from the end (before `before`); 0 to the maximum page size.',
    },
    beforeArgOptions: { description: 'Return results before this cursor (from a previous page).' },
    nodeTypeOptions: { description: 'An object with a globally unique id (Relay).' },
    // Ids are natural keys: encoding is the identity and decoding reads the type from the shape.
    encodeGlobalID: (_typename, id) => String(id),
    // An id of no known shape goes to Session's loader, which reports it as BAD_USER_INPUT (listing
    // the id forms) at its own index, instead of failing the whole `nodes` list.
    decodeGlobalID: (globalID) => ({ typename: typenameOfNodeId(globalID) ?? 'Session', id: globalID }),
    nodeQueryOptions: {
      description:
        'Any object by its id. The type is told by the shape of the id (MID, session id, asset UUID or dataset id).',
      args: { id: { description: 'A subject MID, a session id, a data-asset UUID or a dataset id.' } },
    },
    nodesQueryOptions: {
      description: 'Several objects by id, in the order asked; null for ids that do not exist.',
      args: {
        ids: {
          description:
            'Subject MIDs, session ids, data-asset UUIDs or dataset ids, in any mix; at most the maximum page size (LABGRAPH_MAX_PAGE_SIZE, 100 by default).',
        },
      },
      // Each id can cost an upstream lookup: refuse a long list before any is made.
      resolve: (_root, { ids }, ctx, _info, resolveNodes) => {
        const max = ctx.config.maxPageSize;
        if (ids.length > max) {
          throw new BadUserInputError(`ids holds ${ids.length} ids, more than ${max}`, [
            `at most ${max} ids per query; send several queries for more`,
          ]);
        }
        return resolveNodes(ids);
      },
    },
    idFieldOptions: { description: 'Globally unique, readable id (the natural key).' },
    pageInfoTypeOptions: { description: 'Where this page sits in the list (Relay connection spec).' },
    defaultConnectionTypeOptions: { description: 'A page of results (Relay connection spec).' },
    defaultEdgeTypeOptions: { description: 'One result with its cursor.' },
  },
});

builder.addScalarType('Date', DateResolver, { description: 'A calendar date, YYYY-MM-DD.' });
/**
 * graphql-scalars' DateTime validates RFC 3339 but re-serialises strings in UTC; lab times read best
 * with the Pacific offset they were given, so valid strings are passed through as written.
 */
const DateTimeWithOffset = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize(value) {
    const valid = DateTimeResolver.serialize(value) as Date;
    return typeof value === 'string' ? value : valid.toISOString();
  },
});

builder.addScalarType('DateTime', DateTimeWithOffset, {
  description: 'A date and time with offset, ISO 8601 (e.g. 2023-12-13T13:43:40-08:00).',
});
builder.addScalarType('JSON', JSONResolver, { description: 'Arbitrary JSON, as stored upstream.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'Number of results across all pages.', resolve: (parent) => parent.totalCount }),
);

builder.queryType({ description: 'Read the lab: subjects, sessions, data assets and behaviour.' });
