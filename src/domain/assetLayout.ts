/**
 * Folder-layout rules of AIND assets (reference aind-session's ecephys extension): where a raw
 * session keeps its clipped and compressed ecephys data, and which probes a sorting result holds.
 * Pure: callers list the folders (one level at a time) and pass the names in.
 */

/** The two ecephys data folders of a raw session. */
export type EcephysDataKind = 'clipped' | 'compressed';

/**
 * The path (relative to the raw root) of the clipped or compressed ecephys folder: the newer layout
 * `ecephys/ecephys_<kind>` wins over the older `ecephys_<kind>` at the root (aind-session's
 * `clipped_dir`/`compressed_dir`); null when neither exists.
 */
export function ecephysDataPath(
  kind: EcephysDataKind,
  rootFolders: readonly string[],
  ecephysFolders: readonly string[],
): string | null {
  const name = `ecephys_${kind}`;
  if (ecephysFolders.includes(name)) return `ecephys/${name}`;
  return rootFolders.includes(name) ? name : null;
}

/**
 * The probe a sorting result's folder is for: the part after the first `.`, cut at `_recording`,
 * without `-AP`/`-LFP` (aind-session's `sorted_probes`), e.g.
 * `experiment1_Record Node 104#Neuropix-PXI-100.ProbeF-AP_recording1` → `ProbeF`. null when the name
 * has no `.`.
 */
export function probeOfSortingFolder(folder: string): string | null {
  const dot = folder.indexOf('.');
  if (dot < 0) return null;
  const afterDot = folder.slice(dot + 1);
  const recording = afterDot.indexOf('_recording');
  const probe = (recording < 0 ? afterDot : afterDot.slice(0, recording)).replace(/-(AP|LFP)$/, '');
  return probe === '' ? null : probe;
}

/** Folders a sorting result keeps its per-probe results in, newest layout first. */
export const SORTED_PROBE_FOLDERS = ['curated', 'sorting_precurated'] as const;

/** The distinct probes of a sorting result's per-probe folders, sorted. */
export function sortedProbes(folders: readonly string[]): string[] {
  const probes = folders.map(probeOfSortingFolder).filter((p) => p !== null);
  return [...new Set(probes)].sort();
}

/** A SortingAnalyzer is saved as a `.zarr` folder one level down (aind-session: `*\/*.zarr` exists). */
export const isZarrName = (name: string): boolean => name.endsWith('.zarr');
