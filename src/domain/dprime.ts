/**
 * d′ as the task's analysis code computes it (reference §5, DRAU calcDprime):
 * d′ = Φ⁻¹(adj(HR, nGo)) − Φ⁻¹(adj(FAR, nNogo)), where adj moves rates of exactly 0 or 1 half a trial
 * inwards (the 1/(2N) rule). Φ⁻¹ is Wichura's AS241 (PPND16), accurate to about 1e-16 relative,
 * which matches scipy's norm.ppf to ~1e-15.
 */

/** Rate with the 1/(2N) correction: 0 → 0.5/n, 1 → 1 − 0.5/n, otherwise unchanged. */
export function adjustRate(rate: number, n: number): number {
  if (rate === 0) return 0.5 / n;
  if (rate === 1) return 1 - 0.5 / n;
  return rate;
}

/** d′ from a hit rate and a false-alarm rate and the trial counts behind them; NaN when either rate is NaN. */
export function dprime(hitRate: number, falseAlarmRate: number, nGo: number, nNogo: number): number {
  if (Number.isNaN(hitRate) || Number.isNaN(falseAlarmRate)) return Number.NaN;
  return inverseNormalCdf(adjustRate(hitRate, nGo)) - inverseNormalCdf(adjustRate(falseAlarmRate, nNogo));
}

/** x / n with the reference's x/0 → NaN. */
export function rate(count: number, total: number): number {
  return total === 0 ? Number.NaN : count / total;
}

// Coefficients of AS241 PPND16 (Wichura 1988, Applied Statistics 37:477–484), written as the doubles
// the published 20-digit values parse to.
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
];
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Horner evaluation of c0 + c1·x + … + c7·x⁷. */
function poly(c: readonly number[], x: number): number {
  let acc = 0;
  for (let i = c.length - 1; i >= 0; i--) acc = acc * x + (c[i] as number);
  return acc;
}

/**
 * Φ⁻¹(p), the standard normal quantile (scipy.stats.norm.ppf): −∞ at 0, +∞ at 1, NaN outside [0, 1].
 */
export function inverseNormalCdf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  const z = r <= 5 ? poly(C, r - 1.6) / poly(D, r - 1.6) : poly(E, r - 5) / poly(F, r - 5);
  return q < 0 ? -z : z;
}
