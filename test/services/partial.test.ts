/** The partial-failure policies: which failures each one absorbs, and which it lets through. */
import { describe, expect, it } from 'vitest';
import { InvalidDataError, UpstreamError } from '../../src/errors.ts';
import {
  allOrFirstError,
  fallbackOnOutage,
  settleEach,
  unknownIfInvalid,
} from '../../src/services/partial.ts';

const outage = () => new UpstreamError('codeocean', 'UNAVAILABLE', 'codeocean: HTTP 503');
const corrupt = () => new InvalidDataError('s3://b/k.hdf5', 's3://b/k.hdf5: truncated');

describe('settleEach', () => {
  it('gives each key its value or its own Error, in key order', async () => {
    const bug = new TypeError('bug');
    const outcomes = await settleEach([1, 2, 3], async (n) => {
      if (n === 2) throw bug;
      return n * 10;
    });
    expect(outcomes).toEqual([10, bug, 30]);
  });

  it('wraps a thrown non-Error so every failure is an Error', async () => {
    const [outcome] = await settleEach([1], () => Promise.reject('plain string'));
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('plain string');
  });
});

describe('allOrFirstError', () => {
  it('returns every value when none failed', () => {
    expect(allOrFirstError([1, null, 3])).toEqual([1, null, 3]);
  });

  it('throws the first Error', () => {
    const first = outage();
    expect(() => allOrFirstError([1, first, corrupt()])).toThrow(first);
  });
});

describe('unknownIfInvalid', () => {
  it('makes corrupt data unknown (null)', async () => {
    expect(await unknownIfInvalid(() => Promise.reject(corrupt()))).toBeNull();
    expect(await unknownIfInvalid(async () => 'value')).toBe('value');
  });

  it('lets outages and bugs through', async () => {
    await expect(unknownIfInvalid(() => Promise.reject(outage()))).rejects.toBeInstanceOf(UpstreamError);
    await expect(unknownIfInvalid(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
  });
});

describe('fallbackOnOutage', () => {
  it('gives the stand-in for an outage and records it', async () => {
    const recorded: UpstreamError[] = [];
    const value = await Promise.reject(outage()).catch(
      fallbackOnOutage(
        () => 'sheet value',
        (e) => recorded.push(e),
      ),
    );
    expect(value).toBe('sheet value');
    expect(recorded.map((e) => e.source)).toEqual(['codeocean']);
  });

  it('lets corrupt data and bugs through', async () => {
    await expect(Promise.reject(corrupt()).catch(fallbackOnOutage(() => 0))).rejects.toBeInstanceOf(
      InvalidDataError,
    );
    await expect(Promise.reject(new TypeError('bug')).catch(fallbackOnOutage(() => 0))).rejects.toThrow(
      'bug',
    );
  });
});
