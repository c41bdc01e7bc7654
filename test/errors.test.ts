/**
 * The one error vocabulary (src/errors.ts): every code the source answers with is in the registry,
 * the README's Errors table lists every code with its HTTP status, and our error classes map to codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.ts';
import {
  BadUserInputError,
  describeKnownError,
  ERROR_CODES,
  InvalidDataError,
  RequestRefusedError,
  UpstreamError,
} from '../src/errors.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the error registry', () => {
  it('holds every code the source writes (`code: …` literals and RequestRefusedError codes)', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(PROJECT_ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bcode: '([A-Z_]+)'/g)) used.add(match[1] as string);
      for (const match of text.matchAll(/RequestRefusedError\(\s*'([A-Z_]+)'/g)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(5);
    for (const code of used) expect(Object.keys(ERROR_CODES)).toContain(code);
  });

  it('is what the README documents: every code with its HTTP status', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Errors'),
      readme.indexOf('\n## ', readme.indexOf('## Errors') + 1),
    );
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(section).toMatch(new RegExp(`\\| \`${code}\` \\| ${spec.status} \\|`));
    }
  });

  it('maps our error classes to their codes and extensions', () => {
    expect(describeKnownError(new BadUserInputError('bad', ['this']))).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { accepted: ['this'] },
    });
    expect(describeKnownError(new UpstreamError('docdb', 'TIMEOUT', 'slow'))).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      extensions: { source: 'docdb' },
    });
    expect(describeKnownError(new InvalidDataError('s3://b/k', 'bad'))).toMatchObject({
      code: 'INVALID_DATA',
      extensions: { uri: 's3://b/k' },
    });
    expect(describeKnownError(new RequestRefusedError('NOT_FOUND', 'gone', { ref: 'x' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'gone',
      extensions: { ref: 'x' },
    });
    expect(describeKnownError(new TypeError('bug'))).toBeNull();
  });
});
