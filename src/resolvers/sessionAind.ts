/**
 * Session fields from CodeOcean and DocDB: the AIND view (name, platform, start time), assets by
 * kind and sorter, the raw asset and why it may be missing, sorting status, modalities. Each field
 * calls one function of src/services/session.ts, which batches through the request's loaders.
 */
import { instantToLabIso, labLocalToIso } from '../domain/localTime.ts';
import {
  isSorted,
  isUploaded,
  modalities,
  rawDataAbsenceReason,
  rawDataAsset,
  rawDataLocation,
  sessionDataAssets,
  sortedWithStatus,
} from '../services/session.ts';
import { assetKindOf } from '../sources/codeocean/index.ts';
import { sessionStartOf } from '../sources/docdb/index.ts';
import { builder } from './builder.ts';
import { DataAssetKind } from './dataAsset.ts';
import { DataAssetRef, SessionRef } from './refs.ts';

builder.objectFields(SessionRef, (t) => ({
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
    resolve: async (s, _args, ctx) => {
      for (const name of s.aindNames) {
        const record = await ctx.loaders.recordByName.load(name);
        const start = record && sessionStartOf(record);
        if (start) return instantToLabIso(start);
      }
      const local = s.aindStart ?? s.tracked?.training?.startTime ?? null;
      return local ? labLocalToIso(local) : null;
    },
  }),
  dataAssets: t.field({
    type: [DataAssetRef],
    nullable: true,
    description: 'CodeOcean assets named after the session, oldest first.',
    args: {
      kind: t.arg({ type: [DataAssetKind], description: 'Only assets of these kinds.' }),
      sorter: t.arg.string({ description: 'Only sorted assets made by this sorter.' }),
    },
    resolve: async (s, args, ctx) => {
      const assets = await sessionDataAssets(s, ctx.loaders);
      const byKind = args.kind?.length ? assets.filter((a) => args.kind?.includes(assetKindOf(a))) : assets;
      if (!args.sorter) return byKind;
      const sorted = await sortedWithStatus(s, ctx.loaders);
      const ids = new Set(sorted.filter((x) => x.sorter === args.sorter).map((x) => x.asset.id));
      return byKind.filter((a) => ids.has(a.id));
    },
  }),
  rawDataAsset: t.field({
    type: DataAssetRef,
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
    type: [DataAssetRef],
    nullable: true,
    description: 'Spike-sorting results of the session, newest first.',
    args: {
      sorter: t.arg.string({
        description: 'Only results of this sorter (kilosort2_5, kilosort4, spykingcircus2…).',
      }),
    },
    resolve: async (s, args, ctx) =>
      (await sortedWithStatus(s, ctx.loaders))
        .filter((x) => !args.sorter || x.sorter === args.sorter)
        .map((x) => x.asset),
  }),
  sorters: t.stringList({
    nullable: true,
    description: 'Distinct sorters that produced the session’s sorted assets, sorted by name.',
    resolve: async (s, _args, ctx) =>
      [
        ...new Set((await sortedWithStatus(s, ctx.loaders)).map((x) => x.sorter).filter((x) => x !== null)),
      ].sort(),
  }),
  latestSortedDataAsset: t.field({
    type: DataAssetRef,
    nullable: true,
    description: 'The newest sorted asset that is not an error (optionally of one sorter).',
    args: { sorter: t.arg.string({ description: 'Only consider this sorter.' }) },
    resolve: async (s, args, ctx) =>
      (await sortedWithStatus(s, ctx.loaders)).find(
        (x) => !x.isError && (!args.sorter || x.sorter === args.sorter),
      )?.asset ?? null,
  }),
  isSorted: t.boolean({
    nullable: true,
    description: 'There is a sorted asset and the newest one is not an error.',
    resolve: (s, _args, ctx) => isSorted(s, ctx.loaders),
  }),
  modalities: t.stringList({
    nullable: true,
    description:
      'Sub-folders of the raw data folder, e.g. behavior, behavior_videos, ecephys (ecephys_compressed/clipped count as ecephys; metadata folders are left out). Empty when not uploaded.',
    resolve: (s, _args, ctx) => modalities(s, ctx.loaders),
  }),
}));
