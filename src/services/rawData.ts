/**
 * The layout of a session's raw data (reference aind-session `modalities` and the ecephys
 * extension's `clipped_dir`/`compressed_dir`; npc_lims' `raw_data_paths` and `cloud_path`). Real
 * ecephys folders hold thousands of files, so every question here lists one folder level at a time
 * (S3's delimiter listing), never every key below the raw root.
 */
import { type EcephysDataKind, ecephysDataPath } from '../domain/assetLayout.ts';
import { modalitiesFromDirs } from '../domain/modalities.ts';
import { taskFilePrefix } from '../sources/objectstore/index.ts';
import type { CatalogSession } from './catalog.ts';
import { allOrFirstError } from './partial.ts';
import type { RequestReads } from './reads.ts';
import { isUploaded, rawDataLocation } from './session.ts';

/** Modalities: the sub-folders of the raw data dir, by the reference's rules; [] when not uploaded. */
export async function modalities(session: CatalogSession, reads: RequestReads): Promise<string[]> {
  const location = await rawDataLocation(session, reads);
  if (!location) return [];
  return modalitiesFromDirs((await reads.s3Folder.load(location)).folders);
}

/**
 * Session.rawDataPaths: what each folder of the raw root holds, one level down (npc_lims'
 * `raw_data_paths`: the files and folders of each modality folder), as URIs; folders end with `/`.
 * [] when there are no raw data.
 */
export async function rawDataPaths(session: CatalogSession, reads: RequestReads): Promise<string[]> {
  const location = await rawDataLocation(session, reads);
  if (!location) return [];
  const { folders } = await reads.s3Folder.load(location);
  const uris = folders.map((folder) => `${location}/${folder}`);
  const levels = allOrFirstError(await reads.s3Folder.loadMany(uris));
  return levels.flatMap((level, i) => [
    ...level.folders.map((name) => `${uris[i]}/${name}/`),
    ...level.files.map((file) => file.uri),
  ]);
}

/** Session.clippedUri / compressedUri: the ecephys data folder of that kind, newer layout first. */
export async function ecephysDataUri(
  session: CatalogSession,
  reads: RequestReads,
  kind: EcephysDataKind,
): Promise<string | null> {
  const location = await rawDataLocation(session, reads);
  if (!location) return null;
  const root = await reads.s3Folder.load(location);
  const inEcephys = root.folders.includes('ecephys')
    ? (await reads.s3Folder.load(`${location}/ecephys`)).folders
    : [];
  const path = ecephysDataPath(kind, root.folders, inEcephys);
  return path === null ? null : `${location}/${path}`;
}

/**
 * Session.cloudPath (npc_lims' `cloud_path`): the AIND raw root when the session was uploaded, else
 * the subject's folder of task files in the scratch bucket, so that training sessions get one too.
 */
export async function cloudPath(
  session: CatalogSession,
  reads: RequestReads,
  taskFiles: { bucket: string; prefixTemplate: string },
): Promise<string> {
  if (await isUploaded(session, reads)) {
    const location = await rawDataLocation(session, reads);
    if (location) return location;
  }
  const folder = taskFilePrefix(session.subject, taskFiles.prefixTemplate).replace(/\/+$/, '');
  return `s3://${taskFiles.bucket}/${folder}`;
}
