/**
 * Object refs shared between type modules (a Session field returns a Subject and vice versa), kept
 * apart so the modules do not import each other in a cycle.
 */
import type { CatalogSession, CatalogSubject } from '../services/catalog.ts';
import type { DataAsset } from '../sources/codeocean/index.ts';
import type { TrainingRow } from '../sources/tracked/index.ts';
import { builder } from './builder.ts';

export const SessionObject = builder.objectRef<CatalogSession>('Session');
export const SubjectObject = builder.objectRef<CatalogSubject>('Subject');
export const DataAssetObject = builder.objectRef<DataAsset>('DataAsset');
export const TrainingInfoObject = builder.objectRef<TrainingRow>('TrainingInfo');

/** GraphQL Float cannot carry NaN: a NaN from a sheet or a computation is reported as null. */
export const finiteOrNull = (value: number | null | undefined): number | null =>
  value === null || value === undefined || Number.isNaN(value) ? null : value;
