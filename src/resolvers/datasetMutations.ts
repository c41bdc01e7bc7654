/**
 * Dataset mutations: registerDatasets (src/services/registerDatasets.ts) and what follows it —
 * markDatasetsExist, tagDatasets / untagDatasets, updateDatasets, deleteDatasets
 * (src/services/datasetMaintenance.ts) — plus the admin upsertTag. `force` needs scope `admin`.
 */
import type { RequestContext } from '../context.ts';
import {
  type DatasetIds,
  deleteDatasets,
  markDatasetsExist,
  tagDatasets,
  untagDatasets,
  updateDatasets,
  upsertTag,
} from '../services/datasetMaintenance.ts';
import {
  type DatasetFileResult,
  type RegisteredDatasets,
  registerDatasets,
} from '../services/registerDatasets.ts';
import { builder } from './builder.ts';
import { DatasetObject } from './datasets.ts';
import {
  IDEMPOTENCY_KEY_DESCRIPTION,
  MutationPayloadRef,
  type PayloadShape,
  runAs,
} from './mutationSupport.ts';
import { UserErrorRef } from './registry.ts';

const RevisionPolicyEnum = builder.enumType('RevisionPolicy', {
  description: 'What registerDatasets does with a file whose dataset is protected.',
  values: {
    AUTO: {
      description:
        "Register it under a new revision by ONE's automatic-revision table (today's date in the lab time zone, then a, b… suffixes); the result's registeredPath says where the bytes go.",
    },
    FAIL_IF_PROTECTED: { description: 'Refuse the file with PROTECTED.' },
  } as const,
});

const DatasetStatusEnum = builder.enumType('DatasetRegistrationStatus', {
  description: 'What registerDatasets did with one file.',
  values: {
    CREATED: { description: 'A new dataset at the requested path.' },
    UPDATED: {
      description:
        'The dataset existed and something changed (new bytes reset its file records’ exists; or size, version, QC, default, file record).',
    },
    UNCHANGED: {
      description: 'The dataset existed with the same hash and everything else equal: nothing written.',
    },
    REVISED: {
      description: 'The requested dataset is protected: registered under another revision (registeredPath).',
    },
    REJECTED: { description: 'Refused: see error. Nothing was written for this file.' },
  } as const,
});

const DatasetFileInput = builder.inputType('DatasetFileInput', {
  description: 'One file of a session to register.',
  fields: (t) => ({
    relativePath: t.string({
      required: true,
      description: 'Path below the session folder: `[<collection>/][#<revision>#/]<ALF file name>`.',
    }),
    fileSize: t.float({ required: true, description: 'Size in bytes (a whole number ≥ 0).' }),
    hash: t.string({ description: 'Hash of the bytes (md5 hex as ONE, or SHA-256), ≤ 64 characters.' }),
    version: t.string({ description: 'Version of the software that wrote the file.' }),
    qc: t.string({
      description:
        'QC: NOT_SET, PASS, WARNING, FAIL, CRITICAL (or 0, 10, 30, 40, 50). Omitted: NOT_SET, or kept on an existing dataset.',
    }),
  }),
});

const RegisterDatasetsInput = builder.inputType('RegisterDatasetsInput', {
  description: "Files of one session to register (ONE's register_files; Alyx's register-file).",
  fields: (t) => ({
    session: t.string({
      required: true,
      description: 'The session: any reference Query.session accepts (it must be registered).',
    }),
    files: t.field({ type: [DatasetFileInput], required: true, description: 'The files, 1–1000.' }),
    repository: t.string({
      description: 'Data repository holding the bytes: each dataset gets a file record there.',
    }),
    exists: t.boolean({
      defaultValue: true,
      description: 'Whether the bytes are already in the repository (false: upload, then markDatasetsExist).',
    }),
    default: t.boolean({
      defaultValue: true,
      description: "Make each dataset its file's default revision (clears the flag on the other revisions).",
    }),
    revisionPolicy: t.field({
      type: RevisionPolicyEnum,
      defaultValue: 'AUTO',
      description: 'What to do with protected datasets.',
    }),
    dryRun: t.boolean({
      defaultValue: false,
      description:
        'Check everything (protection included) and answer as a real run would, writing nothing (not even the idempotency record).',
    }),
    atomic: t.boolean({
      defaultValue: false,
      description: 'Any refused file refuses the whole call (userErrors), nothing written.',
    }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const DatasetResultRef = builder.objectRef<DatasetFileResult>('DatasetRegistration').implement({
  description: 'What registerDatasets did with one file (results are in input order).',
  fields: (t) => ({
    requestedPath: t.exposeString('requestedPath', { description: 'The relativePath as given.' }),
    registeredPath: t.exposeString('registeredPath', {
      nullable: true,
      description:
        'Where the bytes belong below the session folder (differs from requestedPath when REVISED); null when rejected.',
    }),
    status: t.field({ type: DatasetStatusEnum, description: 'What happened.', resolve: (r) => r.status }),
    revision: t.exposeString('revision', {
      nullable: true,
      description: 'The revision registered ("" for the original).',
    }),
    default: t.boolean({
      nullable: true,
      description: "Whether it is now the file's default revision.",
      resolve: (r) => r.default,
    }),
    datasetType: t.exposeString('datasetType', {
      nullable: true,
      description: 'The dataset type the file name matched.',
    }),
    dataset: t.field({
      type: DatasetObject,
      nullable: true,
      description: 'The dataset as it is now (null when rejected, or after a dry run of a new file).',
      resolve: (r, _args, ctx) => (r.datasetId === null ? null : ctx.loaders.datasetById.load(r.datasetId)),
    }),
    error: t.field({
      type: UserErrorRef,
      nullable: true,
      description: 'Why this file was refused (its own error; the others are unaffected unless atomic).',
      resolve: (r) => r.error,
    }),
  }),
});

const RegisterDatasetsPayload = builder
  .objectRef<PayloadShape<RegisteredDatasets>>('RegisterDatasetsPayload')
  .implement({
    description: 'One result per file, in input order, or why the whole call was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      results: t.field({
        type: [DatasetResultRef],
        nullable: true,
        description:
          'One entry per input file, in input order; nothing is dropped. Null when the call was refused as a whole.',
        resolve: (p) => p.value?.results ?? null,
      }),
      dryRun: t.boolean({
        nullable: true,
        description: 'True when nothing was written (dryRun).',
        resolve: (p) => p.value?.dryRun ?? null,
      }),
    }),
  });

builder.mutationField('registerDatasets', (t) =>
  t.field({
    type: RegisterDatasetsPayload,
    description:
      "Registers a session's files as datasets (scope `write`), one result per file in input order. Protected datasets get a new revision (AUTO) or PROTECTED.",
    args: { input: t.arg({ type: RegisterDatasetsInput, required: true, description: 'The files.' }) },
    resolve: (_root, { input }, ctx) =>
      runAs(ctx, 'write', (deps, caller) => registerDatasets(deps, caller, input)),
  }),
);

const DatasetsPayload = builder.objectRef<PayloadShape<DatasetIds>>('DatasetsPayload').implement({
  description: 'The datasets a mutation acted on, in input order, or why it was refused.',
  interfaces: [MutationPayloadRef],
  fields: (t) => ({
    datasets: t.field({
      type: [DatasetObject],
      nullable: true,
      description: 'The datasets as they are now (none after deleteDatasets); null when refused.',
      resolve: async (p, _args, ctx) => {
        if (!p.value) return null;
        const rows = await Promise.all(p.value.datasetIds.map((id) => ctx.loaders.datasetById.load(id)));
        return rows.filter((row) => row !== null);
      },
    }),
  }),
});

const DATASET_IDS = 'Dataset ids `<session id>/<path in the session>` (1–1000).';
const FORCE = 'Act on protected datasets too (needs scope `admin`).';

/** A mutation over a list of datasets, with its extra input fields and the scope it needs. */
function datasetsMutation<I extends { datasets: string[]; force?: boolean | null }>(
  name: string,
  description: string,
  fields: (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => Record<string, unknown>,
  call: (ctx: RequestContext, input: I) => Promise<PayloadShape<DatasetIds>>,
) {
  const Input = builder.inputType(`${name[0]!.toUpperCase()}${name.slice(1)}Input`, {
    description,
    fields: (t) => ({
      datasets: t.stringList({ required: true, description: DATASET_IDS }),
      ...(fields(t) as Record<string, never>),
      idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: DatasetsPayload,
      description,
      args: { input: t.arg({ type: Input, required: true, description: 'What to do.' }) },
      resolve: async (_root, { input }, ctx) => call(ctx, input as unknown as I),
    }),
  );
}

const scopeFor = (input: { force?: boolean | null }) => (input.force ? 'admin' : 'write');

datasetsMutation(
  'markDatasetsExist',
  'Sets whether the datasets’ bytes are in a repository (scope `write`), creating the file record where there is none.',
  (t) => ({
    repository: t.string({ required: true, description: 'The data repository.' }),
    exists: t.boolean({ defaultValue: true, description: 'Whether the bytes are there.' }),
  }),
  (ctx, input: Parameters<typeof markDatasetsExist>[2]) =>
    runAs(ctx, 'write', (deps, caller) => markDatasetsExist(deps, caller, input)),
);
datasetsMutation(
  'tagDatasets',
  'Adds existing tags to datasets (scope `write`); a protected tag protects them.',
  (t) => ({ tags: t.stringList({ required: true, description: 'Tag names (upsertTag creates tags).' }) }),
  (ctx, input: Parameters<typeof tagDatasets>[2]) =>
    runAs(ctx, 'write', (deps, caller) => tagDatasets(deps, caller, input)),
);
datasetsMutation(
  'untagDatasets',
  'Removes tags from datasets (scope `write`); removing a protected tag from a protected dataset needs `force`.',
  (t) => ({
    tags: t.stringList({ required: true, description: 'Tag names.' }),
    force: t.boolean({ defaultValue: false, description: FORCE }),
  }),
  (ctx, input: Parameters<typeof untagDatasets>[2]) =>
    runAs(ctx, scopeFor(input), (deps, caller) => untagDatasets(deps, caller, input)),
);
datasetsMutation(
  'updateDatasets',
  "Patches datasets' QC, version or default flag (scope `write`); protected datasets need `force`.",
  (t) => ({
    qc: t.string({ description: 'New QC: NOT_SET, PASS, WARNING, FAIL, CRITICAL (or 0, 10, 30, 40, 50).' }),
    version: t.string({ description: 'New version.' }),
    default: t.boolean({ description: "Make them their file's default revision (true) or not (false)." }),
    force: t.boolean({ defaultValue: false, description: FORCE }),
  }),
  (ctx, input: Parameters<typeof updateDatasets>[2]) =>
    runAs(ctx, scopeFor(input), (deps, caller) => updateDatasets(deps, caller, input)),
);
datasetsMutation(
  'deleteDatasets',
  'Deletes datasets with their file records and tags (scope `write`); protected datasets need `force`.',
  (t) => ({ force: t.boolean({ defaultValue: false, description: FORCE }) }),
  (ctx, input: Parameters<typeof deleteDatasets>[2]) =>
    runAs(ctx, scopeFor(input), (deps, caller) => deleteDatasets(deps, caller, input)),
);

const UpsertTagInput = builder.inputType('UpsertTagInput', {
  description: 'A tag to create or update, by its unique name (Alyx Tag).',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique name.' }),
    protected: t.boolean({
      defaultValue: false,
      description: 'A protected tag protects every dataset it is on.',
    }),
    description: t.string({ description: 'What the tag means.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const TagPayload = builder.objectRef<PayloadShape<{ name: string }>>('UpsertTagPayload').implement({
  description: 'The tag now in the registry, or why it was refused.',
  interfaces: [MutationPayloadRef],
  fields: (t) => ({
    name: t.string({ nullable: true, description: 'The tag name.', resolve: (p) => p.value?.name ?? null }),
  }),
});

builder.mutationField('upsertTag', (t) =>
  t.field({
    type: TagPayload,
    description: 'Creates or updates a tag (scope `admin`).',
    args: { input: t.arg({ type: UpsertTagInput, required: true, description: 'The tag.' }) },
    resolve: (_root, { input }, ctx) => runAs(ctx, 'admin', (deps, caller) => upsertTag(deps, caller, input)),
  }),
);
