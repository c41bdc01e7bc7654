/** Manifest, Query.manifest and exportManifest — see src/services/manifests.ts and src/routes/manifests.ts. */
import { MANIFEST_EXTENSIONS, type ManifestEntry, type ManifestProblem } from '../domain/manifest.ts';
import type { ManifestDatasetRequest } from '../domain/manifestDataset.ts';
import { type ExportManifestInput, exportManifest, manifestContent } from '../services/manifests.ts';
import { selectionGraphId } from '../services/selections.ts';
import type { ManifestRecord } from '../sources/registry/index.ts';
import { builder } from './builder.ts';
import {
  IDEMPOTENCY_KEY_DESCRIPTION,
  MutationPayloadRef,
  type PayloadShape,
  runAs,
} from './mutationSupport.ts';
import { UserErrorCode } from './registry.ts';
import { lookupContext, SelectionRef } from './selection.ts';

const ManifestFormatEnum = builder.enumType('ManifestFormat', {
  description: 'How GET /manifests/<id> serves a manifest.',
  values: {
    JSONL: {
      description:
        '`/manifests/<id>.jsonl`: one JSON object per line and entry (sessionId, alfPath, datasetId, resolvedRevision, inputUri, frameCount, nbinned), keys sorted.',
    },
    SEGMENTATION_V1: {
      description:
        '`/manifests/<id>.json`: slapp’s segmentation manifest, `{"manifest": [{experiment_id, input_video, nbinned}]}` (no per-entry log_level).',
    },
  } as const,
});

const ManifestEntryRef = builder.objectRef<ManifestEntry>('ManifestEntry').implement({
  description: 'One selected session’s input file and its frame bins.',
  fields: (t) => ({
    sessionId: t.exposeString('sessionId', { description: 'The session id, `MID_YYYY-MM-DD`.' }),
    alfPath: t.exposeString('alfPath', {
      nullable: true,
      description:
        'ALF session path `<lab>/Subjects/<MID>/<YYYY-MM-DD>/<NNN>` when the registry holds the subject.',
    }),
    datasetId: t.exposeString('datasetId', {
      nullable: true,
      description: 'The registered dataset used as input; null when the input is the session’s task file.',
    }),
    resolvedRevision: t.exposeString('resolvedRevision', {
      nullable: true,
      description:
        'The dataset’s revision: the last ≤ the one asked for, or the default one when none was ("" = the original); null without a dataset.',
    }),
    inputUri: t.exposeString('inputUri', {
      description: 'The input file, `s3://bucket/key`: the task file, or the dataset’s existing file record.',
    }),
    frameCount: t.exposeInt('frameCount', {
      description: 'Frames in the input file (its `frameIntervals` + 1, read from the HDF5 bytes).',
    }),
    nbinned: t.exposeInt('nbinned', { description: 'floor(frameCount / binSize).' }),
  }),
});

const ManifestProblemRef = builder.objectRef<ManifestProblem>('ManifestProblem').implement({
  description: 'A selected session left out of a manifest exported with allowPartial, and why.',
  fields: (t) => ({
    code: t.field({ type: UserErrorCode, description: 'Why.', resolve: (p) => p.code }),
    sessionIds: t.exposeStringList('sessionIds', { description: 'The sessions concerned.' }),
    message: t.exposeString('message', { description: 'What was wrong.' }),
  }),
});

const ManifestDatasetRef = builder.objectRef<ManifestDatasetRequest>('ManifestDataset').implement({
  description:
    'The registered dataset a manifest was exported from (as asked for; entries say what resolved).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The file name or glob.' }),
    collection: t.exposeString('collection', { nullable: true, description: 'The collection; null: any.' }),
    revision: t.exposeString('revision', {
      nullable: true,
      description: 'The revision asked for (last-before rule); null: the default revision.',
    }),
  }),
});

export const ManifestRef = builder.objectRef<ManifestRecord>('Manifest').implement({
  description:
    'A manifest exported from a stored selection: a pure function of the selection, the format, binSize and the input files it resolved. Same content → same id. Immutable.',
  fields: (t) => ({
    id: t.exposeString('id', {
      description: '`mf-` + 24 hex digits of the SHA-256 of the canonical content.',
    }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 (hex) of the bytes `url` serves.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When this content was first exported (UTC).',
      resolve: (m) => m.createdAt.toISOString(),
    }),
    createdBy: t.exposeString('createdBy', { description: 'Who first exported this content.' }),
    gatewayVersion: t.exposeString('gatewayVersion', { description: 'labgraph’s version that exported it.' }),
    format: t.field({
      type: ManifestFormatEnum,
      description: 'How `url` serves it.',
      resolve: (m) => m.format,
    }),
    binSize: t.exposeInt('binSize', { description: 'Frames per bin.' }),
    dataset: t.field({
      type: ManifestDatasetRef,
      nullable: true,
      description: 'The registered dataset read as input; null when the inputs are the task files.',
      resolve: (m) => (m.dataset === null ? null : (JSON.parse(m.dataset) as ManifestDatasetRequest)),
    }),
    selection: t.field({
      type: SelectionRef,
      nullable: true,
      description: 'The selection it was exported from.',
      resolve: (m, _args, ctx) => ctx.loaders.selectionById.load(m.selectionId),
    }),
    selectionId: t.string({
      description: 'The selection’s id.',
      resolve: (m) => selectionGraphId(m.selectionId),
    }),
    entries: t.field({
      type: [ManifestEntryRef],
      description: 'One entry per selected session, in selection order.',
      resolve: (m) => manifestContent(m).entries,
    }),
    problems: t.field({
      type: [ManifestProblemRef],
      description: 'Sessions left out (only with allowPartial; otherwise the export fails).',
      resolve: (m) => manifestContent(m).problems,
    }),
    url: t.string({
      description:
        'Where to download it: `/manifests/<id>.jsonl` or `.json`, relative to the gateway’s base URL.',
      resolve: (m) => `/manifests/${m.id}.${MANIFEST_EXTENSIONS[m.format]}`,
    }),
  }),
});

const ManifestDatasetInputRef = builder.inputType('ManifestDatasetInput', {
  description:
    "Which registered dataset of each session is its input (ONE's load_dataset): the files matching `name` (and `collection`), each at ONE's revision; exactly one must remain and have an existing file record in a repository with an `s3://` URL.",
  fields: (t) => ({
    name: t.string({
      required: true,
      description:
        'The file name, or a glob on it (case-insensitive; `*` any text, `?` one character), e.g. `DynamicRouting1_*.hdf5`.',
    }),
    collection: t.string({
      description:
        'Exactly this collection, e.g. `behavior` ("" = the session folder); omitted: any collection.',
    }),
    revision: t.string({
      description:
        'ONE\'s last-before rule: the last revision ≤ this one (lexicographic; "" = the original, first); omitted: the default revision.',
    }),
  }),
});

const ExportManifestInputRef = builder.inputType('ExportManifestInput', {
  description: 'A manifest of a stored selection (slapp’s segmentation_manifest).',
  fields: (t) => ({
    selectionId: t.string({ required: true, description: 'The stored selection, `sel-<n>` (unit SESSION).' }),
    format: t.field({ type: ManifestFormatEnum, defaultValue: 'JSONL', description: 'Default JSONL.' }),
    binSize: t.int({ defaultValue: 115, description: 'Frames per bin, > 0 (slapp’s default 115).' }),
    dataset: t.field({
      type: ManifestDatasetInputRef,
      description:
        'Read each session’s registered dataset instead of its task file; entries then carry datasetId and resolvedRevision.',
    }),
    allowPartial: t.boolean({
      defaultValue: false,
      description: 'Export the sessions that resolve and list the others in `problems`, instead of failing.',
    }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const ExportManifestPayload = builder
  .objectRef<PayloadShape<{ manifestId: string }>>('ExportManifestPayload')
  .implement({
    description: 'The exported manifest, or why it could not be made.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      manifest: t.field({
        type: ManifestRef,
        nullable: true,
        description: 'The manifest (the stored one when this content was exported before).',
        resolve: async (p, _args, ctx) =>
          p.value ? (await ctx.registryDeps()).registry.manifest(p.value.manifestId) : null,
      }),
    }),
  });

builder.mutationField('exportManifest', (t) =>
  t.field({
    type: ExportManifestPayload,
    description:
      'Resolves every selected session’s input file and frame count and stores the manifest (scope `write`).',
    args: { input: t.arg({ type: ExportManifestInputRef, required: true, description: 'What to export.' }) },
    resolve: async (_root, { input }, ctx) => {
      const lookup = await lookupContext(ctx);
      return runAs(ctx, 'write', (deps, caller) =>
        exportManifest(deps, caller, input as ExportManifestInput, lookup),
      );
    },
  }),
);

builder.queryField('manifest', (t) =>
  t.field({
    type: ManifestRef,
    nullable: true,
    description: 'A stored manifest by id; null when there is none.',
    args: { id: t.arg.string({ required: true, description: 'The manifest id, `mf-…`.' }) },
    resolve: async (_root, { id }, ctx) => (await ctx.registryDeps()).registry.manifest(id),
  }),
);
