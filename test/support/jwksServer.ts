/**
 * A loopback identity provider for the JWT tests: serves its public keys as a JWKS and signs
 * tokens with the private key. Switches make the JWKS endpoint fail.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export interface JwksServer {
  issuer: string;
  jwksUrl: string;
  /** Signs a token with the provider's key (or, with `foreignKey`, a key it does not publish). */
  sign(
    claims: JWTPayload,
    options?: { expiresIn?: string; audience?: string; issuer?: string; foreignKey?: boolean },
  ): Promise<string>;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  failWith(status: number | null): void;
  close(): Promise<void>;
}

export const TEST_AUDIENCE = 'labgraph-test';

export async function startJwksServer(): Promise<JwksServer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const foreign = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  let failure: number | null = null;
  let fetchCount = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetchCount++;
    if (failure !== null) {
      response.writeHead(failure).end('down');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    async sign(claims, options = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(options.foreignKey ? foreign.privateKey : privateKey);
    },
    fetches: () => fetchCount,
    failWith(status) {
      failure = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
