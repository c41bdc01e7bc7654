/**
 * registerDatasets, as ONE's RegistrationClient.register_files and Alyx's register-file do it, with
 * §6's stricter rules: one result per file in input order (nothing dropped silently), a protected
 * dataset moved to the next revision by ONE's automatic-revision table (AUTO) or refused
 * (FAIL_IF_PROTECTED), and the bytes' new place returned instead of moved.
 *
 * Every file runs the same code in a dry run: the transaction is rolled back at the end, so
 * protection, constraints and statuses are checked exactly as for real, and nothing (not even the
 * idempotency record) is kept. Writers of one file (session, collection, name) are serialised by an
 * advisory lock, and the dataset row is inserted ON CONFLICT DO NOTHING under its unique key: two
 * clients registering the same file at once get one dataset, one CREATED and one UNCHANGED.
 */
import { type AlfOutcome, autoRevision, parseRelativePath } from '../domain/alf/index.ts';
import {
  fileRecordPath,
  fileSizeProblem,
  hashProblem,
  pathInSession,
  type Qc,
  readQc,
} from '../domain/datasetRules.ts';
import { labDateOf } from '../domain/labTime.ts';
import { type UserError, userError } from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { RegistryWriter, SessionRecord } from '../sources/registry/index.ts';
import { datasetFileClassifier } from './datasetTypes.ts';
import { registrySessionOf } from './registrySessionRef.ts';
import { type MutationOutcome, type RegistryServiceDeps, runMutation } from './registryWrites.ts';

/** At most this many files per call (a session rarely has more; send several calls otherwise). */
export const MAX_FILES_PER_CALL = 1000;

export interface DatasetFileInput {
  relativePath: string;
  fileSize: number;
  hash?: string | null;
  version?: string | null;
  /** A QC name (PASS…) or Alyx's number; omitted: NOT_SET for a new dataset, kept for an existing one. */
  qc?: string | null;
}

export type RevisionPolicy = 'AUTO' | 'FAIL_IF_PROTECTED';

export interface RegisterDatasetsInput {
  session: string;
  files: DatasetFileInput[];
  repository?: string | null;
  exists?: boolean | null;
  default?: boolean | null;
  revisionPolicy?: RevisionPolicy | null;
  dryRun?: boolean | null;
  atomic?: boolean | null;
  idempotencyKey?: string | null;
}

export type DatasetStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REVISED' | 'REJECTED';

/** One file's outcome (a type alias, so it is JSON for the idempotency record). */
export type DatasetFileResult = {
  requestedPath: string;
  /** Where the bytes belong, relative to the session folder; null when rejected. */
  registeredPath: string | null;
  status: DatasetStatus;
  revision: string | null;
  default: boolean | null;
  datasetType: string | null;
  datasetId: number | null;
  error: { code: UserError['code']; field: string[] | null; message: string } | null;
};

export type RegisteredDatasets = { sessionId: number; dryRun: boolean; results: DatasetFileResult[] };

/** The dataset type and data format of a file name, or the ALF problem (NO_DATASET_TYPE…). */
type FileClassifier = (fileName: string) => AlfOutcome<{ datasetType: string; dataFormat: string }>;

interface CheckedFile {
  index: number;
  requestedPath: string;
  collection: string;
  revision: string;
  name: string;
  fileSize: number;
  hash: string | null;
  version: string | null;
  qc: Qc | null;
}

const fieldOf = (index: number, name: string) => `files.${index}.${name}`;

const rejected = (requestedPath: string, error: UserError): DatasetFileResult => ({
  requestedPath,
  registeredPath: null,
  status: 'REJECTED',
  revision: null,
  default: null,
  datasetType: null,
  datasetId: null,
  error: { code: error.code, field: error.field, message: error.message },
});

/** The checks that need no I/O: ALF path, size, hash, QC, and no path listed twice. */
function checkFile(
  file: DatasetFileInput,
  index: number,
  seen: Map<string, number>,
): CheckedFile | UserError {
  const path = parseRelativePath(file.relativePath);
  if ('problem' in path) {
    return userError(path.problem.code, fieldOf(index, 'relativePath'), path.problem.message);
  }
  const earlier = seen.get(file.relativePath);
  if (earlier !== undefined) {
    return userError(
      'INVALID_VALUE',
      fieldOf(index, 'relativePath'),
      `'${file.relativePath}' is already listed at files.${earlier}; list each file once`,
    );
  }
  seen.set(file.relativePath, index);
  const hash = file.hash ?? null;
  const qc = file.qc === null || file.qc === undefined ? null : readQc(file.qc, fieldOf(index, 'qc'));
  const problem =
    fileSizeProblem(file.fileSize, fieldOf(index, 'fileSize')) ??
    hashProblem(hash, fieldOf(index, 'hash')) ??
    (qc !== null && typeof qc === 'object' ? qc : null);
  if (problem) return problem;
  return {
    index,
    requestedPath: file.relativePath,
    collection: path.value.collection,
    revision: path.value.revision,
    name: path.value.fileName,
    fileSize: file.fileSize,
    hash,
    version: file.version ?? null,
    qc: qc as Qc | null,
  };
}

interface CallContext {
  tx: RegistryWriter;
  session: SessionRecord;
  classify: FileClassifier;
  input: RegisterDatasetsInput;
  today: string;
  user: string;
}

/** Registers one checked file; any expected failure becomes its REJECTED result. */
async function registerFile(call: CallContext, file: CheckedFile): Promise<DatasetFileResult> {
  const { tx, session, input } = call;
  const reject = (error: UserError) => rejected(file.requestedPath, error);
  const kind = call.classify(file.name);
  if ('problem' in kind) {
    return reject(userError(kind.problem.code, fieldOf(file.index, 'relativePath'), kind.problem.message));
  }
  const file3 = { sessionId: session.id, collection: file.collection, name: file.name };
  await tx.lock(`dataset/${session.id}/${file.collection}/${file.name}`);
  const auto = autoRevision({
    requested: file.revision,
    history: await tx.revisionsOf(file3),
    today: call.today,
  });
  if ('problem' in auto) {
    return reject(userError(auto.problem.code, fieldOf(file.index, 'relativePath'), auto.problem.message));
  }
  const place = { subjectMid: session.subjectMid, date: session.date, number: session.number, ...file3 };
  const target = { ...place, revision: auto.value.revision };
  if (auto.value.moved && (input.revisionPolicy ?? 'AUTO') === 'FAIL_IF_PROTECTED') {
    return reject(
      userError(
        'PROTECTED',
        fieldOf(file.index, 'relativePath'),
        `'${file.requestedPath}' is protected (a protected tag on this file's revisions); revisionPolicy AUTO would register it as '${pathInSession(target)}'`,
      ),
    );
  }
  const key = { ...file3, revision: target.revision };
  const recordPath = fileRecordPath(target);
  const repository = input.repository ?? null;
  const existing = await tx.datasetByKey(key);
  if (repository !== null) {
    const holder = await tx.fileRecordHolder(repository, recordPath);
    if (holder !== null && holder !== existing?.id) {
      return reject(
        userError(
          'FILE_RECORD_CONFLICT',
          fieldOf(file.index, 'relativePath'),
          `another dataset already has a file record at '${recordPath}' in repository '${repository}'`,
        ),
      );
    }
  }
  const makeDefault = input.default ?? true;
  const exists = input.exists ?? true;
  const wanted = {
    fileSize: file.fileSize,
    hash: file.hash,
    version: file.version,
    qc: file.qc ?? existing?.qc ?? 0,
    isDefault: makeDefault,
  };
  let datasetId: number;
  let status: DatasetStatus;
  if (existing === null) {
    const inserted = await tx.insertDataset(
      { ...key, ...kind.value, ...wanted, isDefault: false },
      call.user,
    );
    // The lock keeps other writers of this file out, so the key cannot have been taken meanwhile.
    if (inserted === null) throw new Error(`dataset ${recordPath} appeared under its own lock`);
    datasetId = inserted;
    status = auto.value.moved ? 'REVISED' : 'CREATED';
  } else {
    datasetId = existing.id;
    // As Alyx: a missing or different hash means new bytes, whose file records no longer hold them.
    const newBytes =
      existing.hash === null ||
      wanted.hash === null ||
      existing.hash !== wanted.hash ||
      existing.fileSize !== wanted.fileSize;
    const record = existing.fileRecords.find((r) => r.repository === repository);
    const changed =
      newBytes ||
      existing.version !== wanted.version ||
      existing.qc !== wanted.qc ||
      existing.isDefault !== wanted.isDefault ||
      (repository !== null && (record?.exists !== exists || record.relativePath !== recordPath));
    if (!changed) {
      return {
        ...written(file, target, existing.isDefault, kind.value.datasetType, datasetId),
        status: 'UNCHANGED',
      };
    }
    await tx.patchDataset(datasetId, { ...wanted, isDefault: false });
    if (newBytes) await tx.resetFileRecords(datasetId);
    status = auto.value.moved ? 'REVISED' : 'UPDATED';
  }
  if (makeDefault) {
    await tx.clearDefaultExcept(datasetId);
    await tx.patchDataset(datasetId, { isDefault: true });
  }
  if (repository !== null) {
    await tx.putFileRecord({ datasetId, repository, relativePath: recordPath, exists }, call.user);
  }
  return { ...written(file, target, makeDefault, kind.value.datasetType, datasetId), status };
}

function written(
  file: CheckedFile,
  target: { collection: string; revision: string; name: string },
  isDefault: boolean,
  datasetType: string,
  datasetId: number,
): Omit<DatasetFileResult, 'status'> {
  return {
    requestedPath: file.requestedPath,
    registeredPath: pathInSession(target),
    revision: target.revision,
    default: isDefault,
    datasetType,
    datasetId,
    error: null,
  };
}

type Decision = { commit: RegisteredDatasets } | { rollback: UserError[] };

/** The registry's dataset types and formats, read once per call in the write's transaction. */
async function classifierOf(tx: RegistryWriter): Promise<FileClassifier> {
  const classify = await datasetFileClassifier(tx);
  return (relativePath) => {
    const outcome = classify(relativePath);
    if ('problem' in outcome) return outcome;
    return {
      value: { datasetType: outcome.value.datasetType.name, dataFormat: outcome.value.dataFormat.name },
    };
  };
}

/**
 * The whole call inside a transaction the caller owns (the mutation's, or the seed's): commit with
 * one result per file, or roll back with the errors that refuse the call.
 */
export async function registerFilesIn(
  tx: RegistryWriter,
  input: RegisterDatasetsInput,
  by: { user: string; today: string },
): Promise<Decision> {
  const early = filesProblem(input.files);
  if (early) return { rollback: [early] };
  const seen = new Map<string, number>();
  const checked = input.files.map((file, index) => checkFile(file, index, seen));
  const session = await registrySessionOf(tx, input.session, 'session');
  if (!('id' in session)) return { rollback: [session] };
  const repository = input.repository ?? null;
  if (repository !== null && (await tx.missing('data_repositories', [repository])).length > 0) {
    const known = (await tx.dataRepositories()).map((r) => r.name).join(', ') || 'none';
    return {
      rollback: [
        userError(
          'REPOSITORY_NOT_FOUND',
          'repository',
          `the registry holds no data repository '${repository.slice(0, 100)}'; known: ${known}`,
        ),
      ],
    };
  }
  const call: CallContext = { tx, session, classify: await classifierOf(tx), input, ...by };
  const results: DatasetFileResult[] = [];
  for (const [index, file] of checked.entries()) {
    results.push(
      'code' in file ? rejected(input.files[index]!.relativePath, file) : await registerFile(call, file),
    );
  }
  const errors = results.flatMap((result) => (result.error ? [result.error] : []));
  if (input.atomic && errors.length > 0) return { rollback: errors };
  return { commit: { sessionId: session.id, dryRun: input.dryRun ?? false, results } };
}

function filesProblem(files: readonly DatasetFileInput[]): UserError | null {
  return files.length === 0 || files.length > MAX_FILES_PER_CALL
    ? userError('INVALID_VALUE', 'files', `give 1–${MAX_FILES_PER_CALL} files (got ${files.length})`)
    : null;
}

export async function registerDatasets(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: RegisterDatasetsInput,
): Promise<MutationOutcome<RegisteredDatasets>> {
  const early = filesProblem(input.files);
  if (early) return { userErrors: [early] };
  const by = { user: caller.user, today: labDateOf((deps.now ?? (() => new Date()))(), deps.zone) };
  const work = (tx: RegistryWriter) => registerFilesIn(tx, input, by);
  if (!input.dryRun) return runMutation(deps, { operation: 'registerDatasets', caller, input }, work);
  // A dry run does everything, then rolls it all back: the answer is exactly what a real run would give.
  const outcome = await deps.registry.write<null, Decision>(caller.user, null, async (tx) => ({
    rollback: await work(tx),
  }));
  if (outcome.status !== 'rolledBack') throw new Error(`a dry run ended ${outcome.status}`);
  return 'commit' in outcome.reason
    ? { value: outcome.reason.commit, replayed: false }
    : { userErrors: outcome.reason.rollback };
}
