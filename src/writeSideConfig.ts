/**
 * The write side's config: where the registry lives and what seeds it, the lab time zone, plausible
 * weights, and where bearer tokens are checked (LABGRAPH_REGISTRY_*, LABGRAPH_TIMEZONE,
 * LABGRAPH_MAX_WEIGHT_G, LABGRAPH_TOKENS_FILE, LABGRAPH_JWT_*, LABGRAPH_READ_AUTH).
 */
import path from 'node:path';
import { DEFAULT_FIXTURES_DIR, type Env, list, oneOf, PROJECT_ROOT, read, url } from './configBase.ts';
import { isTimeZone } from './domain/labTime.ts';
import { DEFAULT_MAX_WEIGHT_G } from './domain/registryRules.ts';
import { ConfigError } from './errors.ts';
import type { IdentityConfig } from './sources/identity/index.ts';
import type { RegistryConfig } from './sources/registry/index.ts';

export interface WriteSideConfig {
  /** Where the registry (ours, read-write) lives: PostgreSQL, or embedded PGlite in a directory. */
  registry: RegistryConfig;
  /** Loaded into an empty registry at startup: the fixture lab's by default with PGlite, none otherwise. */
  registrySeedFile: string | null;
  /** IANA zone in which naive date-times written to the registry are read (LABGRAPH_TIMEZONE). */
  labTimeZone: string;
  /** Plausible maximum weight in grams per species (lower case); heavier weighings are refused. */
  maxWeightG: Readonly<Record<string, number>>;
  /** Where bearer tokens are checked; mutations always need one. */
  identity: IdentityConfig;
  /** `token`: queries need a token with scope `read` too; `open` (default): anyone may read. */
  readAuth: 'open' | 'token';
}

function registryConfig(env: Env): RegistryConfig {
  const server = read(env, 'LABGRAPH_REGISTRY_URL');
  if (server !== undefined) {
    url(env, 'LABGRAPH_REGISTRY_URL', ['postgres:', 'postgresql:']);
    // Kept as written for the driver (it may carry credentials); only its redacted form is logged.
    return { backend: 'postgres', url: server };
  }
  return {
    backend: 'pglite',
    dir: path.resolve(read(env, 'LABGRAPH_REGISTRY_DIR') ?? path.join(PROJECT_ROOT, '.data', 'registry')),
  };
}

function timeZone(env: Env): string {
  const zone = read(env, 'LABGRAPH_TIMEZONE') ?? 'America/Los_Angeles';
  if (!isTimeZone(zone)) throw new ConfigError('LABGRAPH_TIMEZONE', `'${zone}' is not an IANA time zone`);
  return zone;
}

/** `mouse=60,rat=800` on top of the defaults (mouse 60 g). */
function maxWeights(env: Env): Readonly<Record<string, number>> {
  const limits: Record<string, number> = { ...DEFAULT_MAX_WEIGHT_G };
  for (const item of list(read(env, 'LABGRAPH_MAX_WEIGHT_G') ?? '')) {
    const match = /^([A-Za-z][\w -]*)=(\d+(?:\.\d+)?)$/.exec(item);
    if (!match || !(Number(match[2]) > 0)) {
      throw new ConfigError(
        'LABGRAPH_MAX_WEIGHT_G',
        `expected species=grams pairs (mouse=60,rat=800), got '${item}'`,
      );
    }
    limits[match[1]!.trim().toLowerCase()] = Number(match[2]);
  }
  return limits;
}

function seedFile(env: Env, registry: RegistryConfig): string | null {
  const file = read(env, 'LABGRAPH_REGISTRY_SEED');
  if (file === 'none') return null;
  if (file) return path.resolve(file);
  return registry.backend === 'pglite' ? path.join(DEFAULT_FIXTURES_DIR, 'registry', 'seed.yaml') : null;
}

/** The documented test tokens (README "Auth"), used only by the embedded default. */
export const FIXTURE_TOKENS_FILE = path.join(DEFAULT_FIXTURES_DIR, 'auth', 'tokens.yaml');

function identityConfig(env: Env, registry: RegistryConfig): IdentityConfig {
  const issuer = url(env, 'LABGRAPH_JWT_ISSUER', ['https:', 'http:']);
  const audience = read(env, 'LABGRAPH_JWT_AUDIENCE');
  if (Boolean(issuer) !== Boolean(audience)) {
    throw new ConfigError(
      issuer ? 'LABGRAPH_JWT_AUDIENCE' : 'LABGRAPH_JWT_ISSUER',
      'JWT issuer and audience go together',
    );
  }
  const jwt =
    issuer && audience
      ? {
          issuer: read(env, 'LABGRAPH_JWT_ISSUER')!,
          audience,
          jwksUrl:
            url(env, 'LABGRAPH_JWT_JWKS_URL', ['https:', 'http:'])?.href ??
            new URL('.well-known/jwks.json', issuer.href.endsWith('/') ? issuer : `${issuer.href}/`).href,
          userClaim: read(env, 'LABGRAPH_JWT_USER_CLAIM') ?? 'preferred_username',
        }
      : undefined;
  const tokensFile = read(env, 'LABGRAPH_TOKENS_FILE');
  // The fixture tokens are public: only the embedded lab (PGlite, no identity provider) falls back to them.
  const fixtureTokens = !tokensFile && !jwt && registry.backend === 'pglite';
  return {
    tokensFile: tokensFile ? path.resolve(tokensFile) : fixtureTokens ? FIXTURE_TOKENS_FILE : undefined,
    fixtureTokens,
    jwt,
  };
}

export function writeSideConfig(env: Env): WriteSideConfig {
  const registry = registryConfig(env);
  return {
    registry,
    registrySeedFile: seedFile(env, registry),
    labTimeZone: timeZone(env),
    maxWeightG: maxWeights(env),
    identity: identityConfig(env, registry),
    readAuth: oneOf(env, 'LABGRAPH_READ_AUTH', ['open', 'token'] as const, 'open'),
  };
}
