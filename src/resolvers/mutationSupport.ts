/**
 * What every mutation shares (the conventions of README "Writes"): one `input` object carrying an
 * optional `idempotencyKey`, a payload with `userErrors`, and the caller's scope checked first.
 */
import type { RequestContext } from '../context.ts';
import type { UserError } from '../domain/registryRules.ts';
import type { MutationOutcome, RegistryServiceDeps } from '../services/registryWrites.ts';
import type { Caller, Scope } from '../sources/identity/index.ts';
import { builder } from './builder.ts';
import { UserErrorRef } from './registry.ts';

builder.mutationType({
  description:
    "Write to labgraph's registry. Every mutation needs a bearer token (scope `write`; reference data `admin`), takes one `input` with an optional `idempotencyKey`, and reports expected failures in `userErrors` (nothing is written then).",
});

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Makes retries safe: the first call with this key stores its result; a retry with the same input returns that result (replayed: true) and writes nothing; the same key with a different input is refused (IDEMPOTENCY_KEY_REUSED). Keys are per caller.';

/** The payload a mutation resolver returns before its fields resolve. */
export interface PayloadShape<T> {
  value: T | null;
  replayed: boolean;
  userErrors: UserError[];
}

/**
 * A `Date` argument as `YYYY-MM-DD`: graphql-scalars' Date scalar hands resolvers a Date at UTC
 * midnight (the builder's declared string type notwithstanding).
 */
export function calendarDate(value: string | Date): string;
export function calendarDate(value: string | Date | null | undefined): string | null;
export function calendarDate(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

/** The fields every mutation payload has. */
export const MutationPayloadRef = builder.interfaceRef<PayloadShape<unknown>>('MutationPayload').implement({
  description: 'What every mutation answers besides its result: whether it was a replay, and its userErrors.',
  fields: (t) => ({
    replayed: t.exposeBoolean('replayed', {
      description:
        'True when this is the stored result of an earlier call with the same idempotencyKey (nothing new was written).',
    }),
    userErrors: t.field({
      type: [UserErrorRef],
      description: 'Why the input was refused (empty on success; nothing was written when not empty).',
      resolve: (p) => p.userErrors,
    }),
  }),
});

/** Checks the scope, then runs the service call with the caller and the registry's dependencies. */
export async function runAs<T>(
  ctx: RequestContext,
  scope: Scope,
  call: (deps: RegistryServiceDeps, caller: Caller) => Promise<MutationOutcome<T>>,
): Promise<PayloadShape<T>> {
  const caller = await ctx.auth.require(scope);
  const outcome = await call(await ctx.registryDeps(), caller);
  return 'userErrors' in outcome
    ? { value: null, replayed: false, userErrors: outcome.userErrors }
    : { value: outcome.value, replayed: outcome.replayed, userErrors: [] };
}
