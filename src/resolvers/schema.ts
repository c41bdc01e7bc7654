/**
 * Assembles the schema: importing each type module registers its types on the one builder. Two
 * schemas come out of it: the plain one labgraph serves by default, and the Federation v2 subgraph
 * (the same types, with entity keys, `_service` and `_entities`) served with LABGRAPH_FEDERATION=true.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import './trainingInfo.ts';
import './session.ts';
import './subject.ts';
import './behaviour.ts';
import './dataAsset.ts';
import './sessionAind.ts';
import './sessionRawData.ts';
import './sortedDataAsset.ts';
import './computation.ts';
import './subjectAssets.ts';
import './sessionDerived.ts';
import './metadata.ts';
import './registry.ts';
import './registerSession.ts';
import './recordMutations.ts';
import './subjectMutations.ts';
import './datasetTypes.ts';
import './selection.ts';
import './selectionMutations.ts';
import './manifest.ts';
import './datasets.ts';
import './datasetMutations.ts';
import './federation.ts';

export const schema = builder.toSchema({ sortSchema: false });

/** The SDL committed as schema/schema.graphql (sorted, so diffs stay small). */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;

/** The federation spec version the subgraph links (one Hive Gateway and Apollo's composition accept). */
export const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/v2.6';

let subgraph: GraphQLSchema | undefined;

/** The subgraph schema, built on first use: a gateway that is not federated never builds it. */
export function subgraphSchema(): GraphQLSchema {
  subgraph ??= builder.toSubGraphSchema({ linkUrl: FEDERATION_SPEC, federationDirectives: ['@key'] });
  return subgraph;
}

/**
 * The subgraph SDL committed as schema/subgraph.graphql: exactly what `_service { sdl }` answers (with
 * the `@link` and `@key` directives a composition needs), plus a final newline.
 */
export const printedSubgraphSchema = () => `${printSubgraphSchema(subgraphSchema())}\n`;
