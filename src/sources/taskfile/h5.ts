/**
 * A small typed layer over h5wasm for reading HDF5 bytes: it loads the WASM module, opens the bytes
 * as a file of the module's in-memory file system and always removes it again, and turns datasets
 * into plain values (numbers as Float64Array, strings as string[], h5py's FALSE/TRUE enum as
 * booleans) with their shape, so callers never see BigInt, enum metadata or HDF5 type codes.
 *
 * Every h5wasm call runs inside `guard`, which turns whatever the HDF5 library throws into an
 * InvalidDataError naming the object's URI. We load h5wasm's ESM build on purpose: its file system
 * is MEMFS (pure memory), whereas `h5wasm/node` uses NODERAWFS, i.e. the process's real disk.
 */
import h5wasm, { type Dataset, type File as H5WasmFile } from 'h5wasm';
import { InvalidDataError } from '../../errors.ts';

type H5Lib = typeof h5wasm;
type H5Module = Awaited<H5Lib['ready']>;

interface H5Instance {
  lib: H5Lib;
  module: H5Module;
}

/** Where opened bytes live while a file is read (inside the WASM module's MEMFS, not on disk). */
const SCRATCH_DIR = '/tmp/labgraph';
const SCRATCH_PREFIX = 'read-';

let instance: Promise<H5Instance> | null = null;
/** Incremented each time a crashed instance is replaced (a fresh copy of the module is imported). */
let generation = 0;
let sequence = 0;

async function loadInstance(): Promise<H5Instance> {
  // The first instance is the statically imported module. A WebAssembly trap (a corrupt file can
  // make HDF5 read out of bounds or abort) leaves that instance unusable, so later generations
  // import a fresh copy of the module under a distinct URL, which instantiates a new WASM memory.
  const lib =
    generation === 0
      ? h5wasm
      : ((await import(`${import.meta.resolve('h5wasm')}?instance=${generation}`)) as { default: H5Lib })
          .default;
  const module = await lib.ready;
  // Make HDF5 errors throw (with the error stack as message) instead of printing to stderr.
  module.activate_throwing_error_handler();
  module.FS.mkdirTree(SCRATCH_DIR);
  return { lib, module };
}

function h5(): Promise<H5Instance> {
  instance ??= loadInstance();
  return instance;
}

function discard(broken: H5Instance): void {
  void instance?.then((current) => {
    if (current === broken) {
      instance = null;
      generation += 1;
    }
  });
}

/** The class of a dataset's values, as far as the task-file reader cares. */
export type H5Data =
  | { kind: 'number'; path: string; shape: number[]; integer: boolean; values: Float64Array }
  /** h5py's boolean enum `{FALSE: 0, TRUE: 1}` (the task's booleans). */
  | { kind: 'boolean'; path: string; shape: number[]; values: boolean[] }
  | { kind: 'string'; path: string; shape: number[]; values: string[] }
  /** Variable-length numeric rows (h5py's encoding of ragged nested lists). */
  | { kind: 'ragged'; path: string; shape: number[]; values: Float64Array[] }
  | { kind: 'other'; path: string; shape: number[]; description: string };

/** A file opened read-only. Valid only inside the `withH5File` callback. */
export class H5File {
  constructor(
    private readonly h5: H5Instance,
    private readonly file: H5WasmFile,
    readonly uri: string,
  ) {}

  /** What is at `path`: absent, a group, a dataset, or something else (link, named type). */
  entryKind(path: string): 'absent' | 'group' | 'dataset' | 'other' {
    return guard(this.h5, this.uri, path, () => {
      const entry = this.file.get(path);
      if (entry === null) return 'absent';
      if (entry instanceof this.h5.lib.Group) return 'group';
      if (entry instanceof this.h5.lib.Dataset) return 'dataset';
      return 'other';
    });
  }

  /** The dataset's values, or null when nothing is at `path`; InvalidDataError when it is not a dataset. */
  read(path: string): H5Data | null {
    const kind = this.entryKind(path);
    if (kind === 'absent') return null;
    if (kind !== 'dataset') {
      throw new InvalidDataError(this.uri, `${this.uri}: "${path}" is a ${kind}, not a dataset`);
    }
    return guard(this.h5, this.uri, path, () => decode(path, this.file.get(path) as Dataset));
  }
}

const H5T = { INTEGER: 0, FLOAT: 1, STRING: 3, ENUM: 8, VLEN: 9 } as const;

function decode(path: string, dataset: Dataset): H5Data {
  const meta = dataset.metadata;
  const shape = meta.shape ?? [];
  const count = shape.reduce((a, b) => a * b, 1);
  if (meta.type === H5T.STRING) {
    return { kind: 'string', path, shape, values: asArray(dataset.value).map(String) };
  }
  if (meta.type === H5T.INTEGER || meta.type === H5T.FLOAT) {
    const values = toFloat64(dataset.value, count);
    return { kind: 'number', path, shape, integer: meta.type === H5T.INTEGER, values };
  }
  if (meta.type === H5T.ENUM && isH5pyBoolean(meta.enum_type?.members)) {
    return { kind: 'boolean', path, shape, values: Array.from(toFloat64(dataset.value, count), Boolean) };
  }
  if (meta.type === H5T.VLEN && meta.vlen_type && isNumeric(meta.vlen_type.type)) {
    const rows = asArray(dataset.value).map((row) => toFloat64(row, -1));
    return { kind: 'ragged', path, shape, values: rows };
  }
  return { kind: 'other', path, shape, description: describeType(meta.type, meta.enum_type?.members) };
}

const isNumeric = (type: number) => type === H5T.INTEGER || type === H5T.FLOAT;

function isH5pyBoolean(members: Record<string, number> | undefined): boolean {
  return (
    members !== undefined && Object.keys(members).length === 2 && members.FALSE === 0 && members.TRUE === 1
  );
}

function describeType(type: number, members: Record<string, number> | undefined): string {
  if (type === H5T.ENUM) return `enum {${Object.keys(members ?? {}).join(', ')}}`;
  const names: Record<number, string> = {
    2: 'time',
    4: 'bitfield',
    5: 'opaque',
    6: 'compound',
    7: 'reference',
    9: 'variable-length',
    10: 'array',
  };
  return names[type] ?? `HDF5 type class ${type}`;
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return [value];
}

/** Any h5wasm numeric output (number, bigint, typed array incl. BigInt64Array) as float64 values. */
function toFloat64(value: unknown, expected: number): Float64Array {
  let out: Float64Array;
  if (typeof value === 'number') out = Float64Array.of(value);
  else if (typeof value === 'bigint') out = Float64Array.of(Number(value));
  else if (value instanceof BigInt64Array || value instanceof BigUint64Array)
    out = Float64Array.from(value, Number);
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    out = Float64Array.from(value as unknown as ArrayLike<number>);
  else throw new Error(`unexpected numeric value of type ${typeof value}`);
  if (expected >= 0 && out.length !== expected) {
    throw new Error(`read ${out.length} values where the shape holds ${expected}`);
  }
  return out;
}

/**
 * Opens `bytes` as an HDF5 file, passes it to `read`, and always closes and removes it afterwards.
 * Bytes that are not a readable HDF5 file give an InvalidDataError naming `uri`.
 */
export async function withH5File<T>(bytes: Uint8Array, uri: string, read: (file: H5File) => T): Promise<T> {
  const h5Instance = await h5();
  const { FS } = h5Instance.module;
  sequence += 1;
  const scratch = `${SCRATCH_DIR}/${SCRATCH_PREFIX}${sequence}.h5`;
  FS.writeFile(scratch, bytes);
  let file: H5WasmFile | undefined;
  try {
    file = guard(h5Instance, uri, null, () => new h5Instance.lib.File(scratch, 'r'));
    return read(new H5File(h5Instance, file, uri));
  } finally {
    try {
      file?.close();
    } catch {
      // A failed close leaves nothing to release that a later read could trip over.
    }
    try {
      FS.unlink(scratch);
    } catch {
      // The instance was discarded after a WASM trap; its file system goes with it.
    }
  }
}

/** Names of the files currently held by the module's file system for reads (for leak tests). */
export async function scratchFiles(): Promise<string[]> {
  const { FS } = (await h5()).module;
  return (FS.readdir(SCRATCH_DIR) as string[]).filter((name) => name.startsWith(SCRATCH_PREFIX));
}

/** Runs an h5wasm call; anything it throws becomes an InvalidDataError about `uri` (and `path`). */
function guard<T>(h5Instance: H5Instance, uri: string, path: string | null, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof InvalidDataError) throw error;
    if (error instanceof WebAssembly.RuntimeError) discard(h5Instance);
    const where = path === null ? 'not a readable HDF5 file' : `cannot read "${path}"`;
    throw new InvalidDataError(uri, `${uri}: ${where} (${hdf5Reason(error)})`, { cause: error });
  }
}

/**
 * The innermost reason of an HDF5 error stack ("file signature not found", "truncated file: eof =
 * …"), or the first line of any other error.
 */
export function hdf5Reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n');
  const reasons = lines.map((line) => /\(\): (.+)$/.exec(line)?.[1]?.trim()).filter(Boolean);
  const minors = lines.map((line) => /^\s*minor: (.+)$/.exec(line)?.[1]?.trim()).filter(Boolean);
  const reason = reasons.at(-1) ?? minors.at(-1) ?? lines[0] ?? 'unknown error';
  return reason.length > 200 ? `${reason.slice(0, 200)}…` : reason;
}
