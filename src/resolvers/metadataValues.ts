/**
 * Tolerant readers for the parts of a DocDB record the section schemas leave loose (extra keys are
 * `unknown`). Missing or mistyped leaves read as null (or an empty list) — the same convention
 * record.ts uses for `created` — so one odd leaf never fails a whole metadata object.
 */
import { DateTimeResolver } from 'graphql-scalars';
import { toDate } from '../sources/docdb/index.ts';

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const textsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export const objectsOf = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isPlainObject) : [];

/** Stored JSON as is, with a missing key reported as null (GraphQL has no undefined). */
export const jsonOf = (value: unknown): unknown => value ?? null;

/** `YYYY-MM-DD` of a date or date-time string; null when there is none or it is not a real day. */
export function dayOf(value: unknown): string | null {
  const day = typeof value === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] : undefined;
  if (!day) return null;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day) ? day : null;
}

/**
 * A DateTime as written when it is RFC 3339, so the lab's Pacific offsets survive (the scalar passes
 * such strings through); any other parseable date as an instant; null when unparseable.
 */
export function dateTimeOf(value: unknown): string | Date | null {
  if (typeof value === 'string') {
    try {
      DateTimeResolver.serialize(value);
      return value;
    } catch {
      // Not RFC 3339 (say a space instead of `T`): fall back to the lenient parse.
    }
  }
  return toDate(value);
}

/** The allowed value equal to `value` ignoring case and surrounding space; null otherwise. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  if (typeof value !== 'string') return null;
  const wanted = value.trim().toLowerCase();
  return allowed.find((option) => option.toLowerCase() === wanted) ?? null;
}

/** aind-data-schema's `{name, abbreviation, …}` objects (platform, modality, organisation). */
export interface Named {
  name: string | null;
  abbreviation: string | null;
}

/** A named object, or a bare string (older records and some fields store just the name). */
export function namedOf(value: unknown): Named | null {
  if (typeof value === 'string') return { name: value, abbreviation: null };
  if (!isPlainObject(value)) return null;
  return { name: textOf(value.name), abbreviation: textOf(value.abbreviation) };
}

export const namedListOf = (value: unknown): Named[] =>
  Array.isArray(value) ? value.map(namedOf).filter((named): named is Named => named !== null) : [];
