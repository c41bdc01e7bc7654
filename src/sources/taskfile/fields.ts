/**
 * Typed access to the task file's root datasets, with the h5py encodings undone (reference §3):
 * `None` is an f8 NaN scalar, an empty list is f8 of shape (0,), booleans are h5py's FALSE/TRUE
 * enum (or plain 0/1 integers, as h5wasm-written files hold them), per-trial values may be stored
 * 2-D (N, k) or ragged, of which the first column is the trial's value.
 *
 * Every accessor returns null when the dataset is absent and throws InvalidDataError (naming the
 * URI and the dataset) when it holds something of the wrong kind.
 */
import { InvalidDataError } from '../../errors.ts';
import type { H5Data, H5File } from './h5.ts';

export class TaskFileFields {
  constructor(private readonly file: H5File) {}

  get uri(): string {
    return this.file.uri;
  }

  fail(name: string, problem: string): never {
    throw new InvalidDataError(this.uri, `${this.uri}: dataset "${name}" ${problem}`);
  }

  has(name: string): boolean {
    return this.file.entryKind(name) !== 'absent';
  }

  /** Throws "missing required dataset" for an absent one. */
  required<T>(name: string, value: T | null): T {
    if (value === null) {
      throw new InvalidDataError(this.uri, `${this.uri}: missing required dataset "${name}"`);
    }
    return value;
  }

  /** A 1-D numeric array (an empty list counts). With `integer`, every value must be a whole number. */
  numbers(name: string, options: { integer?: boolean } = {}): number[] | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (isEmptyList(data)) return [];
    if (data.kind !== 'number') return this.wrongKind(name, data, 'numbers');
    if (data.shape.length !== 1)
      this.fail(name, `has shape (${data.shape.join(', ')}), expected 1-D numbers`);
    const values = Array.from(data.values);
    if (options.integer) this.assertIntegers(name, values);
    return values;
  }

  /**
   * One number per row: 1-D as stored, (N, k) → column 0, ragged rows → their first value (NaN
   * for an empty row). Used for per-trial values stored 2-D in some task versions.
   */
  firstColumn(name: string): number[] | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (isEmptyList(data)) return [];
    if (data.kind === 'ragged') return data.values.map((row) => row[0] ?? Number.NaN);
    if (data.kind !== 'number') return this.wrongKind(name, data, 'numbers');
    return this.firstOfRows(name, data.shape, Array.from(data.values));
  }

  /** The first two values of each row (e.g. galvo X/Y voltages stored (N, 2) or (N, k, 2)). */
  pairs(name: string): [number, number][] | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (isEmptyList(data)) return [];
    if (data.kind === 'ragged') return data.values.map((row) => [row[0] ?? Number.NaN, row[1] ?? Number.NaN]);
    if (data.kind !== 'number') return this.wrongKind(name, data, 'numbers');
    const [rows = 0] = data.shape;
    const width = rows === 0 ? 0 : data.values.length / rows;
    if (data.shape.length < 2 || width < 2)
      this.fail(name, `has shape (${data.shape.join(', ')}), expected pairs`);
    return Array.from({ length: rows }, (_, r) => [
      data.values[r * width] ?? Number.NaN,
      data.values[r * width + 1] ?? Number.NaN,
    ]);
  }

  /** A 1-D array of booleans: h5py's enum, or integers that are all 0 or 1. */
  booleans(name: string): boolean[] | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (isEmptyList(data)) return [];
    if (data.shape.length !== 1)
      this.fail(name, `has shape (${data.shape.join(', ')}), expected 1-D booleans`);
    if (data.kind === 'boolean') return data.values;
    if (data.kind === 'number' && data.integer && data.values.every((v) => v === 0 || v === 1)) {
      return Array.from(data.values, Boolean);
    }
    return this.wrongKind(name, data, 'booleans');
  }

  /** A 1-D array of strings; with `firstColumn`, (N, k) strings give column 0. */
  strings(name: string, options: { firstColumn?: boolean } = {}): string[] | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (isEmptyList(data)) return [];
    if (data.kind !== 'string') return this.wrongKind(name, data, 'strings');
    if (options.firstColumn) return this.firstOfRows(name, data.shape, data.values);
    if (data.shape.length !== 1)
      this.fail(name, `has shape (${data.shape.join(', ')}), expected 1-D strings`);
    return data.values;
  }

  /** Rows of strings: (B, k) → B rows of k; 1-D → one single-string row per value. */
  stringRows(name: string): string[][] | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (isEmptyList(data)) return [];
    if (data.kind !== 'string') return this.wrongKind(name, data, 'strings');
    if (data.shape.length === 1) return data.values.map((value) => [value]);
    if (data.shape.length !== 2)
      this.fail(name, `has shape (${data.shape.join(', ')}), expected 2-D strings`);
    const [rows = 0, width = 0] = data.shape;
    return Array.from({ length: rows }, (_, r) => data.values.slice(r * width, (r + 1) * width));
  }

  /** A scalar number (a one-element array counts). `integer` requires a whole number. */
  scalarNumber(name: string, options: { integer?: boolean } = {}): number | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (data.kind !== 'number') return this.wrongKind(name, data, 'a number');
    const value = this.single(name, data, data.values[0]);
    if (options.integer) this.assertIntegers(name, [value]);
    return value;
  }

  /** A scalar string; `None` (stored as f8 NaN) and absence give null. */
  scalarString(name: string): string | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (data.kind === 'number' && data.values.length === 1 && Number.isNaN(data.values[0])) return null;
    if (data.kind !== 'string') return this.wrongKind(name, data, 'a string');
    return this.single(name, data, data.values[0]);
  }

  /** The frame intervals as float64, 1-D. */
  float64(name: string): Float64Array | null {
    const data = this.file.read(name);
    if (data === null) return null;
    if (isEmptyList(data)) return new Float64Array(0);
    if (data.kind !== 'number') return this.wrongKind(name, data, 'numbers');
    if (data.shape.length !== 1)
      this.fail(name, `has shape (${data.shape.join(', ')}), expected 1-D numbers`);
    return data.values;
  }

  private single<T>(name: string, data: H5Data, value: T | undefined): T {
    const size = data.shape.reduce((a, b) => a * b, 1);
    if (size !== 1 || value === undefined) {
      this.fail(name, `has shape (${data.shape.join(', ')}), expected a single value`);
    }
    return value;
  }

  private firstOfRows<T>(name: string, shape: number[], values: T[]): T[] {
    if (shape.length === 1) return values;
    const [rows = 0] = shape;
    if (shape.length === 0 || rows === 0) this.fail(name, `has shape (${shape.join(', ')}), expected rows`);
    const width = values.length / rows;
    return Array.from({ length: rows }, (_, r) => values[r * width] as T);
  }

  private assertIntegers(name: string, values: number[]): void {
    const bad = values.find((v) => !Number.isInteger(v));
    if (bad !== undefined) this.fail(name, `holds ${bad} where whole frame numbers belong`);
  }

  private wrongKind(name: string, data: H5Data, expected: string): never {
    const found =
      data.kind === 'number'
        ? data.integer
          ? 'integers'
          : 'floats'
        : data.kind === 'other'
          ? data.description
          : data.kind === 'ragged'
            ? 'ragged numeric rows'
            : `${data.kind}s`;
    return this.fail(name, `holds ${found} where ${expected} belong`);
  }
}

/** h5py stores an empty Python list as float64 of shape (0,), whatever the list would have held. */
function isEmptyList(data: H5Data): boolean {
  return data.kind === 'number' && data.shape.length === 1 && data.shape[0] === 0;
}
