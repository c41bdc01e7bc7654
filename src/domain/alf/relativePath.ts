/**
 * Dataset paths relative to the session folder: `(<collection>/)?(#<revision>#/)?<file>`.
 * A collection is one or more `[\w.-]+` folders (`alf/probe01`); a revision `[\w.-]+` is written
 * `#rev#`, there is at most one, and it must be the last folder (Alyx answers 400 otherwise).
 * `''` means "no collection" and "no revision" everywhere, as in ONE's list_collections/list_revisions.
 * `.` and `..` are never folders or files: a relative path cannot leave its session.
 */
import { AlfNameError, type AlfOutcome, alfProblem, quoted } from './problems.ts';
import { type AlfSessionPath, isIsoDate, parseSessionPath } from './sessionPath.ts';

export interface AlfRelativePath {
  /** `alf/probe01`; '' when the file sits in the session folder (or directly in its revision). */
  collection: string;
  /** '' when there is no `#rev#` folder. */
  revision: string;
  fileName: string;
}

const PART_RE = /^[\w.-]+$/;
const REVISION_FOLDER_RE = /^#([\w.-]+)#$/;
const MAX_PATH_LENGTH = 1024;

export const ACCEPTED_RELATIVE_PATH =
  '[<collection>/][#<revision>#/]<file>, folders and file [\\w.-]+ (not . or ..), one revision as the last folder';

const isPart = (text: string) => PART_RE.test(text) && text !== '.' && text !== '..';

/** Collection and revision from the folders below the session folder. */
function parseFolders(
  folders: readonly string[],
  whole: string,
): AlfOutcome<{ collection: string; revision: string }> {
  const invalid = (why: string) =>
    alfProblem('INVALID_ALF_PATH', `${quoted(whole)}: ${why}; accepted: ${ACCEPTED_RELATIVE_PATH}`);
  let revision = '';
  const collection: string[] = [];
  folders.forEach((folder, i) => {
    const rev = REVISION_FOLDER_RE.exec(folder);
    if (rev && i === folders.length - 1) revision = rev[1]!;
    else collection.push(folder);
  });
  for (const folder of collection) {
    if (folder.includes('#')) {
      return invalid(
        REVISION_FOLDER_RE.test(folder)
          ? `the revision folder ${quoted(folder)} must be the last folder`
          : `${quoted(folder)} is not a revision folder #<revision># with [\\w.-]+ inside`,
      );
    }
    if (!isPart(folder)) return invalid(`the folder ${quoted(folder)} is not [\\w.-]+`);
  }
  if (revision === '.' || revision === '..') return invalid(`${quoted(revision)} is not a revision`);
  return { value: { collection: collection.join('/'), revision } };
}

/** Reads a path relative to the session folder (forward slashes only). */
export function parseRelativePath(path: string): AlfOutcome<AlfRelativePath> {
  const invalid = (why: string) =>
    alfProblem('INVALID_ALF_PATH', `${quoted(path)}: ${why}; accepted: ${ACCEPTED_RELATIVE_PATH}`);
  if (path.length === 0) return invalid('it is empty');
  if (path.length > MAX_PATH_LENGTH) return invalid(`it is longer than ${MAX_PATH_LENGTH} characters`);
  if (path.startsWith('/')) return invalid('it must be relative to the session folder');
  if (path.includes('\\')) return invalid('use / between folders');
  const parts = path.split('/');
  const fileName = parts.pop()!;
  if (fileName === '') return invalid('it names a folder, not a file');
  if (!isPart(fileName)) return invalid(`the file name ${quoted(fileName)} is not [\\w.-]+`);
  if (parts.some((folder) => folder === '')) return invalid('it has an empty folder (//)');
  const folders = parseFolders(parts, path);
  if ('problem' in folders) return folders;
  return { value: { ...folders.value, fileName } };
}

/** `<collection>/#<revision>#/<file>` without the parts that are ''. */
export function buildRelativePath({ collection, revision, fileName }: AlfRelativePath): string {
  const path = [collection, revision === '' ? '' : `#${revision}#`, fileName]
    .filter((p) => p !== '')
    .join('/');
  const parsed = parseRelativePath(path);
  if ('problem' in parsed || parsed.value.collection !== collection || parsed.value.revision !== revision)
    throw new AlfNameError(
      `cannot build a relative path from ${JSON.stringify({ collection, revision, fileName })}`,
    );
  return path;
}

export interface AlfDatasetPath extends AlfSessionPath {
  root: string;
  collection: string;
  revision: string;
}

/**
 * Session, collection and revision of a folder below a session (ONE's folder_parts):
 * `lab/Subjects/subject/2020-01-01/001/collection/#revision#` → lab, subject, date, 001, collection, revision.
 */
export function parseFolderParts(folderPath: string): AlfOutcome<AlfDatasetPath> {
  const parts = folderPath.replace(/\/+$/, '').split('/');
  // The session ends at the first `<date>/<NNN>` pair that has a subject folder before it.
  const end = parts.findIndex((part, i) => i >= 1 && isIsoDate(part) && /^\d{1,3}$/.test(parts[i + 1] ?? ''));
  const session = parseSessionPath(end < 0 ? folderPath : parts.slice(0, end + 2).join('/'));
  if ('problem' in session) return session;
  const folders = parseFolders(parts.slice(end + 2), folderPath);
  if ('problem' in folders) return folders;
  return { value: { ...session.value, ...folders.value } };
}
