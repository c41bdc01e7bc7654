/**
 * How every registry mutation runs: its rules checked in the write's transaction, its result
 * stored under (caller, idempotencyKey, SHA-256 of the canonical input), and the outcome turned
 * into either a value or `userErrors`. Expected failures never reach GraphQL as errors.
 */
import type { EntityRef } from '../cache.ts';
import { type CanonicalValue, inputFingerprint } from '../domain/canonicalJson.ts';
import { type UserError, userError } from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { JsonValue, RegistrySource, RegistryWriter } from '../sources/registry/index.ts';

export interface RegistryServiceDeps {
  registry: RegistrySource;
  /** LABGRAPH_TIMEZONE: naive date-times are read in it. */
  zone: string;
  maxWeightG: Readonly<Record<string, number>>;
  /**
   * Called after a write commits, with what it changed (null: unknown, so everything may have): the
   * session catalog re-reads the registry and cached responses holding those entities are dropped.
   */
  onCommitted(touched: readonly EntityRef[] | null): void | Promise<void>;
  now?: () => Date;
  /** Stored with selections and manifests (package.json's version). */
  gatewayVersion: string;
}

export type MutationOutcome<T> = { value: T; replayed: boolean } | { userErrors: UserError[] };

/** A unit of work: commit a JSON result, or refuse with user errors (everything is rolled back). */
export type RegistryWork<T extends JsonValue> = (
  tx: RegistryWriter,
) => Promise<{ commit: T } | { rollback: UserError[] }>;

/** Drops nulls (an omitted field and an explicit null mean the same) for the fingerprint. */
export function withoutNulls(value: unknown): CanonicalValue {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutNulls(item)]));
  }
  return value as CanonicalValue;
}

export interface MutationCall<I extends { idempotencyKey?: string | null }, T = unknown> {
  operation: string;
  caller: Caller;
  input: I;
  /**
   * What a committed write changed (EntityRef: a type alone when it created one, since lists change).
   * Left out, every cached response is dropped: always safe, never fast.
   */
  touches?: (value: T) => EntityRef[];
}

export async function runMutation<I extends { idempotencyKey?: string | null }, T extends JsonValue>(
  deps: RegistryServiceDeps,
  call: MutationCall<I, T>,
  work: RegistryWork<T>,
): Promise<MutationOutcome<T>> {
  const { idempotencyKey, ...rest } = call.input;
  const key = idempotencyKey?.trim();
  if (idempotencyKey !== undefined && idempotencyKey !== null && !key) {
    return {
      userErrors: [userError('INVALID_VALUE', 'idempotencyKey', 'an idempotencyKey must not be blank')],
    };
  }
  const claim = key ? { key, inputSha256: inputFingerprint(call.operation, withoutNulls(rest)) } : null;
  const result = await deps.registry.write<T, UserError[]>(call.caller.user, claim, work);
  switch (result.status) {
    case 'committed':
      await deps.onCommitted(call.touches ? call.touches(result.value) : null);
      return { value: result.value, replayed: false };
    case 'replayed':
      return { value: result.value, replayed: true };
    case 'rolledBack':
      return { userErrors: result.reason };
    case 'keyReused':
      return {
        userErrors: [
          userError(
            'IDEMPOTENCY_KEY_REUSED',
            'idempotencyKey',
            `you already used idempotencyKey '${key}' with a different input for ${call.operation} or another mutation; use a new key`,
          ),
        ],
      };
  }
}

/** Collects the errors of several checks; null entries are checks that passed. */
export const problems = (...checks: (UserError | null | readonly UserError[])[]): UserError[] =>
  checks.flatMap((check) => (check === null ? [] : Array.isArray(check) ? check : [check as UserError]));
