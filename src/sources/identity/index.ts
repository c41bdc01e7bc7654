/**
 * The caller's identity from a bearer token: a tokens file (LABGRAPH_TOKENS_FILE), JWTs from an
 * identity provider (LABGRAPH_JWT_ISSUER + LABGRAPH_JWT_AUDIENCE, keys from LABGRAPH_JWT_JWKS_URL),
 * or both (a token the file does not know is then tried as a JWT).
 */
import { createJwtIdentity, type JwtIdentityOptions } from './jwt.ts';
import { loadTokensFile } from './tokensFile.ts';
import type { IdentitySource } from './types.ts';

export interface IdentityConfig {
  tokensFile: string | undefined;
  /** True when the tokens file is the fixture one (embedded default): the startup log warns. */
  fixtureTokens: boolean;
  jwt: JwtIdentityOptions | undefined;
}

/** Tries each backend in turn; the first to recognise the token wins. */
function firstOf(backends: IdentitySource[]): IdentitySource {
  return {
    describe: () =>
      backends.length === 0
        ? 'no tokens configured (every write is refused)'
        : backends.map((b) => b.describe()).join('; '),
    async authenticate(token) {
      const reasons: string[] = [];
      for (const backend of backends) {
        const result = await backend.authenticate(token);
        if ('caller' in result) return result;
        reasons.push(result.rejected);
      }
      return {
        rejected: reasons.length > 0 ? reasons.join('; ') : 'no tokens are configured on this gateway',
      };
    },
  };
}

export async function createIdentity(config: IdentityConfig): Promise<IdentitySource> {
  const backends: IdentitySource[] = [];
  if (config.tokensFile) backends.push(await loadTokensFile(config.tokensFile));
  if (config.jwt) backends.push(createJwtIdentity(config.jwt));
  const identity = firstOf(backends);
  if (!config.fixtureTokens) return identity;
  return {
    ...identity,
    describe: () => `${identity.describe()} — FIXTURE TOKENS (documented in README), embedded default only`,
  };
}

/** An identity source created on first use (the tokens file is read then); the creation is shared. */
export function lazyIdentity(
  create: () => Promise<IdentitySource>,
): IdentitySource & { ready(): Promise<IdentitySource> } {
  let created: Promise<IdentitySource> | null = null;
  const ready = () => {
    created ??= create();
    return created;
  };
  return {
    ready,
    describe: () => 'identity (not loaded yet)',
    authenticate: async (token) => (await ready()).authenticate(token),
  };
}

export { tokenDigest } from './tokensFile.ts';
export * from './types.ts';
