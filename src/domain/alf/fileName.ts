/**
 * ALF file names `_<namespace>_<object>.<attribute>_<timescale>.<extra>….<ext>` (ONE's alf spec):
 * namespace, timescale and extras are optional. Names are camelCase; an attribute keeps the
 * underscore of `_times`, `_intervals` and `_timestamps` (`stimOn_times`), so `spikes.times_ephysClock`
 * is attribute `times` on timescale `ephysClock`.
 */
import { AlfNameError, quoted } from './problems.ts';

export interface AlfFileName {
  /** '' when the name has no `_<namespace>_` prefix. */
  namespace: string;
  object: string;
  attribute: string;
  /** '' when there is none. */
  timescale: string;
  extras: readonly string[];
  /** Without the dot: `npy`. */
  extension: string;
}

const FILE_NAME_RE =
  /^(?:_(?<namespace>[a-zA-Z0-9]+)_)?(?<object>[a-zA-Z0-9]\w*)\.(?<attribute>[a-zA-Z0-9]+(?:_(?:times|intervals|timestamps)(?=[_.]))?)(?:_(?<timescale>[a-zA-Z0-9]+))?(?<extras>(?:\.[\w-]+)*)\.(?<extension>[a-zA-Z0-9]+)$/;

/** The ALF parts of a file name, or null when it is not an ALF name (e.g. `DynamicRouting1_….hdf5`). */
export function parseFileName(fileName: string): AlfFileName | null {
  const groups = FILE_NAME_RE.exec(fileName)?.groups;
  if (!groups) return null;
  return {
    namespace: groups.namespace ?? '',
    object: groups.object!,
    attribute: groups.attribute!,
    timescale: groups.timescale ?? '',
    extras: groups.extras ? groups.extras.slice(1).split('.') : [],
    extension: groups.extension!,
  };
}

/** The `<object>.<attribute>` a blank dataset-type pattern is compared with; the stem for other names. */
export function objectAttributeOf(fileName: string): string {
  const alf = parseFileName(fileName);
  if (alf) return `${alf.object}.${alf.attribute}`;
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** The extension without its dot (`npy`), '' when there is none (`no_match`, `.hidden`). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1) : '';
}

export interface ToAlfOptions {
  namespace?: string;
  timescale?: string;
  extras?: readonly string[];
}

/**
 * Builds an ALF file name (ONE's to_alf): `toAlf('spikes', 'times', 'ssv', { namespace: 'ibl',
 * timescale: 'ephysClock' })` → `_ibl_spikes.times_ephysClock.ssv`. Throws AlfNameError for a missing
 * extension, a `.` inside a part, an object starting with `_`, or any part the grammar cannot read back.
 */
export function toAlf(
  object: string,
  attribute: string,
  extension: string,
  options: ToAlfOptions = {},
): string {
  const { namespace = '', timescale = '', extras = [] } = options;
  const ext = extension.startsWith('.') ? extension.slice(1) : extension;
  if (ext === '') throw new AlfNameError('an ALF file name needs an extension');
  const parts = {
    object,
    attribute,
    extension: ext,
    namespace,
    timescale,
    ...Object.fromEntries(extras.map((x, i) => [`extra ${i + 1}`, x])),
  };
  for (const [part, value] of Object.entries(parts)) {
    if (value.includes('.')) throw new AlfNameError(`the ${part} ${quoted(value)} contains a '.'`);
  }
  if (object.startsWith('_')) throw new AlfNameError(`the object ${quoted(object)} starts with '_'`);
  const name = [
    `${namespace ? `_${namespace}_` : ''}${object}.${attribute}${timescale ? `_${timescale}` : ''}`,
    ...extras,
    ext,
  ].join('.');
  const back = parseFileName(name);
  if (
    !back ||
    back.namespace !== namespace ||
    back.object !== object ||
    back.attribute !== attribute ||
    back.timescale !== timescale ||
    back.extras.join('.') !== extras.join('.')
  ) {
    throw new AlfNameError(`${quoted(name)} would not read back as the ALF parts it was built from`);
  }
  return name;
}
