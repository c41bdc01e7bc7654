/**
 * Hostile task files, generated here with h5wasm: datasets whose metadata declares far more than a
 * task file holds (a gzip-compressed 200 M-value `frameIntervals` in a small file, oversized chunks)
 * are refused from their metadata, before anything is decompressed, with INVALID_DATA naming the URI.
 */
import { describe, expect, it } from 'vitest';
import { h5wasmBytes, taskFileLayout } from '../../fixtures/generator/taskFileWriter.ts';
import { InvalidDataError } from '../../src/errors.ts';
import { readTaskFile, withH5File } from '../../src/sources/taskfile/index.ts';
import { MAX_FRAMES, PER_FRAME_LIMIT } from '../../src/sources/taskfile/limits.ts';
import { taskFileWith } from '../support/hostileTaskFiles.ts';
import { workedExampleTaskData } from '../support/taskFileBytes.ts';

const URI =
  's3://aind-scratch-data/dynamic-routing/DynamicRoutingTask/Data/366122/DynamicRouting1_366122_20230130_125627.hdf5';
const MB = 1024 ** 2;

async function invalidOf(promise: Promise<unknown>): Promise<InvalidDataError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidDataError);
  const invalid = error as InvalidDataError;
  expect(invalid.uri).toBe(URI);
  expect(invalid.message).toContain(URI);
  return invalid;
}

describe('task-file size limits (from the metadata, before decompression)', () => {
  it('refuses a compressed frameIntervals of 200 M float64s without reading it (RSS stays flat)', async () => {
    const bytes = await taskFileWith([
      { name: 'frameIntervals', written: 1_000, extent: 200_000_000, chunk: 65_536 },
    ]);
    expect(bytes.byteLength).toBeLessThan(MB); // the bomb is small on the wire
    const rssBefore = process.memoryUsage().rss;
    const error = await invalidOf(readTaskFile(bytes, URI));
    // Reading it would take 1.6 GB in the worker and as much again on the main thread.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * MB);
    expect(error.message).toMatch(
      /dataset "frameIntervals" has shape \(200000000\): 200000000 values, more than the 864000 a task file holds \(4 h at 60 Hz\)/,
    );
  });

  it('refuses a per-trial array longer than any session could have trials', async () => {
    const bytes = await taskFileWith([
      { name: 'trialResponseFrame', written: 10, extent: 5_000_000, chunk: 4_096 },
    ]);
    const error = await invalidOf(readTaskFile(bytes, URI));
    expect(error.message).toMatch(/dataset "trialResponseFrame" has shape \(5000000\)/);
  });

  it('refuses a dataset stored in chunks larger than the dataset may be (decompressed whole)', async () => {
    const bytes = await taskFileWith([
      { name: 'frameIntervals', written: 1_000, extent: 1_000, chunk: 2_000_000 },
    ]);
    const error = await invalidOf(readTaskFile(bytes, URI));
    expect(error.message).toMatch(/dataset "frameIntervals" is stored in chunks of \(2000000\) values/);
  });

  it('refuses a scalar parameter that holds an array', async () => {
    const bytes = await taskFileWith([
      { name: 'quiescentFrames', written: 10, extent: 100_000, chunk: 1_024 },
    ]);
    const error = await invalidOf(readTaskFile(bytes, URI));
    expect(error.message).toMatch(/dataset "quiescentFrames" has shape \(100000\).*a task parameter/);
  });

  it('refuses text longer than a task file holds (variable-length strings, measured in the worker)', async () => {
    const layout = taskFileLayout(workedExampleTaskData()).map((node) =>
      node.path === 'trialStim' && node.kind === 'str'
        ? { ...node, values: node.values.map(() => 'vis1'.repeat(250_000)) }
        : node,
    );
    const error = await invalidOf(readTaskFile(await h5wasmBytes(layout), URI));
    expect(error.message).toMatch(
      /dataset "trialStim" holds 10000000 characters of text, more than the 7372800/,
    );
  });

  it('reads a per-frame array of exactly the limit, and refuses one value more', async () => {
    const limits = { frameIntervals: PER_FRAME_LIMIT };
    const read = (bytes: Uint8Array) =>
      withH5File(bytes, URI, ['frameIntervals'], (file) => file.read('frameIntervals')?.shape, { limits });
    const atLimit = await taskFileWith([
      { name: 'frameIntervals', written: 1_000, extent: MAX_FRAMES, chunk: 65_536 },
    ]);
    expect(await read(atLimit)).toEqual([MAX_FRAMES]);
    const over = await taskFileWith([
      { name: 'frameIntervals', written: 1_000, extent: MAX_FRAMES + 1, chunk: 65_536 },
    ]);
    await invalidOf(read(over));
  });

  it('still reads compressed, chunked datasets of a real size', async () => {
    const frames = workedExampleTaskData().frameIntervals.length;
    const bytes = await taskFileWith([
      { name: 'frameIntervals', written: frames, extent: frames, chunk: 256 },
    ]);
    expect((await readTaskFile(bytes, URI)).frameIntervals).toHaveLength(frames);
  });
});
