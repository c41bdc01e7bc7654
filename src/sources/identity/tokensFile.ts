/**
 * Bearer tokens listed in a YAML file by their SHA-256 digest (never the token itself):
 *
 *   tokens:
 *     - user: alice
 *       scopes: [write]
 *       sha256: 6b1c…   # sha256 of the token, hex
 *
 * The token's digest is looked up in a map; the token is not kept.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../errors.ts';
import { type Caller, type IdentitySource, impliedScopes, SCOPES } from './types.ts';

const tokensFileSchema = z.object({
  tokens: z.array(
    z.object({
      user: z.string().trim().min(1),
      scopes: z.array(z.enum(SCOPES as [string, ...string[]])).min(1),
      sha256: z
        .string()
        .trim()
        .transform((digest) => digest.toLowerCase())
        .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest is 64 hex digits')),
      description: z.string().optional(),
    }),
  ),
});

export const tokenDigest = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

export async function loadTokensFile(
  file: string,
  variable = 'LABGRAPH_TOKENS_FILE',
): Promise<IdentitySource> {
  let parsed: z.infer<typeof tokensFileSchema>;
  try {
    parsed = tokensFileSchema.parse(parse(await readFile(file, 'utf8')));
  } catch (error) {
    const reason =
      error instanceof z.ZodError
        ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    throw new ConfigError(variable, `cannot use tokens file ${file}: ${reason}`);
  }
  const byDigest = new Map<string, Caller>();
  for (const entry of parsed.tokens) {
    if (byDigest.has(entry.sha256)) {
      throw new ConfigError(
        variable,
        `tokens file ${file} lists one digest twice (users must not share a token)`,
      );
    }
    byDigest.set(entry.sha256, { user: entry.user, scopes: impliedScopes(entry.scopes), via: 'tokens file' });
  }
  return {
    describe: () => `tokens file ${file} (${byDigest.size} tokens)`,
    authenticate: async (token) => {
      const caller = byDigest.get(tokenDigest(token));
      return caller ? { caller } : { rejected: 'the bearer token is not in the tokens file' };
    },
  };
}
