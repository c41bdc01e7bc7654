/**
 * Hostile task files, generated at test time with h5wasm (never committed): the worked example's file
 * with some datasets replaced by gzip-compressed, chunked float64 datasets that declare far more
 * values than they store (unwritten chunks read back as the fill value), so the file stays small.
 */
import h5wasm from 'h5wasm';
import { type H5NodeSpec, h5wasmBytes, taskFileLayout } from '../../fixtures/generator/taskFileWriter.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { workedExampleTaskData } from './taskFileBytes.ts';

export interface ChunkedDataset {
  name: string;
  /** Values written (the first chunk). */
  written: number;
  /** The extent the dataset is resized to afterwards: never written, read back as the fill value. */
  extent: number;
  chunk: number;
}

let scratchCount = 0;

/**
 * The task file of `data` (default: the worked example) with `datasets` replaced by gzip-compressed, chunked float64 datasets
 * resized to `extent`: the file stays small whatever the declared extent.
 */
export async function taskFileWith(
  datasets: ChunkedDataset[],
  data: TaskFileData = workedExampleTaskData(),
): Promise<Uint8Array> {
  const names = new Set(datasets.map((d) => d.name));
  const layout: H5NodeSpec[] = taskFileLayout(data).filter((node) => !names.has(node.path));
  const module = await h5wasm.ready;
  scratchCount += 1;
  const scratch = `/tmp/labgraph/hostile-${scratchCount}.h5`;
  module.FS.writeFile(scratch, await h5wasmBytes(layout));
  const file = new h5wasm.File(scratch, 'a');
  try {
    for (const { name, written, extent, chunk } of datasets) {
      const dataset = file.create_dataset({
        name,
        data: new Float64Array(written).fill(1 / 60),
        shape: [written],
        maxshape: [null],
        chunks: [chunk],
        compression: 'gzip',
        compression_opts: 9,
      });
      dataset.resize([extent]);
    }
  } finally {
    file.close();
  }
  try {
    return module.FS.readFile(scratch);
  } finally {
    module.FS.unlink(scratch);
  }
}
