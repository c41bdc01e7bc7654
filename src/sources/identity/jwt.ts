/**
 * JWTs signed by the lab's identity provider, verified with `jose` against the keys it publishes
 * (JWKS, fetched and cached by jose, refetched when a token names an unknown key). Issuer, audience
 * and expiry must match. The user is the `preferred_username` claim (else `sub`); scopes come from
 * the OAuth `scope` string or an `scp` list.
 */
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { UpstreamError } from '../../errors.ts';
import { type IdentitySource, impliedScopes } from './types.ts';

export interface JwtIdentityOptions {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Claim naming the user; default `preferred_username`, falling back to `sub`. */
  userClaim?: string;
  timeoutMs?: number;
}

function scopesOf(payload: JWTPayload): string[] {
  const { scope, scp } = payload as { scope?: unknown; scp?: unknown };
  if (typeof scope === 'string') return scope.split(/\s+/).filter(Boolean);
  if (Array.isArray(scp)) return scp.filter((item): item is string => typeof item === 'string');
  if (typeof scp === 'string') return scp.split(/\s+/).filter(Boolean);
  return [];
}

/** A compact JWS has three base64url parts; anything else is not for this backend. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);

export function createJwtIdentity(options: JwtIdentityOptions): IdentitySource {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.timeoutMs ?? 5_000 });
  const userClaim = options.userClaim ?? 'preferred_username';
  return {
    describe: () => `JWTs from ${options.issuer} for audience ${options.audience} (keys: ${options.jwksUrl})`,
    async authenticate(token) {
      if (!looksLikeJwt(token)) return { rejected: 'the bearer token is not a JWT' };
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
        });
        const named = payload[userClaim] ?? payload.sub;
        if (typeof named !== 'string' || named === '') {
          return { rejected: `the JWT names no user (claim ${userClaim} or sub)` };
        }
        return {
          caller: {
            user: named,
            scopes: impliedScopes(scopesOf(payload)),
            via: `JWT from ${options.issuer}`,
          },
        };
      } catch (error) {
        if (error instanceof errors.JWKSTimeout || isFetchFailure(error)) {
          throw new UpstreamError(
            'identity',
            'UNAVAILABLE',
            `the identity provider's keys (${options.jwksUrl}) could not be fetched, so the token can be neither accepted nor refused`,
            { cause: error },
          );
        }
        if (error instanceof errors.JWTExpired) return { rejected: 'the JWT has expired' };
        if (error instanceof errors.JWTClaimValidationFailed) {
          return { rejected: `the JWT's ${error.claim} claim is not accepted here` };
        }
        return { rejected: 'the JWT could not be verified' };
      }
    },
  };
}

/**
 * How jose reports a JWKS endpoint it could not use: fetch's TypeError (unreachable), a plain
 * JOSEError (non-200 answer, not JSON) or JWKSInvalid (not a key set).
 */
function isFetchFailure(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof errors.JWKSInvalid ||
    error?.constructor === errors.JOSEError
  );
}
