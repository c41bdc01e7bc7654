/**
 * `external_links` comes in two formats (reference §4.2): a dict `{"Code Ocean": ["uuid", …]}` (since
 * Sep 2024) and a legacy list `[{"Code Ocean": "uuid"}, …]`. Both are read here, tolerantly: junk
 * (other types, other keys, non-UUID strings) is skipped instead of raising as the reference does.
 */
import { isPlainObject } from './sections/leaves.ts';

const CODE_OCEAN = 'Code Ocean';
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Dashed lowercase UUID, or null when `value` is not a UUID (with or without dashes). */
export function normalizeUuid(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!UUID.test(trimmed)) return null;
  const hex = trimmed.replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The values one entry holds under "Code Ocean": a string or a list of strings. */
function entryValues(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** CodeOcean asset ids in an `external_links` value of either format, de-duplicated, in order. */
export function codeOceanIdsFromLinks(links: unknown): string[] {
  let values: unknown[] = [];
  if (isPlainObject(links)) {
    values = entryValues(links[CODE_OCEAN]);
  } else if (Array.isArray(links)) {
    values = links.flatMap((entry) => (isPlainObject(entry) ? entryValues(entry[CODE_OCEAN]) : []));
  }
  const ids = values.map(normalizeUuid).filter((id): id is string => id !== null);
  return [...new Set(ids)];
}
