/**
 * What a session's derived assets and neighbours say about it (npc_lims' `is_dlc_*`, `is_facemap`,
 * `is_annotated`, `is_surface_channels`): video processing from the derived assets' names, IBL/CCF
 * annotation from the DocDB QC of the session's derived ecephys assets (aind-session's
 * `get_latest_ibl_annotations` query), and the surface-channel recording — the second ecephys
 * recording of the subject that day (aind-session's rule). A tracked `session_kwargs` value
 * (`is_annotated`, `is_surface_channels`, `is_dlc_side`…) overrides the detection, as npc_sessions does.
 */
import { derivedProcessOf } from '../domain/aindSessionName.ts';
import { isProbeAlignmentOf, type VideoProcessing, videoProcessingOf } from '../domain/derivedAssets.ts';
import type { DataAsset } from '../sources/codeocean/index.ts';
import { sectionValue } from '../sources/docdb/index.ts';
import type { CatalogSession, CatalogSnapshot } from './catalog.ts';
import { allOrFirstError } from './partial.ts';
import type { RequestReads } from './reads.ts';
import { sessionDataAssets } from './session.ts';

/** The tracked `session_kwargs` flag of that name, when it is a boolean. */
function kwargFlag(session: CatalogSession, name: string): boolean | null {
  const value = session.tracked?.sessionKwargs[name];
  return typeof value === 'boolean' ? value : null;
}

/** The session's derived assets with the process their names carry. */
async function derivedWithProcess(
  session: CatalogSession,
  reads: RequestReads,
): Promise<{ asset: DataAsset; process: string }[]> {
  const assets = await sessionDataAssets(session, reads, { kind: ['derived'] });
  return assets.flatMap((asset) => {
    const name = session.aindNames.find((n) => asset.name.startsWith(n));
    const process = name ? derivedProcessOf(asset.name, name) : null;
    return process ? [{ asset, process }] : [];
  });
}

/** The names of the session's derived assets (what isAnnotated reads from DocDB), for batching. */
export async function derivedAssetNames(session: CatalogSession, reads: RequestReads): Promise<string[]> {
  return (await derivedWithProcess(session, reads)).map(({ asset }) => asset.name);
}

const VIDEO_PROCESSING_KINDS = ['dlcSide', 'dlcEye', 'dlcFace', 'facemap'] as const;
const DLC_KINDS = ['dlcSide', 'dlcEye', 'dlcFace'] as const;

const VIDEO_KWARGS: Record<VideoProcessing, string> = {
  dlcSide: 'is_dlc_side',
  dlcEye: 'is_dlc_eye',
  dlcFace: 'is_dlc_face',
  facemap: 'is_facemap',
};

/**
 * Whether each of `kinds` ran: its tracked kwarg, else a derived asset of that processing exists.
 * The derived assets are read once, and only when some kind has no kwarg.
 */
async function videoProcessingRan(
  session: CatalogSession,
  kinds: readonly VideoProcessing[],
  reads: RequestReads,
): Promise<boolean[]> {
  const overrides = kinds.map((kind) => kwargFlag(session, VIDEO_KWARGS[kind]));
  if (!overrides.includes(null)) return overrides as boolean[];
  const derived = await derivedWithProcess(session, reads);
  const ran = new Set(derived.map(({ process }) => videoProcessingOf(process)));
  return kinds.map((kind, i) => overrides[i] ?? ran.has(kind));
}

/** Session.isDlcSide / isDlcEye / isDlcFace / isFacemap: a derived asset of that processing exists. */
export async function hasVideoProcessing(
  session: CatalogSession,
  kind: VideoProcessing,
  reads: RequestReads,
): Promise<boolean> {
  return (await videoProcessingRan(session, [kind], reads)).includes(true);
}

/** Every video processing kind and whether it ran, for the session filters (isDlcSide…isDlc). */
export async function videoProcessingOfSession(
  session: CatalogSession,
  reads: RequestReads,
): Promise<Record<VideoProcessing, boolean>> {
  const ran = await videoProcessingRan(session, VIDEO_PROCESSING_KINDS, reads);
  return Object.fromEntries(VIDEO_PROCESSING_KINDS.map((kind, i) => [kind, ran[i]])) as Record<
    VideoProcessing,
    boolean
  >;
}

/** Session.isDlc: any DeepLabCut result (side, eye or face camera). */
export async function hasAnyDlc(session: CatalogSession, reads: RequestReads): Promise<boolean> {
  return (await videoProcessingRan(session, DLC_KINDS, reads)).includes(true);
}

/**
 * Session.isAnnotated: a derived asset of the session carries an IBL probe alignment in its DocDB
 * QC (`Probe Alignment for …<session>…`). One DocDB find for the derived assets of a request.
 */
export async function isAnnotated(session: CatalogSession, reads: RequestReads): Promise<boolean> {
  const override = kwargFlag(session, 'is_annotated');
  if (override !== null) return override;
  const derived = await derivedWithProcess(session, reads);
  const records = allOrFirstError(await reads.recordByName.loadMany(derived.map((d) => d.asset.name)));
  return records.some((record) => {
    const evaluations = (record && sectionValue(record, 'quality_control')?.evaluations) || [];
    return evaluations.some((e) => session.aindNames.some((name) => isProbeAlignmentOf(e.name ?? '', name)));
  });
}

/**
 * Session.surfaceChannelRecording: the subject's next ecephys recording the same day (aind-session:
 * the surface-channel recording is the second raw ecephys recording of that day); null when there
 * is none. No upstream call: the catalog knows every session.
 */
export function surfaceChannelRecording(
  session: CatalogSession,
  snapshot: CatalogSnapshot,
): CatalogSession | null {
  if (session.aindPlatform !== 'ecephys') return null;
  const sameDay = (snapshot.subjectById.get(session.subject)?.sessionIds ?? [])
    .map((id) => snapshot.sessionById.get(id))
    .filter(
      (s): s is CatalogSession => s !== undefined && s.date === session.date && s.aindPlatform === 'ecephys',
    )
    .sort((a, b) => a.idx - b.idx);
  return sameDay.find((s) => s.idx === session.idx + 1) ?? null;
}

/** Session.isSurfaceChannels: the session has a surface-channel recording. */
export function isSurfaceChannels(session: CatalogSession, snapshot: CatalogSnapshot): boolean {
  return kwargFlag(session, 'is_surface_channels') ?? surfaceChannelRecording(session, snapshot) !== null;
}
