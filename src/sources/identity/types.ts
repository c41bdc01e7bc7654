/**
 * Who is calling: bearer tokens checked against a tokens file (which holds only SHA-256 digests) or
 * JWTs from the lab's identity provider, verified against its JWKS. One interface, two backends.
 * A token is never logged, stored, or put into an error or a description.
 */

/** What a caller may do. `admin` includes `write`, and `write` includes `read`. */
export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

export interface Caller {
  /** The user the caller acts as: recorded as `createdBy` and the default user of records. */
  user: string;
  scopes: ReadonlySet<Scope>;
  /** How the caller was recognised, for logs: `tokens file` or `JWT from <issuer>`. */
  via: string;
}

export type Authentication =
  | { caller: Caller }
  /** Not this backend's token, or not valid: the reason is safe to show (it never quotes the token). */
  | { rejected: string };

export interface IdentitySource {
  describe(): string;
  authenticate(token: string): Promise<Authentication>;
}

/** The scopes a granted list implies (`admin` ⊃ `write` ⊃ `read`); unknown names are ignored. */
export function impliedScopes(granted: Iterable<string>): Set<Scope> {
  const scopes = new Set<Scope>();
  for (const name of granted) {
    if (name === 'admin') scopes.add('admin').add('write').add('read');
    else if (name === 'write') scopes.add('write').add('read');
    else if (name === 'read') scopes.add('read');
  }
  return scopes;
}
