import { describe, expect, it } from 'vitest';
import { adjustRate, dprime, inverseNormalCdf, rate } from '../../src/domain/dprime.ts';

describe('dprime (reference §5 values)', () => {
  it.each([
    [1, 0, 10, 10, 3.289707253902944],
    [0.8, 0.2, 10, 10, 1.6832424671458286],
    [1, 0, 5, 20, 3.241515550084655],
    [0.9, 0.1, 20, 20, 2.5631031310892016],
    [14 / 17, 3 / 16, 17, 16, 1.8160460506661464],
    [1, 0, 1, 1, 0],
    [0, 1, 10, 10, -3.289707253902944],
  ])('d′(HR %d, FAR %d, nGo %d, nNogo %d) = %d', (hr, far, nGo, nNogo, expected) => {
    expect(Math.abs(dprime(hr, far, nGo, nNogo) - expected)).toBeLessThan(1e-12);
  });

  it('is NaN when a rate is NaN (x/0)', () => {
    expect(dprime(Number.NaN, 0.2, 0, 10)).toBeNaN();
    expect(dprime(0.8, rate(0, 0), 10, 0)).toBeNaN();
  });

  it('applies the 1/(2N) rule only at 0 and 1', () => {
    expect(adjustRate(0, 4)).toBe(0.125);
    expect(adjustRate(1, 4)).toBe(0.875);
    expect(adjustRate(0.3, 4)).toBe(0.3);
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(0, 0)).toBeNaN();
    // x/0 is NaN however many there are, never ±Infinity.
    expect(rate(3, 0)).toBeNaN();
  });
});

describe('inverseNormalCdf (AS241) against scipy norm.ppf', () => {
  // Values printed by scipy.stats.norm.ppf (scipy 1.17).
  it.each([
    [1e-300, -37.0470962993612],
    [1e-100, -21.273453560965322],
    [1e-20, -9.262340089798409],
    [1e-10, -6.361340902404056],
    [1e-5, -4.264890793922825],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.425, -0.18911842627279252],
    [0.5, 0],
    [0.6, 0.2533471031357997],
    [0.75, 0.6744897501960817],
    [0.9, 1.2815515655446004],
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
    [1 - 1e-10, 6.361340889697422],
  ])('Φ⁻¹(%d) = %d', (p, expected) => {
    const tolerance = 1e-15 * Math.max(1, Math.abs(expected)) * 4;
    expect(Math.abs(inverseNormalCdf(p) - expected)).toBeLessThanOrEqual(tolerance);
  });

  it('is antisymmetric about 0.5', () => {
    // p chosen so that 1 − p is exact in binary.
    for (const p of [2 ** -20, 2 ** -7, 0.25, 0.375, 0.4375]) {
      expect(inverseNormalCdf(1 - p) + inverseNormalCdf(p)).toBeCloseTo(0, 12);
    }
    expect(inverseNormalCdf(0.5)).toBe(0);
  });

  it('gives ±∞ at the ends and NaN outside [0, 1]', () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(inverseNormalCdf(-0.1)).toBeNaN();
    expect(inverseNormalCdf(1.1)).toBeNaN();
    expect(inverseNormalCdf(Number.NaN)).toBeNaN();
  });
});
