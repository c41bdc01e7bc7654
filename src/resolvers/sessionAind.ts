/**
 * Session fields from CodeOcean and DocDB: the AIND view (name, platform, start time), assets by
 * kind and sorter, the raw asset and why it may be missing, sorting status (raw-data layout: sessionRawData.ts). Each field
 * calls one function of src/services/session.ts, which batches through the request's loaders.
 */
import {
  isSorted,
  isUploaded,
  latestGoodSorting,
  rawDataAbsenceReason,
  rawDataAsset,
  rawDataLocation,
  sessionDataAssets,
  sortersOf,
  sortingResults,
  startTimeOf,
} from '../services/session.ts';
import { builder } from './builder.ts';
import { DataAssetKind } from './dataAsset.ts';
import { DataAssetObject, SessionObject } from './refs.ts';

builder.objectFields(SessionObject, (t) => ({
  name: t.string({
    nullable: true,
    description:
      'AIND session name (`{platform}_{MID}_{YYYY-MM-DD}_{HH-MM-SS}`) when the session was uploaded to AIND.',
    resolve: (s) => s.aindNames[0] ?? null,
  }),
  platform: t.string({
    nullable: true,
    description: 'AIND platform from the session name, e.g. ecephys or behavior.',
    resolve: (s) => s.aindPlatform,
  }),
  startTime: t.field({
    type: 'DateTime',
    nullable: true,
    description:
      'Session start: DocDB `session.session_start_time`, else the time in the AIND name, else the training sheet’s start time (Pacific).',
    resolve: (s, _args, ctx) => startTimeOf(s, ctx.loaders),
  }),
  dataAssets: t.field({
    type: [DataAssetObject],
    nullable: true,
    description: 'CodeOcean assets named after the session, oldest first.',
    args: {
      kind: t.arg({ type: [DataAssetKind], description: 'Only assets of these kinds.' }),
      sorter: t.arg.string({ description: 'Only sorted assets made by this sorter.' }),
    },
    resolve: (s, args, ctx) => sessionDataAssets(s, ctx.loaders, args),
  }),
  rawDataAsset: t.field({
    type: DataAssetObject,
    nullable: true,
    description:
      'The raw data asset: the asset DocDB links to the session record (latest if several), else the latest asset the raw-data rules accept. When null, see rawDataAbsenceReason.',
    resolve: (s, _args, ctx) => rawDataAsset(s, ctx.loaders),
  }),
  rawDataAbsenceReason: t.string({
    nullable: true,
    description:
      'Why there is no raw data asset (e.g. raw data exist on S3 but no asset was created); null when there is one.',
    resolve: (s, _args, ctx) => rawDataAbsenceReason(s, ctx.loaders),
  }),
  rawDataUri: t.string({
    nullable: true,
    description:
      'Where the raw data are: DocDB `location`, else the raw asset’s folder, else a known AIND bucket holding them.',
    resolve: (s, _args, ctx) => rawDataLocation(s, ctx.loaders),
  }),
  isUploaded: t.boolean({
    nullable: true,
    description: 'Uploaded to AIND: a raw data asset exists, or raw data exist at the session’s location.',
    resolve: (s, _args, ctx) => isUploaded(s, ctx.loaders),
  }),
  sortedDataAssets: t.field({
    type: [DataAssetObject],
    nullable: true,
    description: 'Spike-sorting results of the session, newest first.',
    args: {
      sorter: t.arg.string({
        description: 'Only results of this sorter (kilosort2_5, kilosort4, spykingcircus2…).',
      }),
    },
    resolve: (s, args, ctx) => sortingResults(s, ctx.loaders, args.sorter),
  }),
  sorters: t.stringList({
    nullable: true,
    description: 'Distinct sorters that produced the session’s sorted assets, sorted by name.',
    resolve: (s, _args, ctx) => sortersOf(s, ctx.loaders),
  }),
  latestSortedDataAsset: t.field({
    type: DataAssetObject,
    nullable: true,
    description: 'The newest sorted asset that is not an error (optionally of one sorter).',
    args: { sorter: t.arg.string({ description: 'Only consider this sorter.' }) },
    resolve: (s, args, ctx) => latestGoodSorting(s, ctx.loaders, args.sorter),
  }),
  isSorted: t.boolean({
    nullable: true,
    description: 'There is a sorted asset and the newest one is not an error.',
    resolve: (s, _args, ctx) => isSorted(s, ctx.loaders),
  }),
}));
