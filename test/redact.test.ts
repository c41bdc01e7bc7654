/**
 * The one redaction used wherever a URI is shown (issue 9 #6): user info and secret query parameters
 * never survive, in a URI alone, in free text, or in a log line written by the process logger.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { publicAddress, redactCredentialsOf, redactUri, redactUrisIn } from '../src/redact.ts';

describe('redactUri', () => {
  it.each([
    ['http://user:pa55@host:8080/v1/x?y=1', 'http://***@host:8080/v1/x?y=1'],
    ['https://user@host/', 'https://***@host/'],
    ['https://u:p@ss@host/path', 'https://***@host/path'],
    [
      'mongodb://u:p@h1:27017,h2:27017/db?authSource=admin',
      'mongodb://***@h1:27017,h2:27017/db?authSource=admin',
    ],
    [
      'mongodb+srv://u:p@cluster.example/?retryWrites=true',
      'mongodb+srv://***@cluster.example/?retryWrites=true',
    ],
    ['https://h/x?token=abc&limit=5', 'https://h/x?token=***&limit=5'],
    ['https://h/x?api_key=abc#frag', 'https://h/x?api_key=***#frag'],
    [
      'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA/x&X-Amz-Signature=f00&X-Amz-Security-Token=t0k',
      'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=***&X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Security-Token=***',
    ],
    ['http://host/path', 'http://host/path'],
    ['not a uri', 'not a uri'],
  ])('%s → %s', (uri, expected) => {
    expect(redactUri(uri)).toBe(expected);
  });
});

describe('redactUrisIn', () => {
  it('redacts every URI in a message and keeps the rest', () => {
    const text =
      'fetch failed: Request cannot be constructed from a URL that includes credentials: http://me:s3cret@127.0.0.1:99/v1/find?filter={} (retrying "https://x/?sig=abc")';
    const out = redactUrisIn(text);
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('me:');
    expect(out).not.toContain('abc');
    expect(out).toContain('http://***@127.0.0.1:99/v1/find?filter={}');
    expect(out).toContain('fetch failed: Request cannot be constructed');
  });

  it('never lets a password through, whatever surrounds it', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9!$%*+-]{6,20}$/);
    fc.assert(
      fc.property(fc.string(), secret, fc.string(), (before, password, after) => {
        fc.pre(!before.includes(password) && !after.includes(password));
        const text = `${before} http://user:${password}@host/x ${after}`;
        expect(redactUrisIn(text)).not.toContain(password);
      }),
      { seed: 6, numRuns: 500 },
    );
  });

  it('is linear: a long text without URIs passes quickly', () => {
    const long = `${'a.'.repeat(200_000)}://`;
    expect(redactUrisIn(long).length).toBeGreaterThan(0);
  });
});

describe('redactCredentialsOf and publicAddress', () => {
  it("removes a known URI's password even when echoed without the URI", () => {
    const uri = 'mongodb://labgraph:p%40ss@db:27017/?authSource=admin';
    const text = `auth failed for labgraph:p%40ss (password p@ss) at ${uri}`;
    const out = redactCredentialsOf(text, uri);
    expect(out).not.toContain('p%40ss');
    expect(out).not.toContain('p@ss');
  });

  it.each([
    ['http://u:p@host:1/base/?token=x', 'http://host:1/base'],
    ['mongodb://u:p@h1,h2/?replicaSet=rs', 'mongodb://h1,h2'],
    ['https://s3.example.org', 'https://s3.example.org'],
  ])('publicAddress(%s) = %s', (uri, expected) => {
    expect(publicAddress(uri)).toBe(expected);
  });
});

describe('the process logger', () => {
  it('redacts URIs in messages and in logged errors', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const url = 'http://labuser:Hidden-Pw-1@127.0.0.1:1/v1';
    logger.info(`connecting to ${url}`);
    logger.error({ err: new Error(`fetch failed for ${url}`, { cause: new Error(url) }) }, 'failed');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('Hidden-Pw-1');
    expect(lines.join('\n')).toContain('127.0.0.1:1/v1');
  });
});
