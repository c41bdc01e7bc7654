/**
 * Bearer tokens from the tokens file (digests only) and JWTs verified against a JWKS served on
 * loopback; the per-request scope checks and their UNAUTHENTICATED / FORBIDDEN messages. No token
 * ever appears in a message.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_TOKENS_FILE, loadConfig } from '../../src/config.ts';
import { ConfigError, UpstreamError } from '../../src/errors.ts';
import { AuthError, requestAuth } from '../../src/services/auth.ts';
import { createIdentity, type IdentitySource, tokenDigest } from '../../src/sources/identity/index.ts';
import { type JwksServer, startJwksServer, TEST_AUDIENCE } from '../support/jwksServer.ts';

/** The documented fixture tokens (README "Auth"). */
const FIXTURE = {
  admin: 'lg_fixture_admin_3f9c1a7e',
  write: 'lg_fixture_write_8b2d4e60',
  read: 'lg_fixture_read_51a9c0d2',
};

async function authError(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('tokens file', () => {
  let identity: IdentitySource;
  beforeAll(async () => {
    identity = await createIdentity({ tokensFile: FIXTURE_TOKENS_FILE, fixtureTokens: true, jwt: undefined });
  });

  it('knows the documented fixture tokens, with implied scopes', async () => {
    const admin = await identity.authenticate(FIXTURE.admin);
    expect(admin).toMatchObject({ caller: { user: 'labadmin', via: 'tokens file' } });
    expect('caller' in admin && [...admin.caller.scopes].sort()).toEqual(['admin', 'read', 'write']);
    const writer = await identity.authenticate(FIXTURE.write);
    expect('caller' in writer && [...writer.caller.scopes].sort()).toEqual(['read', 'write']);
    expect(await identity.authenticate('lg_fixture_admin_3f9c1a7f')).toEqual({
      rejected: 'the bearer token is not in the tokens file',
    });
    expect(identity.describe()).toMatch(/FIXTURE TOKENS/);
    expect(identity.describe()).not.toContain(FIXTURE.admin);
  });

  it('refuses a malformed tokens file, naming the variable and the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labgraph-tokens-'));
    try {
      const cases = [
        ['tokens:\n  - user: a\n    scopes: [write]\n    sha256: abc\n', /64 hex digits/],
        [`tokens:\n  - user: a\n    scopes: [root]\n    sha256: ${'a'.repeat(64)}`, /scopes/],
        [`tokens:\n${`  - {user: a, scopes: [read], sha256: ${'b'.repeat(64)}}\n`.repeat(2)}`, /twice/],
      ] as const;
      for (const [text, reason] of cases) {
        const file = join(dir, 'tokens.yaml');
        await writeFile(file, text);
        const error = await createIdentity({ tokensFile: file, fixtureTokens: false, jwt: undefined }).catch(
          (e) => e,
        );
        expect(error).toBeInstanceOf(ConfigError);
        expect(error.message).toMatch(/^LABGRAPH_TOKENS_FILE:/);
        expect(error.message).toMatch(reason);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stores digests: the token is the SHA-256 preimage', () => {
    expect(tokenDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('JWTs verified against the issuer JWKS', () => {
  let idp: JwksServer;
  let identity: IdentitySource;
  beforeAll(async () => {
    idp = await startJwksServer();
    identity = await createIdentity({
      tokensFile: FIXTURE_TOKENS_FILE,
      fixtureTokens: false,
      jwt: { issuer: idp.issuer, audience: TEST_AUDIENCE, jwksUrl: idp.jwksUrl },
    });
  });
  afterAll(async () => idp?.close());

  it('accepts a valid token: user from preferred_username (else sub), scopes from scope or scp', async () => {
    const named = await identity.authenticate(
      await idp.sign({ sub: 'u-1', preferred_username: 'alice', scope: 'openid write' }),
    );
    expect(named).toMatchObject({ caller: { user: 'alice', via: `JWT from ${idp.issuer}` } });
    expect('caller' in named && [...named.caller.scopes].sort()).toEqual(['read', 'write']);
    const bySub = await identity.authenticate(await idp.sign({ sub: 'bob', scp: ['admin'] }));
    expect('caller' in bySub && bySub.caller.user).toBe('bob');
    expect('caller' in bySub && bySub.caller.scopes.has('admin')).toBe(true);
    // the tokens file still works beside the JWTs
    expect(await identity.authenticate(FIXTURE.read)).toMatchObject({ caller: { user: 'viewer' } });
  });

  it.each([
    ['another audience', { audience: 'someone-else' }, /aud/],
    ['another issuer', { issuer: 'https://evil.example' }, /iss/],
    ['an expired token', { expiresIn: '-1m' }, /expired/],
    ['a key the issuer does not publish', { foreignKey: true }, /could not be verified/],
  ])('refuses %s', async (_, options, reason) => {
    const token = await idp.sign({ sub: 'alice', scope: 'write' }, options);
    const result = await identity.authenticate(token);
    expect(result).toHaveProperty('rejected');
    expect('rejected' in result && result.rejected).toMatch(reason);
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('reports an unreachable key set as unavailable, not as a bad token', async () => {
    const fresh = await startJwksServer();
    const lonely = await createIdentity({
      tokensFile: undefined,
      fixtureTokens: false,
      jwt: { issuer: fresh.issuer, audience: TEST_AUDIENCE, jwksUrl: fresh.jwksUrl },
    });
    fresh.failWith(503);
    const token = await fresh.sign({ sub: 'alice', scope: 'write' });
    await expect(lonely.authenticate(token)).rejects.toMatchObject({
      source: 'identity',
      kind: 'UNAVAILABLE',
    });
    await expect(lonely.authenticate(token)).rejects.toBeInstanceOf(UpstreamError);
    fresh.failWith(null);
    expect(await lonely.authenticate(token)).toMatchObject({ caller: { user: 'alice' } });
    await fresh.close();
  });
});

describe('requestAuth', () => {
  let identity: IdentitySource;
  beforeAll(async () => {
    identity = await createIdentity({ tokensFile: FIXTURE_TOKENS_FILE, fixtureTokens: true, jwt: undefined });
  });

  it('gives the caller holding the scope', async () => {
    expect((await requestAuth(identity, `Bearer ${FIXTURE.write}`).require('write')).user).toBe('trainer');
    expect((await requestAuth(identity, `bearer  ${FIXTURE.admin} `).require('admin')).user).toBe('labadmin');
    expect(await requestAuth(identity, undefined).caller('read')).toBeNull();
  });

  it.each([
    [undefined, 'write', 'UNAUTHENTICATED', /needs a bearer token with scope 'write'/],
    ['', 'admin', 'UNAUTHENTICATED', /needs a bearer token with scope 'admin'/],
    [`Basic ${FIXTURE.write}`, 'write', 'UNAUTHENTICATED', /must be 'Bearer <token>'.*scope 'write'/],
    [
      'Bearer not-a-known-token',
      'write',
      'UNAUTHENTICATED',
      /not accepted \(the bearer token is not in the tokens file\)/,
    ],
    [
      `Bearer ${FIXTURE.read}`,
      'write',
      'FORBIDDEN',
      /user viewer holds scopes read; this operation needs scope 'write'/,
    ],
    [`Bearer ${FIXTURE.write}`, 'admin', 'FORBIDDEN', /needs scope 'admin'/],
  ] as const)('%s needing %s → %s', async (header, scope, code, message) => {
    const error = await authError(requestAuth(identity, header).require(scope));
    expect(error.code).toBe(code);
    expect(error.needed).toBe(scope);
    expect(error.message).toMatch(message);
    for (const token of Object.values(FIXTURE)) expect(error.message).not.toContain(token);
    expect(error.message).not.toContain('not-a-known-token');
  });
});

describe('auth config', () => {
  it('falls back to the fixture tokens only for the embedded registry without an identity provider', () => {
    expect(loadConfig({}).identity).toEqual({
      tokensFile: FIXTURE_TOKENS_FILE,
      fixtureTokens: true,
      jwt: undefined,
    });
    const real = loadConfig({ LABGRAPH_REGISTRY_URL: 'postgres://db.internal/registry' }).identity;
    expect(real).toEqual({ tokensFile: undefined, fixtureTokens: false, jwt: undefined });
    const jwt = loadConfig({
      LABGRAPH_JWT_ISSUER: 'https://idp.example/realms/lab',
      LABGRAPH_JWT_AUDIENCE: 'labgraph',
    });
    expect(jwt.identity).toMatchObject({
      tokensFile: undefined,
      fixtureTokens: false,
      jwt: {
        jwksUrl: 'https://idp.example/realms/lab/.well-known/jwks.json',
        userClaim: 'preferred_username',
      },
    });
    expect(loadConfig({}).readAuth).toBe('open');
    expect(loadConfig({ LABGRAPH_READ_AUTH: 'token' }).readAuth).toBe('token');
    expect(() => loadConfig({ LABGRAPH_JWT_ISSUER: 'https://idp.example' })).toThrowError(
      /^LABGRAPH_JWT_AUDIENCE:/,
    );
    expect(() => loadConfig({ LABGRAPH_READ_AUTH: 'sometimes' })).toThrowError(/^LABGRAPH_READ_AUTH:/);
  });
});
