import { describe, expect, it } from 'vitest';
import {
  type CanonicalValue,
  canonicalJson,
  inputFingerprint,
  sha256Hex,
} from '../../src/domain/canonicalJson.ts';

describe('canonicalJson', () => {
  it.each<[CanonicalValue, string]>([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 2, x: 1 }, a: undefined }, '{"z":{"x":1,"y":2}}'],
    [[undefined, 1e21, 0.1, -0], '[null,1e+21,0.1,0]'],
    ['é"\n', '"é\\"\\n"'],
    // keys sort by UTF-16 code unit: uppercase before lowercase, "10" before "9"
    [{ b: 0, B: 0, 9: 0, 10: 0 }, '{"10":0,"9":0,"B":0,"b":0}'],
  ])('%j → %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('does not depend on key order, and refuses numbers JSON cannot hold', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });

  it('fingerprints operation and input with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const one = inputFingerprint('recordWeight', { subject: '676909', weightG: 21.5 });
    expect(one).toBe(inputFingerprint('recordWeight', { weightG: 21.5, subject: '676909' }));
    expect(one).not.toBe(inputFingerprint('recordWaterAdministration', { subject: '676909', weightG: 21.5 }));
    expect(one).not.toBe(inputFingerprint('recordWeight', { subject: '676909', weightG: 21.6 }));
    expect(one).toMatch(/^[0-9a-f]{64}$/);
  });
});
