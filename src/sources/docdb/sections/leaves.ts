/**
 * The leaves of DocDB sections, two kinds:
 * - STRICT schemas (`text`, `idText`, `named`, `list`) for the keys a section promises: a wrong type
 *   there makes the whole section invalid, so the gateway fails that one field with INVALID_DATA;
 * - TOLERANT readers (`textOf`, `dayOf`, `timestampOf`, `oneOf`…) for everything else: a missing or
 *   mistyped leaf reads as null (or an empty list) and never fails a section.
 */
import { z } from 'zod';

export const text = z.string().nullish();
/** Subject ids are strings in DocDB, but old records hold numbers. */
export const idText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .nullish();
/** Platform, modality, institution, species: `{name, abbreviation, registry?, …}`. */
export const named = z.looseObject({ name: text, abbreviation: text });
export const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();

/** aind-data-schema's `{name, abbreviation, …}` objects (platform, modality, organisation). */
export interface Named {
  name: string | null;
  abbreviation: string | null;
}

/**
 * A date-time for display: the string as written when it is RFC 3339 (so the lab's Pacific offsets
 * survive), else the instant of a leniently parsed string.
 */
export type Timestamp = string | Date;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const textsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export const objectsOf = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isPlainObject) : [];

/** Stored JSON as is, with a missing key reported as null. */
export const jsonOf = (value: unknown): unknown => value ?? null;

/** ISO string (or Date) → Date; anything else or an unparseable string → null. */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Whether `YYYY-MM-DD` names a real day (no 30 February). */
const isRealDay = (day: string): boolean => {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day);
};

/**
 * `YYYY-MM-DD` of a date or date-time string (surrounding blanks ignored); null when there is none or
 * it is not a real day.
 */
export function dayOf(value: unknown): string | null {
  const day = typeof value === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(value.trim())?.[0] : undefined;
  return day && isRealDay(day) ? day : null;
}

/** RFC 3339 date-time with seconds and an offset (`Z` or `±hh:mm`), case-insensitive like the scalar. */
const RFC_3339 =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

export function isRfc3339DateTime(value: string): boolean {
  const day = RFC_3339.exec(value)?.[1];
  return day !== undefined && isRealDay(day) && !Number.isNaN(Date.parse(value.toUpperCase()));
}

/** A Timestamp: RFC 3339 strings as written, other parseable dates as instants, else null. */
export function timestampOf(value: unknown): Timestamp | null {
  if (typeof value === 'string' && isRfc3339DateTime(value)) return value;
  return toDate(value);
}

/** The allowed value equal to `value` ignoring case and surrounding space; null otherwise. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  if (typeof value !== 'string') return null;
  const wanted = value.trim().toLowerCase();
  return allowed.find((option) => option.toLowerCase() === wanted) ?? null;
}

/** A named object, or a bare string (older records and some fields store just the name). */
export function namedOf(value: unknown): Named | null {
  if (typeof value === 'string') return { name: value, abbreviation: null };
  if (!isPlainObject(value)) return null;
  return { name: textOf(value.name), abbreviation: textOf(value.abbreviation) };
}

export const namedListOf = (value: unknown): Named[] =>
  Array.isArray(value) ? value.map(namedOf).filter((entry): entry is Named => entry !== null) : [];
