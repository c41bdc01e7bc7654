/**
 * Which registered dataset a manifest entry reads when exportManifest names one (ONE's load_dataset
 * over one session's datasets): the file name is a glob as in ONE's wildcards, the collection exact
 * (omitted: any), and for each matching file (collection, name) the revision is ONE's: the last
 * revision ≤ R when a revision R is asked for, else the file's default revision. Exactly one dataset
 * must remain, and it must have a file record that exists in a repository with an `s3://` URL.
 * Pure: the service loads the session's datasets and reads the file.
 */
import { lastRevisionAtOrBefore, parseRelativePath } from './alf/index.ts';
import { canonicalJson } from './canonicalJson.ts';
import { fileNameGlob } from './datasetFilter.ts';
import { datasetNodeId, fileRecordUri } from './datasetRules.ts';
import { type UserError, userError } from './registryRules.ts';

/** exportManifest's `dataset` input; null collection: any; null revision: the default revision. */
export interface ManifestDatasetRequest {
  name: string;
  collection: string | null;
  revision: string | null;
}

/** The part of a registered dataset the rule reads (the registry's DatasetRecord has it). */
export interface ResolvableDataset {
  session: { subjectMid: string; date: string; number: number };
  collection: string;
  revision: string;
  name: string;
  isDefault: boolean;
  fileRecords: readonly {
    repository: string;
    relativePath: string;
    exists: boolean;
    dataUrl: string | null;
  }[];
}

type ResolutionCode = 'INPUT_FILE_NOT_FOUND' | 'AMBIGUOUS_INPUT_FILE';

export type DatasetResolution<T> =
  | { dataset: T; datasetId: string; uri: string }
  | { code: ResolutionCode; message: string };

const MAX_NAME_LENGTH = 256;
const REVISION_RE = /^[\w.-]+$/;

const idOf = (d: ResolvableDataset) =>
  datasetNodeId({ ...d.session, collection: d.collection, revision: d.revision, name: d.name });

/** INVALID_VALUE for a name, collection or revision that no registered dataset could have. */
export function checkDatasetRequest(request: ManifestDatasetRequest): UserError | null {
  const { name, collection, revision } = request;
  if (name.trim() === '' || name.length > MAX_NAME_LENGTH || name.includes('/')) {
    return userError(
      'INVALID_VALUE',
      'dataset.name',
      `dataset.name must be a file name or glob of 1–${MAX_NAME_LENGTH} characters without /, e.g. DynamicRouting1_*.hdf5`,
    );
  }
  if (collection !== null && collection !== '') {
    const parsed = parseRelativePath(`${collection}/f`);
    if ('problem' in parsed || parsed.value.collection !== collection) {
      return userError(
        'INVALID_VALUE',
        'dataset.collection',
        `dataset.collection ${JSON.stringify(collection.slice(0, 80))} is not a collection: folders [\\w.-]+ joined by /, e.g. behavior or alf/probe00 ("" = the session folder)`,
      );
    }
  }
  if (revision !== null && revision !== '' && !(REVISION_RE.test(revision) && !/^\.\.?$/.test(revision))) {
    return userError(
      'INVALID_VALUE',
      'dataset.revision',
      `dataset.revision ${JSON.stringify(revision.slice(0, 80))} is not a revision: [\\w.-]+, e.g. 2024-03-06 ("" = the original)`,
    );
  }
  return null;
}

/** What the manifest stores of the request: its canonical JSON (part of the manifest's content). */
export const canonicalDatasetRequest = (request: ManifestDatasetRequest): string =>
  canonicalJson({ name: request.name, collection: request.collection, revision: request.revision });

const describeRequest = ({ name, collection }: ManifestDatasetRequest) =>
  `${JSON.stringify(name)}${collection === null ? '' : ` in collection ${JSON.stringify(collection)}`}`;

/** The one dataset of the session the request names, and the URI of its existing file. */
export function resolveManifestDataset<T extends ResolvableDataset>(
  datasets: readonly T[],
  request: ManifestDatasetRequest,
): DatasetResolution<T> {
  const matchesName = fileNameGlob(request.name);
  const matching = datasets.filter(
    (d) => matchesName(d.name) && (request.collection === null || d.collection === request.collection),
  );
  if (matching.length === 0) {
    return notFound(`no registered dataset matches ${describeRequest(request)}`);
  }
  const files = new Map<string, T[]>();
  for (const d of matching) {
    const file = `${d.collection}/${d.name}`;
    files.set(file, [...(files.get(file) ?? []), d]);
  }
  const picked = [...files.values()].flatMap((revisions) => pickRevision(revisions, request.revision));
  if (picked.length === 0) {
    const revisions = [...new Set(matching.map((d) => JSON.stringify(d.revision)))].join(', ');
    return notFound(
      request.revision === null
        ? `no default revision of ${describeRequest(request)} (revisions: ${revisions}); ask for a revision`
        : `no revision ≤ ${JSON.stringify(request.revision)} of ${describeRequest(request)} (revisions: ${revisions})`,
    );
  }
  if (picked.length > 1) {
    return failed(
      'AMBIGUOUS_INPUT_FILE',
      `${picked.length} registered datasets match ${describeRequest(request)}: ${picked.map(idOf).join(', ')}; name the collection or the file`,
    );
  }
  const dataset = picked[0]!;
  const uri = inputUriOf(dataset);
  if (uri === null) {
    const records = dataset.fileRecords
      .map((r) => `${r.repository} (${r.exists ? 'no s3:// URL' : 'not there yet'})`)
      .join(', ');
    return notFound(
      `${idOf(dataset)} has no file record that exists in a repository with an s3:// URL (${records || 'no file records'})`,
    );
  }
  return { dataset, datasetId: idOf(dataset), uri };
}

const failed = (code: ResolutionCode, message: string) => ({ code, message });
const notFound = (message: string) => failed('INPUT_FILE_NOT_FOUND', message);

/** ONE's rule for one file: the last revision ≤ R, or (no R) the default revision. */
function pickRevision<T extends ResolvableDataset>(revisions: readonly T[], wanted: string | null): T[] {
  if (wanted === null) return revisions.filter((d) => d.isDefault);
  const revision = lastRevisionAtOrBefore(
    revisions.map((d) => d.revision),
    wanted,
  );
  return revisions.filter((d) => d.revision === revision);
}

/**
 * The dataset's bytes: its first existing file record (by repository name) whose repository has an
 * `s3://` URL. Records of one dataset hold the same bytes, so any would do; the first keeps the
 * manifest a function of the registry's content.
 */
function inputUriOf(dataset: ResolvableDataset): string | null {
  const uris = [...dataset.fileRecords]
    .filter((r) => r.exists)
    .sort((a, b) => (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : 0))
    .map((r) => fileRecordUri(r.dataUrl, r.relativePath))
    .filter((uri) => uri?.startsWith('s3://'));
  return uris[0] ?? null;
}
