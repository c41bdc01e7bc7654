/**
 * CodeOcean credentials and domain from the environment, with the names the lab already uses
 * (reference §3.1): `CODE_OCEAN_API_TOKEN`, else the first variable whose VALUE starts with `cop_`;
 * `CODE_OCEAN_DOMAIN`, else AIND's CodeOcean.
 */

import { ConfigError } from '../../errors.ts';

export const DEFAULT_CODE_OCEAN_DOMAIN = 'https://codeocean.allenneuraldynamics.org';

type Env = Readonly<Record<string, string | undefined>>;

/** The API token, or null when none is set (the embedded backend is used then). */
export function resolveCodeOceanToken(env: Env): string | null {
  const explicit = env.CODE_OCEAN_API_TOKEN?.trim();
  if (explicit) return explicit;
  for (const value of Object.values(env)) {
    const candidate = value?.trim();
    if (candidate?.toLowerCase().startsWith('cop_')) return candidate;
  }
  return null;
}

/** `https://host` without a trailing slash; a bare host name gets `https://`. */
export function resolveCodeOceanDomain(env: Env): string {
  const raw = env.CODE_OCEAN_DOMAIN?.trim() || DEFAULT_CODE_OCEAN_DOMAIN;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    new URL(withScheme);
  } catch {
    throw new ConfigError(
      'CODE_OCEAN_DOMAIN',
      `not a URL: ${JSON.stringify(raw)} (expected e.g. ${DEFAULT_CODE_OCEAN_DOMAIN})`,
    );
  }
  return withScheme.replace(/\/+$/, '');
}
