/**
 * Rig names as the task writes them (`NP3`, `B2`, `BEH.E`, `BEH.D-Box2`…) → the lab's normal form
 * (npc_session RigRecord facts):
 *   Neuropixels rigs   `NP.<0–3>`                        (`NP0`, `NP.0` → `NP.0`)
 *   Sam's dev cluster  `BEHDEV.B-<1–6|UNKNOWN>`          (cluster letter B, whatever the prefix)
 *   NSB clusters       `BEHNSB.<letter>-<1–6|UNKNOWN>`   (`D2`, `BEH.D-Box2` → `BEHNSB.D-2`)
 * An optional room prefix (`342_`) and modification-date suffix (`_240401`), as in AIND rig ids
 * `342_BEHDEV.B-2_240401`, are dropped. A missing computer index becomes `UNKNOWN`.
 */

const RIG_RE =
  /^(?:(?:\d{1,3}|UNKNOWN)_)?(?:(NP|BEHNSB|BEHDEV|BEH|NSB|SAM|DEV)\.?)?([A-Z0-9])(?:-?(?:BOX)?(\d|UNKNOWN))?(?:_\d{6,8})?$/;

/** The cluster letter of Sam's development rigs; every other letter is an NSB cluster. */
const DEV_CLUSTER_LETTER = 'B';

/** Normal-form rig name, or null when `raw` is not a rig name we recognise (or names a rig that cannot exist). */
export function normaliseRigName(raw: string): string | null {
  const match = RIG_RE.exec(raw.trim().toUpperCase());
  if (!match) return null;
  const [, prefix, minor, computer] = match;
  if (prefix === 'NP') return computer === undefined && /^[0-3]$/.test(minor!) ? `NP.${minor}` : null;
  if (!/^[A-Z]$/.test(minor!)) return null;
  if (computer !== undefined && !/^([1-6]|UNKNOWN)$/.test(computer)) return null;
  const cluster = minor === DEV_CLUSTER_LETTER ? 'BEHDEV' : 'BEHNSB';
  return `${cluster}.${minor}-${computer ?? 'UNKNOWN'}`;
}
