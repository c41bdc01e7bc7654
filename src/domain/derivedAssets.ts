/**
 * What a session's derived assets say about it (npc_lims' `is_dlc_*`, `is_facemap`, `is_annotated`,
 * `is_surface_channels`; aind-session's derived names `{session}_{process}_{datetime}` and its IBL
 * probe-alignment query). Pure: callers pass each derived asset's process (the part of its name
 * after the session, see aindSessionName's `derivedProcessOf`) and QC evaluation names.
 */

/** Video processing results, by the process in a derived asset's name. */
export type VideoProcessing = 'dlcSide' | 'dlcEye' | 'dlcFace' | 'facemap';

/**
 * The video processing a derived asset holds: `dlc_side`/`dlc_eye`/`dlc_face` (DeepLabCut on that
 * camera; `to_dlc_side` is the older spelling, already stripped of `to_`) and `facemap`; null for
 * any other process. Case-insensitive; a trailing qualifier (`dlc_side_v2`) still counts.
 */
export function videoProcessingOf(process: string): VideoProcessing | null {
  const p = process.toLowerCase();
  if (p.startsWith('facemap')) return 'facemap';
  const camera = /^dlc_(side|eye|face)(?![a-z])/.exec(p)?.[1];
  if (camera === 'side') return 'dlcSide';
  if (camera === 'eye') return 'dlcEye';
  if (camera === 'face') return 'dlcFace';
  return null;
}

/** The QC evaluation name prefix of IBL probe alignments (aind-session `IBL_ALIGNMENT_EVALUATION_PREFIX`). */
export const PROBE_ALIGNMENT_PREFIX = 'Probe Alignment for';

/**
 * A QC evaluation is an IBL probe alignment of this session: named `Probe Alignment for …<session>…`
 * (the regex of aind-session's `get_latest_ibl_annotations`, literal here).
 */
export function isProbeAlignmentOf(evaluationName: string, aindSessionName: string): boolean {
  return (
    evaluationName.startsWith(PROBE_ALIGNMENT_PREFIX) &&
    evaluationName.slice(PROBE_ALIGNMENT_PREFIX.length).includes(aindSessionName)
  );
}
