/**
 * The worker-thread side of the HDF5 reader (h5.ts starts it). It opens the bytes it is sent as a
 * file of h5wasm's in-memory file system (MEMFS: we load h5wasm's ESM build on purpose, because
 * `h5wasm/node` uses NODERAWFS, the real disk), reads the requested datasets into plain values, and
 * always closes and removes the file again.
 *
 * For a task file it also decodes the datasets and derives the trials and performance tables, so that
 * the numeric work (over up to 864,000 frames) never runs on the gateway's event loop.
 *
 * It runs in a worker so that the gateway survives files that make the HDF5 library loop forever
 * (the main thread gives up after a timeout and terminates the worker) or trap (a WebAssembly
 * "memory access out of bounds" leaves the module unusable; the main thread replaces the worker).
 */
import { parentPort } from 'node:worker_threads';
import h5wasm, { type Dataset } from 'h5wasm';
import { deriveTaskTables } from '../../domain/taskTables.ts';
import { InvalidDataError, TaskDataError } from '../../errors.ts';
import { H5File } from './h5.ts';
import type { H5Data, H5Entry, H5Request, H5Response } from './h5Protocol.ts';
import { type DatasetLimit, exceedsLimit, PER_FRAME_LIMIT } from './limits.ts';
import { decodeTaskFile, TASK_FILE_DATASETS, TASK_FILE_LIMITS } from './reader.ts';

const SCRATCH_DIR = '/tmp/labgraph';
/** A worker whose WebAssembly heap grew past this is replaced (a task file's read needs far less). */
const RETIRE_HEAP_BYTES = 256 * 1024 ** 2;
const H5T = { INTEGER: 0, FLOAT: 1, STRING: 3, ENUM: 8, VLEN: 9 } as const;

let sequence = 0;

async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  const module = await h5wasm.ready;
  // HDF5 errors throw (with the error stack as message) instead of printing to stderr.
  module.activate_throwing_error_handler();
  module.FS.mkdirTree(SCRATCH_DIR);
  port.on('message', (request: H5Request) => {
    if (request.type === 'scratch') {
      const names = (module.FS.readdir(SCRATCH_DIR) as string[]).filter((name) => !name.startsWith('.'));
      port.postMessage({ id: request.id, ok: true, scratch: names });
      return;
    }
    sequence += 1;
    const name = `read-${sequence}.h5`;
    const scratch = `${SCRATCH_DIR}/${name}`;
    // The file system takes the transferred bytes as the file's contents (canOwn): no copy.
    module.FS.createDataFile(SCRATCH_DIR, name, new Uint8Array(request.bytes), true, false, true);
    let response: H5Response;
    try {
      response =
        request.type === 'read'
          ? readEntries(request.id, scratch, request.names, request.limits)
          : readTaskTables(request.id, scratch, request.uri);
    } finally {
      try {
        module.FS.unlink(scratch);
      } catch {
        // Nothing to remove.
      }
    }
    // WebAssembly memory never shrinks: a worker a file made grow (e.g. variable-length strings,
    // which the metadata cannot size) is retired after answering, not kept at that size.
    const retire = module.HEAPU8.byteLength > RETIRE_HEAP_BYTES;
    // Numeric arrays (the frame intervals above all) are moved to the gateway, not copied.
    port.postMessage({ ...response, retire }, transferable(response));
  });
  port.postMessage({ ready: true });
}

/** The buffers of the answer's numeric arrays, each once (a buffer listed twice cannot be transferred). */
function transferable(response: H5Response): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (values: unknown) => {
    if (values instanceof Float64Array && values.buffer instanceof ArrayBuffer) buffers.add(values.buffer);
  };
  if ('entries' in response) {
    for (const entry of Object.values(response.entries)) if (entry.kind === 'number') add(entry.values);
  }
  if ('tables' in response) {
    const { data, ...tables } = response.tables;
    add(data.frameIntervals);
    for (const table of Object.values(tables)) for (const column of table.columns) add(column.values);
  }
  return [...buffers];
}

function readEntries(
  id: number,
  scratch: string,
  names: string[],
  limits: Record<string, DatasetLimit>,
): H5Response {
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(scratch, 'r');
  } catch (error) {
    return failure(id, null, error);
  }
  try {
    const entries: Record<string, H5Entry> = {};
    for (const name of names) {
      try {
        entries[name] = readEntry(file, name, limits[name] ?? PER_FRAME_LIMIT);
      } catch (error) {
        if (error instanceof WebAssembly.RuntimeError) return failure(id, name, error);
        entries[name] = { kind: 'error', message: messageOf(error) };
      }
    }
    return { id, ok: true, entries };
  } finally {
    try {
      file.close();
    } catch {
      // A failed close leaves nothing a later read could trip over (or the module is gone anyway).
    }
  }
}

function readTaskTables(id: number, scratch: string, uri: string): H5Response {
  const read = readEntries(id, scratch, [...TASK_FILE_DATASETS], TASK_FILE_LIMITS);
  return read.ok && 'entries' in read ? taskTables(id, uri, read.entries) : read;
}

/** The task file decoded and its tables derived; what is wrong with the content, as a message. */
function taskTables(id: number, uri: string, entries: Record<string, H5Entry>): H5Response {
  try {
    const data = decodeTaskFile(new H5File(uri, entries));
    return { id, ok: true, tables: { data, ...deriveTaskTables(data) } };
  } catch (error) {
    if (error instanceof InvalidDataError) {
      return { id, ok: true, invalid: error.message, taskDataError: null };
    }
    // The domain's message says what is inconsistent, not where it came from: name the object.
    if (error instanceof TaskDataError) {
      return { id, ok: true, invalid: `${uri}: ${error.message}`, taskDataError: error.message };
    }
    throw error; // a bug: the worker's error event fails this read
  }
}

function failure(id: number, path: string | null, error: unknown): H5Response {
  return {
    id,
    ok: false,
    path,
    message: messageOf(error),
    trapped: error instanceof WebAssembly.RuntimeError,
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function readEntry(file: InstanceType<typeof h5wasm.File>, name: string, limit: DatasetLimit): H5Entry {
  const entry = file.get(name);
  if (entry === null) return { kind: 'absent' };
  if (entry instanceof h5wasm.Group) return { kind: 'group' };
  if (!(entry instanceof h5wasm.Dataset)) return { kind: 'link' };
  // Checked from the metadata alone: nothing is read or decompressed for a dataset that is refused.
  const meta = entry.metadata;
  const refused = exceedsLimit(meta.shape ?? [], meta.size, meta.chunks, limit);
  if (refused !== null) return { kind: 'refused', message: refused };
  const data = decode(entry);
  // Variable-length strings have no size in the metadata: measured once read, before they leave
  // the worker.
  if (data.kind === 'string') {
    const bytes = data.values.reduce((total, value) => total + value.length, 0);
    if (bytes > limit.maxBytes) {
      const message = `holds ${bytes} characters of text, more than the ${limit.maxBytes} a task file holds (${limit.reason})`;
      return { kind: 'refused', message };
    }
  }
  return data;
}

function decode(dataset: Dataset): H5Data {
  const meta = dataset.metadata;
  const shape = meta.shape ?? [];
  const count = shape.reduce((a, b) => a * b, 1);
  if (meta.type === H5T.STRING) {
    return { kind: 'string', shape, values: asArray(dataset.value).map(String) };
  }
  if (meta.type === H5T.INTEGER || meta.type === H5T.FLOAT) {
    return {
      kind: 'number',
      shape,
      integer: meta.type === H5T.INTEGER,
      values: toFloat64(dataset.value, count),
    };
  }
  if (meta.type === H5T.ENUM && isH5pyBoolean(meta.enum_type?.members)) {
    return { kind: 'boolean', shape, values: Array.from(toFloat64(dataset.value, count), Boolean) };
  }
  if (meta.type === H5T.VLEN && meta.vlen_type && isNumeric(meta.vlen_type.type)) {
    return { kind: 'ragged', shape, values: asArray(dataset.value).map((row) => toFloat64(row, -1)) };
  }
  return { kind: 'other', shape, description: describeType(meta.type, meta.enum_type?.members) };
}

const isNumeric = (type: number) => type === H5T.INTEGER || type === H5T.FLOAT;

function isH5pyBoolean(members: Record<string, number> | undefined): boolean {
  return (
    members !== undefined && Object.keys(members).length === 2 && members.FALSE === 0 && members.TRUE === 1
  );
}

const TYPE_CLASSES: Record<number, string> = {
  2: 'time values',
  4: 'bitfields',
  5: 'opaque values',
  6: 'compound values',
  7: 'references',
  9: 'variable-length values',
  10: 'array values',
};

function describeType(type: number, members: Record<string, number> | undefined): string {
  if (type === H5T.ENUM) return `enum {${Object.keys(members ?? {}).join(', ')}} values`;
  return TYPE_CLASSES[type] ?? `values of HDF5 type class ${type}`;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * Any h5wasm numeric output (number, bigint, typed array incl. BigInt64Array) as float64 values. A
 * Float64Array is used as it comes: h5wasm copies every read out of its heap into a buffer of its own.
 */
function toFloat64(value: unknown, expected: number): Float64Array {
  let out: Float64Array;
  if (typeof value === 'number') out = Float64Array.of(value);
  else if (typeof value === 'bigint') out = Float64Array.of(Number(value));
  else if (value instanceof Float64Array) out = value;
  else if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
    out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = Number(value[i]);
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    out = Float64Array.from(value as unknown as ArrayLike<number>);
  } else throw new Error(`unexpected numeric value of type ${typeof value}`);
  if (expected >= 0 && out.length !== expected) {
    throw new Error(`read ${out.length} values where the shape holds ${expected}`);
  }
  return out;
}

if (parentPort) void serve(parentPort);
