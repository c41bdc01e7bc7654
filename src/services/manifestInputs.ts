/**
 * One manifest entry per selected session: its input file — the session's task file, or the
 * registered dataset exportManifest names (src/domain/manifestDataset.ts: ONE's last-before rule) —
 * and that file's frame count, read with the task-file reader (`frameIntervals` holds F − 1
 * intervals for F frames). A file whose frames disagree with a recorded count is
 * FRAME_COUNT_MISMATCH (src/domain/manifest.ts). Reads go through the request's loaders: a
 * selection's datasets are one registry query, each file one HEAD and one download per ETag.
 */
import {
  binCount,
  type FramedFile,
  frameCountMismatch,
  frameCountOfIntervals,
  type ManifestEntry,
  type ManifestProblem,
  sessionProblem,
} from '../domain/manifest.ts';
import { type ManifestDatasetRequest, resolveManifestDataset } from '../domain/manifestDataset.ts';
import { alfSessionPath } from '../domain/registryRules.ts';
import type { TaskFileData } from '../domain/taskFile.ts';
import { InvalidDataError } from '../errors.ts';
import type { CatalogSession } from './catalog.ts';
import type { RequestReads } from './reads.ts';

export type EntryOutcome = ManifestEntry | ManifestProblem;

type EntryReads = Pick<
  RequestReads,
  'stimFilesBySession' | 'taskBySession' | 'taskTablesByUri' | 'datasetsOfSession' | 'registrySubject'
>;

const framed = (uri: string, data: TaskFileData): FramedFile => ({
  uri,
  frameCount: frameCountOfIntervals(data.frameIntervals.length),
  // Tables cached before lastFrame was read have none.
  lastFrame: data.lastFrame ?? null,
});

/** Reads a file, or says why it cannot be (INPUT_FILE_UNREADABLE for anything not a task file). */
async function readFramed(
  session: CatalogSession,
  uri: string,
  read: () => Promise<{ data: TaskFileData } | null>,
  missing: string,
): Promise<FramedFile | ManifestProblem> {
  try {
    const file = await read();
    if (file === null) return sessionProblem('INPUT_FILE_NOT_FOUND', session.id, missing);
    return framed(uri, file.data);
  } catch (error) {
    if (!(error instanceof InvalidDataError)) throw error;
    return sessionProblem('INPUT_FILE_UNREADABLE', session.id, error.message);
  }
}

/** The session's one task file, or why there is not exactly one. */
async function sessionTaskFile(
  session: CatalogSession,
  reads: EntryReads,
): Promise<FramedFile | ManifestProblem> {
  const files = await reads.stimFilesBySession.load(session);
  if (!files.taskFile) {
    return sessionProblem(
      'INPUT_FILE_NOT_FOUND',
      session.id,
      'no non-empty DynamicRouting task file for this session',
    );
  }
  if (files.tiedTaskFiles.length > 0) {
    const uris = [files.taskFile, ...files.tiedTaskFiles].map((file) => file.info.uri);
    return sessionProblem(
      'AMBIGUOUS_INPUT_FILE',
      session.id,
      `${uris.length} task files of the same size: ${uris.join(', ')}`,
    );
  }
  return readFramed(
    session,
    files.taskFile.info.uri,
    () => reads.taskBySession.load(session),
    'no task file for this session',
  );
}

async function entryOf(
  session: CatalogSession,
  reads: EntryReads,
  binSize: number,
  input: FramedFile,
  record: FramedFile | null,
  dataset: { datasetId: string; resolvedRevision: string } | null,
): Promise<EntryOutcome> {
  const mismatch = frameCountMismatch(session.id, input, record);
  if (mismatch) return mismatch;
  const subject = await reads.registrySubject.load(session.subject);
  return {
    sessionId: session.id,
    alfPath: subject ? alfSessionPath(subject.lab, session.subject, session.date, session.idx + 1) : null,
    datasetId: dataset?.datasetId ?? null,
    resolvedRevision: dataset?.resolvedRevision ?? null,
    inputUri: input.uri,
    frameCount: input.frameCount,
    nbinned: binCount(input.frameCount, binSize),
  };
}

const isProblem = (value: object): value is ManifestProblem => 'code' in value;

/** The session's task file as the manifest's input. */
export async function taskFileEntry(
  session: CatalogSession,
  reads: EntryReads,
  binSize: number,
): Promise<EntryOutcome> {
  const taskFile = await sessionTaskFile(session, reads);
  if (isProblem(taskFile)) return taskFile;
  return entryOf(session, reads, binSize, taskFile, null, null);
}

/**
 * The session's registered dataset named by `request` as the manifest's input. Its frames are
 * checked against the session's task file when the session has exactly one readable task file.
 */
export async function datasetEntry(
  session: CatalogSession,
  reads: EntryReads,
  binSize: number,
  request: ManifestDatasetRequest,
): Promise<EntryOutcome> {
  const resolved = resolveManifestDataset(await reads.datasetsOfSession.load(session), request);
  if ('code' in resolved) return sessionProblem(resolved.code, session.id, resolved.message);
  const input = await readFramed(
    session,
    resolved.uri,
    () => reads.taskTablesByUri.load(resolved.uri),
    `${resolved.datasetId}: its file record says it exists, but ${resolved.uri} does not`,
  );
  if (isProblem(input)) return input;
  const taskFile = await sessionTaskFile(session, reads);
  return entryOf(session, reads, binSize, input, isProblem(taskFile) ? null : taskFile, {
    datasetId: resolved.datasetId,
    resolvedRevision: resolved.dataset.revision,
  });
}
