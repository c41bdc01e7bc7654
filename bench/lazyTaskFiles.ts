/**
 * The scale lab's object store: the local S3 layout under `<lab>/s3`, whose task files are generated
 * on first read. The lab lists them (`task_files.json`, written by `labgraph fixtures --scale`); a
 * listing, head, get or exists that reaches a task file not yet on disk writes it first (h5wasm, the
 * fixture generator's own writer) and keeps it for later runs.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabTaskFile } from '../fixtures/generator/lab.ts';
import { SCALE_TASK_FILES, TASK_BUCKET } from '../fixtures/generator/scaleLab.ts';
import { createLocalObjectStore, type ObjectStore } from '../src/sources/objectstore/index.ts';

export function lazyTaskFileStore(labDir: string): ObjectStore {
  const root = path.join(labDir, 's3');
  const local = createLocalObjectStore({ root });
  let profiles: Promise<Map<string, LabTaskFile>> | null = null;
  const writing = new Map<string, Promise<void>>();

  const write = async (key: string, profile: LabTaskFile) => {
    const file = path.join(root, TASK_BUCKET, key);
    if (existsSync(file)) return;
    // Loaded on first use: a gateway that never reads a task file never loads the writer.
    const { simulateTaskFile } = await import('../fixtures/generator/taskSimulator.ts');
    const { h5wasmBytes, taskFileLayout } = await import('../fixtures/generator/taskFileWriter.ts');
    const { labTaskFileVariant } = await import('../fixtures/generator/taskFiles.ts');
    const bytes = await h5wasmBytes(taskFileLayout(simulateTaskFile(profile), labTaskFileVariant(profile)));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  };

  /** Writes every task file under `prefix` that is not on disk yet. */
  const ensure = async (bucket: string, prefix: string) => {
    if (bucket !== TASK_BUCKET) return;
    profiles ??= readFile(path.join(labDir, SCALE_TASK_FILES), 'utf8').then(
      (text) => new Map(Object.entries(JSON.parse(text) as Record<string, LabTaskFile>)),
    );
    const pending: Promise<void>[] = [];
    for (const [key, profile] of await profiles) {
      if (!key.startsWith(prefix)) continue;
      let job = writing.get(key);
      if (job === undefined) {
        job = write(key, profile);
        writing.set(key, job);
      }
      pending.push(job);
    }
    await Promise.all(pending);
  };

  return {
    kind: local.kind,
    describe: () => `${local.describe()} (task files generated on first read)`,
    list: async (bucket, prefix) => {
      await ensure(bucket, prefix);
      return local.list(bucket, prefix);
    },
    listFolder: async (bucket, prefix) => {
      await ensure(bucket, prefix);
      return local.listFolder(bucket, prefix);
    },
    head: async (bucket, key) => {
      await ensure(bucket, key);
      return local.head(bucket, key);
    },
    get: async (bucket, key, listed) => {
      await ensure(bucket, key);
      return local.get(bucket, key, listed);
    },
    exists: async (bucket, prefix) => {
      await ensure(bucket, prefix);
      return local.exists(bucket, prefix);
    },
  };
}
