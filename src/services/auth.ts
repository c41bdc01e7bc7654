/**
 * Per-request authentication and the scope each operation needs. The bearer token is read from the
 * Authorization header once per request, checked by the identity source, and then forgotten: it is
 * never logged, stored, or quoted in an error. Errors name the scope that was needed.
 */
import { AuthError } from '../errors.ts';
import type { Caller, IdentitySource, Scope } from '../sources/identity/index.ts';

export { AuthError };

export interface RequestAuth {
  /** The authenticated caller, or null when the request carries no token. Throws on a bad token. */
  caller(needed: Scope): Promise<Caller | null>;
  /** The caller, who must hold `scope`; AuthError otherwise. */
  require(scope: Scope): Promise<Caller>;
}

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/** What the request's header proves, worked out once per request. */
type Presented = { caller: Caller } | { problem: string } | null;

export function requestAuth(identity: IdentitySource, authorization: string | null | undefined): RequestAuth {
  let presented: Promise<Presented> | undefined;

  const check = async (): Promise<Presented> => {
    if (authorization === null || authorization === undefined || authorization.trim() === '') return null;
    const token = BEARER.exec(authorization)?.[1];
    if (!token) return { problem: "the Authorization header must be 'Bearer <token>'" };
    const result = await identity.authenticate(token);
    return 'caller' in result
      ? result
      : { problem: `the bearer token was not accepted (${result.rejected})` };
  };

  const caller = async (needed: Scope): Promise<Caller | null> => {
    presented ??= check();
    const outcome = await presented;
    if (outcome === null) return null;
    if ('caller' in outcome) return outcome.caller;
    throw new AuthError(
      'UNAUTHENTICATED',
      needed,
      `${outcome.problem}; this operation needs a token with scope '${needed}'`,
    );
  };

  return {
    caller,
    async require(scope) {
      const who = await caller(scope);
      if (!who) {
        throw new AuthError(
          'UNAUTHENTICATED',
          scope,
          `this operation needs a bearer token with scope '${scope}' (Authorization: Bearer <token>)`,
        );
      }
      if (!who.scopes.has(scope)) {
        const held = [...who.scopes].join(', ') || 'none';
        throw new AuthError(
          'FORBIDDEN',
          scope,
          `user ${who.user} holds scopes ${held}; this operation needs scope '${scope}'`,
        );
      }
      return who;
    },
  };
}
