/**
 * A session's modalities from the sub-directories of its raw data dir (reference aind-session
 * `modalities`): `ecephys_compressed`/`ecephys_clipped` are one `ecephys`, anything with `metadata`
 * is not a modality, sorted and unique.
 */
export function modalitiesFromDirs(dirNames: readonly string[]): string[] {
  const names = dirNames
    .filter((name) => !name.includes('metadata'))
    .map((name) => (name === 'ecephys_compressed' || name === 'ecephys_clipped' ? 'ecephys' : name));
  return [...new Set(names)].sort();
}
