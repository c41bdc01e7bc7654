/** Assembles the schema: importing each type module registers its types on the one builder. */
import { lexicographicSortSchema, printSchema } from 'graphql';
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

export const schema = builder.toSchema({ sortSchema: false });

/** The SDL committed as schema/schema.graphql (sorted, so diffs stay small). */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
