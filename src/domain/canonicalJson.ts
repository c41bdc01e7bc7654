/**
 * Canonical JSON (object keys sorted by code unit, no whitespace, numbers and strings as
 * JSON.stringify writes them — RFC 8785's rules for the values GraphQL inputs can hold) and its
 * SHA-256: the fingerprint an idempotency record keeps of a mutation's input.
 */
import { createHash } from 'node:crypto';

export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

/** Keys whose value is undefined are left out, as JSON.stringify does; in arrays they become null. */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as { readonly [key: string]: CanonicalValue };
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The idempotency fingerprint of one call: the operation's name and its input, canonicalised. */
export function inputFingerprint(operation: string, input: CanonicalValue): string {
  return sha256Hex(canonicalJson({ operation, input }));
}
