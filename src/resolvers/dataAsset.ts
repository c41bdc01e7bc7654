/**
 * DataAsset: a CodeOcean data asset (raw data, a sorting result, another derived result), by UUID.
 * Fields read the asset itself; sorter and error status come from DocDB and the asset's S3 folder
 * through the request's loaders (src/services/dataAsset.ts).
 */
import {
  assetKindOf,
  dataAssetById,
  dataLevelOf,
  resultErrorStatus,
  selectDataAssets,
  sessionOfAsset,
  sorterNameIfSorted,
  sourceDirUri,
} from '../services/dataAsset.ts';
import type { DataAsset } from '../sources/codeocean/index.ts';
import { builder } from './builder.ts';
import { perIdOutcomes } from './nodeResults.ts';
import { checkPageArgs, pageOf } from './pagination.ts';
import { DataAssetObject, SessionObject } from './refs.ts';

export const DataAssetKind = builder.enumType('DataAssetKind', {
  description: 'What an asset is to the session in its name.',
  values: {
    RAW: {
      value: 'raw',
      description:
        'Raw data as acquired (custom metadata `data level: raw data`, a `raw` tag, or the bare session name).',
    },
    SORTED: {
      value: 'sorted',
      description: 'A spike-sorting result: the name starts with `<session>_sorted`.',
    },
    DERIVED: {
      value: 'derived',
      description: 'Another result computed from the session (nwb, dlc_side, …).',
    },
    OTHER: { value: 'other', description: 'Not named after a session (e.g. a cohort summary).' },
  } as const,
});

const DataAssetType = builder.enumType('DataAssetType', {
  description: 'CodeOcean asset type.',
  values: {
    DATASET: { value: 'dataset', description: 'Data registered from storage.' },
    RESULT: { value: 'result', description: 'Output of a capsule or pipeline run.' },
    COMBINED: { value: 'combined', description: 'A combination of other assets.' },
    MODEL: { value: 'model', description: 'A model.' },
  } as const,
});

const DataLevelEnum = builder.enumType('DataLevel', {
  description: 'AIND data level.',
  values: {
    RAW: { value: 'raw', description: 'Raw data.' },
    DERIVED: { value: 'derived', description: 'Derived from other data.' },
  } as const,
});

const SourceBucket = builder.objectRef<NonNullable<DataAsset['sourceBucket']>>('SourceBucket').implement({
  description: 'Where the asset’s files are stored.',
  fields: (t) => ({
    origin: t.exposeString('origin', { description: 'Storage provider: aws, gcp or local.' }),
    bucket: t.exposeString('bucket', { description: 'Bucket name.' }),
    prefix: t.exposeString('prefix', { description: 'Key prefix of the asset’s folder.' }),
    external: t.exposeBoolean('external', {
      description: 'Kept on external storage rather than copied into CodeOcean.',
    }),
  }),
});

const Provenance = builder.objectRef<NonNullable<DataAsset['provenance']>>('Provenance').implement({
  description: 'How a result asset was made.',
  fields: (t) => ({
    capsule: t.exposeString('capsule', { nullable: true, description: 'Capsule or pipeline id that ran.' }),
    computation: t.exposeString('computation', { nullable: true, description: 'Computation (run) id.' }),
    dataAssets: t.exposeStringList('dataAssets', { description: 'Ids of the input assets.' }),
    commit: t.exposeString('commit', { nullable: true, description: 'Git commit of the code that ran.' }),
    runScript: t.exposeString('runScript', { nullable: true, description: 'Script that ran.' }),
    dockerImage: t.exposeString('dockerImage', { nullable: true, description: 'Container image that ran.' }),
  }),
});

builder.node(DataAssetObject, {
  description: 'A CodeOcean data asset, by its UUID.',
  id: { resolve: (asset) => asset.id },
  // An asset that cannot be fetched fails only its own place in Query.nodes.
  loadMany: async (ids, ctx) => perIdOutcomes(await ctx.loaders.asset.loadMany(ids)),
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Asset name, e.g. `ecephys_676909_2023-12-13_13-43-40_sorted_2023-12-16_05-21-39`.',
    }),
    created: t.field({
      type: 'DateTime',
      description: 'When the asset was created.',
      resolve: (a) => a.created,
    }),
    type: t.field({ type: DataAssetType, description: 'CodeOcean asset type.', resolve: (a) => a.type }),
    state: t.exposeString('state', { description: 'CodeOcean state: draft, ready or failed.' }),
    kind: t.field({
      type: DataAssetKind,
      description: 'What the asset is to its session.',
      resolve: (a) => assetKindOf(a),
    }),
    dataLevel: t.field({
      type: DataLevelEnum,
      description: 'Custom metadata `data level`, else inferred from the kind.',
      resolve: dataLevelOf,
    }),
    description: t.exposeString('description', { description: 'Free-text description.' }),
    tags: t.exposeStringList('tags', { description: 'Tags.' }),
    customMetadata: t.field({
      type: 'JSON',
      description: 'CodeOcean custom metadata (`subject id`, `data level`, …).',
      resolve: (a) => a.customMetadata,
    }),
    sourceBucket: t.field({
      type: SourceBucket,
      nullable: true,
      description: 'Storage location.',
      resolve: (a) => a.sourceBucket,
    }),
    s3Uri: t.string({
      nullable: true,
      description: 'The asset’s folder as a URI (`s3://bucket/prefix`).',
      resolve: (a) => sourceDirUri(a),
    }),
    size: t.float({ nullable: true, description: 'Size in bytes.', resolve: (a) => a.size }),
    files: t.int({ nullable: true, description: 'Number of files.', resolve: (a) => a.files }),
    provenance: t.field({
      type: Provenance,
      nullable: true,
      description: 'How a result was made.',
      resolve: (a) => a.provenance,
    }),
    sorterName: t.string({
      nullable: true,
      description:
        'For sorted assets: the spike sorter (kilosort2_5, kilosort4, spykingcircus2), from the asset’s DocDB processing record.',
      resolve: (a, _args, ctx) => sorterNameIfSorted(a, ctx.loaders),
    }),
    isError: t.boolean({
      nullable: true,
      description:
        'For results: the run failed — its `output` file is missing or reports an error, or a sorting run has no NWB. Null for raw data.',
      resolve: (a, _args, ctx) => resultErrorStatus(a, ctx.loaders),
    }),
    session: t.field({
      type: SessionObject,
      nullable: true,
      description: 'The session the asset is named after.',
      resolve: async (a, _args, ctx) => sessionOfAsset(a, await ctx.catalog.snapshot()),
    }),
  }),
});

export const DataAssetFilter = builder.inputType('DataAssetFilter', {
  description:
    'Narrows an asset list; all given conditions must hold (AND). A subject goes to CodeOcean as one search; kind, data level, tag, name prefix, free text and the created range are applied by labgraph over the assets of the lab’s subjects (CodeOcean search has no date range or prefix match); a sorter reads the DocDB processing records of the sorted assets left (one find).',
  fields: (t) => ({
    subject: t.string({
      description:
        'Assets of this subject MID (by the session name in the asset name, or `subject id` metadata).',
    }),
    kind: t.field({ type: [DataAssetKind], description: 'Any of these kinds.' }),
    sorter: t.string({
      description:
        'Sorted assets made by this sorter, e.g. kilosort4 (case-insensitive; implies kind SORTED).',
    }),
    dataLevel: t.field({ type: DataLevelEnum, description: 'Data level.' }),
    tag: t.string({ description: 'Assets carrying this tag (exact, case-insensitive).' }),
    namePrefix: t.string({
      description:
        'Assets whose name starts with this (case-sensitive, as aind-session’s `get_data_assets(name_startswith)`), e.g. `ecephys_676909_2023-12-13`.',
    }),
    text: t.string({
      description:
        'Free text, case-insensitive: every word must appear in the name, a tag, the description or a custom-metadata value (the fields CodeOcean’s free-text search weighs).',
    }),
    createdFrom: t.string({
      description: 'Created at or after this date(time), inclusive, in UTC as DataAsset.created shows it.',
    }),
    createdTo: t.string({
      description:
        'Created at or before this date(time), inclusive (a date alone means the whole day), in UTC.',
    }),
  }),
});

export const DataAssetOrder = builder.enumType('DataAssetOrder', {
  description: 'Order of an asset list.',
  values: {
    CREATED_DESC: { description: 'Newest first (ties by id).' },
    CREATED_ASC: { description: 'Oldest first (ties by id).' },
  } as const,
});

builder.queryFields((t) => ({
  dataAsset: t.field({
    type: DataAssetObject,
    nullable: true,
    description: 'A data asset by CodeOcean UUID (dashed or bare hex); null when it does not exist.',
    args: { id: t.arg.string({ required: true, description: 'CodeOcean data-asset UUID.' }) },
    resolve: (_root, { id }, ctx) => dataAssetById(id, ctx.loaders),
  }),
  dataAssets: t.connection({
    type: DataAssetObject,
    description:
      'Data assets of the lab’s subjects, filtered and ordered (newest first by default). Cursors are asset ids.',
    args: {
      filter: t.arg({ type: DataAssetFilter, description: 'Conditions every returned asset meets.' }),
      orderBy: t.arg({
        type: DataAssetOrder,
        defaultValue: 'CREATED_DESC',
        description: 'Order of the list.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const snapshot = await ctx.catalog.snapshot();
      const assets = await selectDataAssets(args.filter, args.orderBy, { reads: ctx.loaders, snapshot });
      return pageOf(assets, args, (a) => a.id, ctx.config.maxPageSize);
    },
  }),
}));
