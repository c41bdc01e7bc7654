/**
 * The Pothos schema builder: plugins, scalars and the global-id scheme. Every type module in this
 * folder adds its types to this one builder; src/resolvers/schema.ts imports them all.
 */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLScalarType } from 'graphql';
import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { RequestContext } from '../context.ts';
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
  plugins: [RelayPlugin, resolverDeadlinePlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // Ids are natural keys: encoding is the identity and decoding reads the type from the shape.
    encodeGlobalID: (_typename, id) => String(id),
    decodeGlobalID: (globalID) => ({ typename: typenameOfNodeId(globalID) ?? 'Unknown', id: globalID }),
    nodeQueryOptions: {
      description:
        'Any object by its id. The type is told by the shape of the id (MID, session id or asset UUID).',
    },
    nodesQueryOptions: {
      description: 'Several objects by id, in the order asked; null for ids that do not exist.',
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
