/**
 * Registered datasets in the graph (ONE's list_datasets, list_collections, list_revisions): the
 * Dataset node, its file records and tags, Session.datasets with ONE's filters and last-before
 * revision rule, Session.collections / Session.revisions, and Query.dataset(id:). Every read goes
 * through the request's loaders: a page of N sessions costs one registry query.
 */
import { distinctSorted, filterDatasets } from '../domain/datasetFilter.ts';
import {
  DATASET_ID_FORM,
  datasetNodeId,
  fileRecordUri,
  QC_NAMES,
  QC_VALUES,
  sessionIdOfNumber,
} from '../domain/datasetRules.ts';
import { formatLabDateTime } from '../domain/labTime.ts';
import { BadUserInputError } from '../errors.ts';
import type { DatasetRecord, FileRecordRecord } from '../sources/registry/index.ts';
import { builder } from './builder.ts';
import { perIdOutcomes } from './nodeResults.ts';
import { checkPageArgs, pageOf } from './pagination.ts';
import { SessionObject } from './refs.ts';

export const DatasetQcEnum = builder.enumType('DatasetQc', {
  description:
    "A dataset's quality control, as Alyx and ONE order it: NOT_SET (0) < PASS (10) < WARNING (30) < FAIL (40) < CRITICAL (50).",
  values: Object.fromEntries(
    QC_NAMES.map((name) => [
      name,
      { value: QC_VALUES[name], description: `Alyx QC value ${QC_VALUES[name]}.` },
    ]),
  ) as Record<
    (typeof QC_NAMES)[number],
    { value: (typeof QC_VALUES)[(typeof QC_NAMES)[number]]; description: string }
  >,
});

const FileRecordRef = builder.objectRef<FileRecordRecord>('FileRecord').implement({
  description: "Where a dataset's file lives in one data repository (Alyx FileRecord).",
  fields: (t) => ({
    repository: t.exposeString('repository', { description: 'The data repository (upsertDataRepository).' }),
    relativePath: t.exposeString('relativePath', {
      description:
        'Path in the repository, as Alyx: `<MID>/<YYYY-MM-DD>/<NNN>/[<collection>/][#<revision>#/]<file>`.',
    }),
    exists: t.exposeBoolean('exists', {
      description:
        'Whether the bytes are there: set at registration (exists), by markDatasetsExist, and reset when the dataset gets new bytes.',
    }),
    uri: t.string({
      nullable: true,
      description: "The repository's dataUrl joined with relativePath; null when the repository has no URL.",
      resolve: (r) => fileRecordUri(r.dataUrl, r.relativePath),
    }),
  }),
});

const DatasetTagRef = builder.objectRef<DatasetRecord['tags'][number]>('DatasetTag').implement({
  description: 'A tag on a dataset (Alyx Tag); a protected tag protects the dataset.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Tag name (unique).' }),
    protected: t.exposeBoolean('protected', {
      description: 'A protected tag makes its datasets protected: never overwritten, patched or deleted.',
    }),
  }),
});

export const DatasetObject = builder.objectRef<DatasetRecord>('Dataset');

const placeOf = (d: DatasetRecord) => ({
  ...d.session,
  collection: d.collection,
  revision: d.revision,
  name: d.name,
});

builder.node(DatasetObject, {
  description:
    "One registered file of a session (Alyx Dataset, ONE's dataset): unique on (session, collection, revision, name). Its id is `<session id>/<path in the session>`.",
  id: { resolve: (d) => datasetNodeId(placeOf(d)) },
  loadMany: async (ids, ctx) => perIdOutcomes(await ctx.loaders.datasetByNodeId.loadMany(ids)),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The ALF file name, e.g. `_ibl_trials.table.pqt`.' }),
    collection: t.exposeString('collection', {
      description: 'The collection folder(s), e.g. `alf/probe00`; "" when the file is in the session folder.',
    }),
    revision: t.exposeString('revision', {
      description: 'The revision (`#revision#` folder); "" for the original.',
    }),
    relativePath: t.string({
      description: 'Path in the session folder: `[<collection>/][#<revision>#/]<name>`.',
      resolve: (d) => datasetNodeId(placeOf(d)).split('/').slice(1).join('/'),
    }),
    datasetType: t.exposeString('datasetType', { description: 'The dataset type the file name matched.' }),
    dataFormat: t.exposeString('dataFormat', { description: "The data format of the file's extension." }),
    fileSize: t.float({
      description: 'Size in bytes (a Float so that files over 2 GiB fit; always a whole number).',
      resolve: (d) => d.fileSize,
    }),
    hash: t.exposeString('hash', {
      nullable: true,
      description: 'Hash of the bytes as registered (md5 hex in ONE).',
    }),
    version: t.exposeString('version', {
      nullable: true,
      description: 'Version of the software that wrote it.',
    }),
    default: t.exposeBoolean('isDefault', {
      description: "The file's default revision (what ONE loads when no revision is asked for).",
    }),
    qc: t.field({ type: DatasetQcEnum, description: 'Quality control.', resolve: (d) => d.qc }),
    tags: t.field({ type: [DatasetTagRef], description: 'Tags, by name.', resolve: (d) => d.tags }),
    protected: t.exposeBoolean('protected', {
      description:
        'True when a tag is protected: the dataset is never overwritten (AUTO registers a new revision).',
    }),
    fileRecords: t.field({
      type: [FileRecordRef],
      description: 'Where the file lives, one record per repository.',
      resolve: (d) => d.fileRecords,
    }),
    session: t.field({
      type: SessionObject,
      nullable: true,
      description: 'The session the dataset belongs to.',
      resolve: async (d, _args, ctx) =>
        (await ctx.catalog.snapshot()).sessionById.get(
          sessionIdOfNumber(d.session.subjectMid, d.session.date, d.session.number),
        ) ?? null,
    }),
    createdBy: t.exposeString('createdBy', { description: 'The authenticated caller that registered it.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was first registered (lab time zone offset).',
      resolve: (d, _args, ctx) => formatLabDateTime(d.createdAt, ctx.config.labTimeZone),
    }),
  }),
});

const DatasetFilter = builder.inputType('DatasetFilter', {
  description:
    "Narrows a session's datasets (ONE's list_datasets); all given conditions must hold. With `revision`, each file keeps only its last revision ≤ that one, among the datasets the other conditions keep.",
  fields: (t) => ({
    collection: t.string({ description: 'Exactly this collection ("" = the session folder itself).' }),
    revision: t.string({
      description:
        'ONE\'s last-before rule: for each file, the last revision ≤ this one (revisions sort lexicographically; "" = the original, first).',
    }),
    name: t.string({
      description:
        'A glob on the file name, case-insensitive: `*` any text, `?` one character, `[abc]` a class.',
    }),
    datasetType: t.string({ description: 'Exactly this dataset type.' }),
    qcAtMost: t.field({
      type: DatasetQcEnum,
      description: 'QC at most this level (NOT_SET < PASS < WARNING < FAIL < CRITICAL).',
    }),
    defaultOnly: t.boolean({ description: 'Only default revisions.' }),
    existsIn: t.string({ description: 'Only datasets whose file exists in this repository.' }),
  }),
});

builder.objectFields(SessionObject, (t) => ({
  datasets: t.connection({
    type: DatasetObject,
    description:
      "The session's registered datasets, by collection, name and revision. Cursors are dataset ids; batched: one registry query for all sessions of a page.",
    args: { filter: t.arg({ type: DatasetFilter, description: 'Conditions every returned dataset meets.' }) },
    resolve: async (s, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const rows = filterDatasets(await ctx.loaders.datasetsOfSession.load(s), args.filter);
      return pageOf(rows, args, (d) => datasetNodeId(placeOf(d)), ctx.config.maxPageSize);
    },
  }),
  collections: t.stringList({
    description: 'Distinct collections of the registered datasets, sorted ("" = the session folder itself).',
    resolve: async (s, _args, ctx) =>
      distinctSorted((await ctx.loaders.datasetsOfSession.load(s)).map((d) => d.collection)),
  }),
  revisions: t.stringList({
    description: 'Distinct revisions of the registered datasets, sorted ("" = the original).',
    resolve: async (s, _args, ctx) =>
      distinctSorted((await ctx.loaders.datasetsOfSession.load(s)).map((d) => d.revision)),
  }),
}));

builder.queryField('dataset', (t) =>
  t.field({
    type: DatasetObject,
    nullable: true,
    description:
      'A registered dataset by its id `<session id>/<path in the session>`; null when there is none.',
    args: { id: t.arg.string({ required: true, description: DATASET_ID_FORM }) },
    resolve: async (_root, { id }, ctx) => {
      if (!/\//.test(id))
        throw new BadUserInputError(`${JSON.stringify(id.slice(0, 80))} is not a dataset id`, [
          DATASET_ID_FORM,
        ]);
      return ctx.loaders.datasetByNodeId.load(id);
    },
  }),
);
