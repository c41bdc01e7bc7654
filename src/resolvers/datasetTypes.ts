/**
 * Dataset types and data formats in the graph: the reference data that decides what a registered
 * file is (README "ALF names, revisions and dataset types"), their lists, and the admin upserts.
 * The rules are src/services/datasetTypes.ts and src/domain/alf/.
 */
import { formatLabDateTime } from '../domain/labTime.ts';
import {
  allDataFormats,
  allDatasetTypes,
  upsertDataFormat,
  upsertDatasetType,
} from '../services/datasetTypes.ts';
import type { DataFormatRecord, DatasetTypeRecord } from '../sources/registry/index.ts';
import { builder } from './builder.ts';
import {
  IDEMPOTENCY_KEY_DESCRIPTION,
  MutationPayloadRef,
  type PayloadShape,
  runAs,
} from './mutationSupport.ts';

export const DatasetTypeRef = builder.objectRef<DatasetTypeRecord>('DatasetType').implement({
  description:
    "What kind of dataset a file is (Alyx's DatasetType), decided by its file name: exactly one type's pattern must match.",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Unique name, e.g. `trials.table` or `behavior`.' }),
    filenamePattern: t.exposeString('filenamePattern', {
      nullable: true,
      description:
        'Glob (`*`, `?`, `[abc]`, `[!abc]`) matched case-insensitively against file names; unique case-insensitively. Null: the type matches files whose ALF `object.attribute` equals its name.',
    }),
    description: t.exposeString('description', { nullable: true, description: 'What the dataset holds.' }),
    createdBy: t.exposeString('createdBy', { description: 'The admin that first created it.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was first created.',
      resolve: (row, _args, ctx) => formatLabDateTime(row.createdAt, ctx.config.labTimeZone),
    }),
  }),
});

export const DataFormatRef = builder.objectRef<DataFormatRecord>('DataFormat').implement({
  description: "A file format (Alyx's DataFormat), decided by the file's extension.",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Unique name, e.g. `npy`.' }),
    fileExtension: t.exposeString('fileExtension', {
      description: 'The extension with its dot, e.g. `.npy`; unique case-insensitively and matched so.',
    }),
    description: t.exposeString('description', { nullable: true, description: 'What the format is.' }),
    createdBy: t.exposeString('createdBy', { description: 'The admin that first created it.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was first created.',
      resolve: (row, _args, ctx) => formatLabDateTime(row.createdAt, ctx.config.labTimeZone),
    }),
  }),
});

builder.queryFields((t) => ({
  datasetTypes: t.field({
    type: [DatasetTypeRef],
    description: "Every dataset type in labgraph's registry, by name.",
    resolve: async (_root, _args, ctx) => allDatasetTypes(async () => (await ctx.registryDeps()).registry),
  }),
  dataFormats: t.field({
    type: [DataFormatRef],
    description: "Every data format in labgraph's registry, by name.",
    resolve: async (_root, _args, ctx) => allDataFormats(async () => (await ctx.registryDeps()).registry),
  }),
}));

const UpsertDatasetTypeInput = builder.inputType('UpsertDatasetTypeInput', {
  description: 'A dataset type to create or update, by its unique name.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique name, 1–128 characters.' }),
    filenamePattern: t.string({
      description:
        'Glob matched case-insensitively against file names (no `/`, no braces), unique case-insensitively. Blank or omitted: match on the ALF `object.attribute`.',
    }),
    description: t.string({ description: 'What the dataset holds.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const UpsertDataFormatInput = builder.inputType('UpsertDataFormatInput', {
  description: 'A data format to create or update, by its unique name.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique name, 1–128 characters.' }),
    fileExtension: t.string({
      required: true,
      description: 'The extension with its dot, e.g. `.npy` (no other dot), unique case-insensitively.',
    }),
    description: t.string({ description: 'What the format is.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const UpsertDatasetTypePayload = builder
  .objectRef<PayloadShape<{ name: string }>>('UpsertDatasetTypePayload')
  .implement({
    description: 'The dataset type as the registry now holds it, or why it was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      datasetType: t.field({
        type: DatasetTypeRef,
        nullable: true,
        description: 'The dataset type (null when refused).',
        resolve: (p, _args, ctx) => (p.value ? ctx.loaders.datasetType.load(p.value.name) : null),
      }),
    }),
  });

const UpsertDataFormatPayload = builder
  .objectRef<PayloadShape<{ name: string }>>('UpsertDataFormatPayload')
  .implement({
    description: 'The data format as the registry now holds it, or why it was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      dataFormat: t.field({
        type: DataFormatRef,
        nullable: true,
        description: 'The data format (null when refused).',
        resolve: (p, _args, ctx) => (p.value ? ctx.loaders.dataFormat.load(p.value.name) : null),
      }),
    }),
  });

builder.mutationField('upsertDatasetType', (t) =>
  t.field({
    type: UpsertDatasetTypePayload,
    description:
      'Creates or updates a dataset type by name (scope `admin`). Refused: a pattern another type has (FILENAME_PATTERN_TAKEN), a pattern that is not a file-name glob (INVALID_VALUE).',
    args: {
      input: t.arg({ type: UpsertDatasetTypeInput, required: true, description: 'The dataset type.' }),
    },
    resolve: (_root, { input }, ctx) =>
      runAs(ctx, 'admin', (deps, caller) => upsertDatasetType(deps, caller, input)),
  }),
);

builder.mutationField('upsertDataFormat', (t) =>
  t.field({
    type: UpsertDataFormatPayload,
    description:
      'Creates or updates a data format by name (scope `admin`). Refused: an extension another format has (FILE_EXTENSION_TAKEN), one that is not `.<no dots>` (INVALID_VALUE).',
    args: { input: t.arg({ type: UpsertDataFormatInput, required: true, description: 'The data format.' }) },
    resolve: (_root, { input }, ctx) =>
      runAs(ctx, 'admin', (deps, caller) => upsertDataFormat(deps, caller, input)),
  }),
);
