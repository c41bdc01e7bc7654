/**
 * The refreshing value behind the session catalog (stale-while-revalidate), on a hand-driven clock
 * and hand-resolved loads: who waits, how many loads run, which value is served.
 */
import { describe, expect, it } from 'vitest';
import { createRefreshingValue } from '../src/cache.ts';

/** Loads that the test resolves or rejects one by one, in the order they were started. */
function manualLoads<V>() {
  const pending: { resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  return {
    load: () => new Promise<V>((resolve, reject) => void pending.push({ resolve, reject })),
    get started() {
      return pending.length;
    },
    resolve: (i: number, value: V) => pending[i]?.resolve(value),
    reject: (i: number, error: unknown) => pending[i]?.reject(error),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(maxAgeMs = 100) {
  const loads = manualLoads<string>();
  const clock = { now: 0 };
  const refreshErrors: unknown[] = [];
  const value = createRefreshingValue(loads.load, {
    maxAgeMs: () => maxAgeMs,
    onRefreshError: (error) => void refreshErrors.push(error),
    now: () => clock.now,
  });
  return { loads, clock, refreshErrors, value };
}

describe('createRefreshingValue', () => {
  it('makes the first callers wait for one shared load', async () => {
    const { loads, value } = setup();
    const first = [value.get(), value.get()];
    expect(loads.started).toBe(1);
    expect(value.current).toBeNull();
    loads.resolve(0, 'v1');
    expect(await Promise.all(first)).toEqual(['v1', 'v1']);
  });

  it('rejects when the first load fails, and tries again on the next call', async () => {
    const { loads, value } = setup();
    const failed = value.get();
    loads.reject(0, new Error('malformed sheet'));
    await expect(failed).rejects.toThrow('malformed sheet');
    const retried = value.get();
    expect(loads.started).toBe(2);
    loads.resolve(1, 'v1');
    expect(await retried).toBe('v1');
  });

  it('serves the stale value at once while ONE refresh runs, then the new value', async () => {
    const { loads, clock, value } = setup(100);
    const first = value.get();
    loads.resolve(0, 'v1');
    await first;
    clock.now = 99;
    expect(await value.get()).toBe('v1');
    expect(loads.started).toBe(1); // still fresh
    clock.now = 100;
    expect(await value.get()).toBe('v1'); // stale: served, refresh started
    clock.now = 500;
    expect(await value.get()).toBe('v1'); // refresh in flight: no second one
    expect(loads.started).toBe(2);
    loads.resolve(1, 'v2');
    await flush();
    clock.now = 199; // its age counts from when its load started (t=100)
    expect(await value.get()).toBe('v2');
    expect(loads.started).toBe(2);
  });

  it('keeps the previous value when a refresh fails, and retries after the max age', async () => {
    const { loads, clock, refreshErrors, value } = setup(100);
    const first = value.get();
    loads.resolve(0, 'v1');
    await first;
    clock.now = 100;
    await value.get();
    loads.reject(1, new Error('upstream down'));
    await flush();
    expect(refreshErrors).toHaveLength(1);
    expect(await value.get()).toBe('v1');
    expect(loads.started).toBe(2);
    clock.now = 200;
    await value.get();
    expect(loads.started).toBe(3);
  });
});
