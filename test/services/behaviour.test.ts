/**
 * The behaviour service over a real local object store in a temp directory: each task file is
 * downloaded and computed once per ETag, a broken file is diagnosed once and named by URI, session
 * options (invalid times) are applied on top, and outages are not cached.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { truncateTaskFileBytes } from '../../fixtures/generator/taskFileWriter.ts';
import { numericColumn } from '../../src/domain/columns.ts';
import { InvalidDataError, TaskDataError, UpstreamError } from '../../src/errors.ts';
import { createBehaviourService } from '../../src/services/behaviour.ts';
import {
  createLocalObjectStore,
  type ObjectInfo,
  type StimFile,
  selectSessionStimFiles,
} from '../../src/sources/objectstore/index.ts';
import { type CountingObjectStore, countingObjectStore } from '../support/countingObjectStore.ts';
import { taskFileBytes, workedExampleTaskData, writeTaskFileInto } from '../support/taskFileBytes.ts';

const BUCKET = 'aind-scratch-data';
const TEMPLATE = 'Data/{subject}/';
const KEY = 'Data/674723/DynamicRouting1_674723_20231016_162009.hdf5';
const URI = `s3://${BUCKET}/${KEY}`;

let root: string;
let counting: CountingObjectStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'labgraph-behaviour-'));
  counting = countingObjectStore(createLocalObjectStore({ root }));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const service = () =>
  createBehaviourService({
    objectStore: counting.store,
    taskFiles: { bucket: BUCKET, prefixTemplate: TEMPLATE },
    derivedCacheMaxBytes: 256 * 1024 ** 2,
  });

async function onlyFile(s: ReturnType<typeof service>): Promise<ObjectInfo> {
  const listing = await s.listSubjectFolder('674723');
  expect(listing).toHaveLength(1);
  return listing[0] as ObjectInfo;
}

async function taskStimFile(s: ReturnType<typeof service>): Promise<StimFile> {
  const { taskFile } = selectSessionStimFiles(
    await s.listSubjectFolder('674723'),
    { subject: '674723', date: '2023-10-16' },
    { folder: s.folderOf('674723') },
  );
  if (!taskFile) throw new Error('no task file in the listing');
  return taskFile;
}

const NO_OPTIONS = { invalidTimes: [], isWildtype: null };

describe('derived tables are cached by ETag', () => {
  it('downloads and computes a task file once, however often it is asked for', async () => {
    await writeTaskFileInto(root, BUCKET, KEY, workedExampleTaskData());
    const s = service();
    const file = await onlyFile(s);
    const [a, b] = await Promise.all([s.taskTables(file), s.taskTables(file)]);
    const c = await s.taskTables(file);
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(a.trials.rowCount).toBe(10);
    expect(a.performance.rowCount).toBe(2);
    expect(a.legacyPerformance.rowCount).toBe(2);
    expect(counting.count('get')).toBe(1);
  });

  it('reads the file again when its ETag changes', async () => {
    await writeTaskFileInto(root, BUCKET, KEY, workedExampleTaskData());
    const s = service();
    const before = await s.taskTables(await onlyFile(s));
    const changed = workedExampleTaskData();
    changed.taskVersion = 'stage 5 ori AMN moving timeouts repeats, a longer version string';
    await writeTaskFileInto(root, BUCKET, KEY, changed);
    // head, not the listing: listings are cached for minutes, a HEAD shows the new ETag at once.
    const file = (await counting.store.head(BUCKET, KEY)) as ObjectInfo;
    expect(file.etag).not.toBe(before.file.etag);
    const after = await s.taskTables(file);
    expect(after.data.taskVersion).toBe(changed.taskVersion);
    expect(counting.count('get')).toBe(2);
  });

  it('diagnoses a corrupt file once and names it in the InvalidDataError', async () => {
    await writeFile(
      await writeTaskFileInto(root, BUCKET, KEY, workedExampleTaskData()),
      truncateTaskFileBytes(await taskFileBytes(workedExampleTaskData())),
    );
    const s = service();
    const file = await onlyFile(s);
    for (let i = 0; i < 3; i++) {
      const error = await s.taskTables(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as InvalidDataError).uri).toBe(URI);
      expect((error as Error).message).toContain(URI);
    }
    expect(counting.count('get')).toBe(1);
  });

  it('turns inconsistent task data (a domain error) into INVALID_DATA naming the file', async () => {
    const data = workedExampleTaskData();
    // The reader checks frame ranges; a fractional response frame only the trials computation rejects.
    data.trialResponseFrame = data.trialResponseFrame.map((f, k) => (k === 9 ? 943.5 : f));
    await writeTaskFileInto(root, BUCKET, KEY, data);
    const s = service();
    const error = await s.taskTables(await onlyFile(s)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).uri).toBe(URI);
    expect((error as Error).message).toMatch(/943\.5/);
    expect((error as Error).cause).toBeInstanceOf(TaskDataError);
  });

  it('does not cache an outage: the next call tries the store again', async () => {
    await writeTaskFileInto(root, BUCKET, KEY, workedExampleTaskData());
    const s = service();
    const file = await onlyFile(s);
    counting.failWith = (call) =>
      call.operation === 'get' ? new UpstreamError('objectstore', 'UNAVAILABLE', 'objectstore: down') : null;
    await expect(s.taskTables(file)).rejects.toBeInstanceOf(UpstreamError);
    counting.failWith = null;
    await expect(s.taskTables(file)).resolves.toMatchObject({ file: { key: KEY } });
    expect(counting.count('get')).toBe(2);
  });
});

describe("a session's view of its task file", () => {
  it('is the whole file without invalid times, with one task epoch', async () => {
    await writeTaskFileInto(root, BUCKET, KEY, workedExampleTaskData());
    const s = service();
    const task = await s.sessionTask(await taskStimFile(s), NO_OPTIONS);
    expect(task.trials.rowCount).toBe(10);
    expect(task.epochs.rowCount).toBe(1);
    expect(task.epochs.columns.find((c) => c.name === 'script_name')?.values).toEqual(['DynamicRouting1']);
    expect(await s.sessionTask(await taskStimFile(s), NO_OPTIONS)).toBe(task);
  });

  it('drops trials overlapping invalid times and recomputes performance from the rest', async () => {
    await writeTaskFileInto(root, BUCKET, KEY, workedExampleTaskData());
    const s = service();
    const stimFile = await taskStimFile(s);
    const whole = await s.sessionTask(stimFile, NO_OPTIONS);
    // Block 1 spans 8.43–16.67 s (§8.2): invalidating from 9 s to the end keeps block 0 (trials 0–4).
    const cut = await s.sessionTask(stimFile, {
      invalidTimes: [{ startTime: 9, stopTime: -1, reason: 'amplifier off' }],
      isWildtype: null,
    });
    expect(whole.trials.rowCount).toBe(10);
    expect(Array.from(numericColumn(cut.trials, 'trial_index'))).toEqual([0, 1, 2, 3, 4]);
    expect(cut.performance.rowCount).toBe(1);
    expect(cut.legacyPerformance.rowCount).toBe(1);
    expect(cut.epochs.columns.find((c) => c.name === 'tags')?.values).toEqual([
      ['task', 'rewards', 'invalid_times'],
    ]);
    expect(counting.count('get')).toBe(1);
  });
});
