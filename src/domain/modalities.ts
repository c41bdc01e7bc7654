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

/** The first path segment of each key below `prefix` that is a folder (keys directly in it are files). */
export function childFolders(prefix: string, keys: readonly string[]): string[] {
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const folders = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(base)) continue;
    const rest = key.slice(base.length);
    const slash = rest.indexOf('/');
    if (slash > 0) folders.add(rest.slice(0, slash));
  }
  return [...folders].sort();
}
