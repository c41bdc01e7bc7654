import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLab, TASK_BUCKET, taskFileKey } from '../../fixtures/generator/lab.ts';
import {
  extraStimFileKey,
  labTaskFileVariant,
  zeroByteDuplicateKey,
} from '../../fixtures/generator/taskFiles.ts';
import {
  type BrokenTaskFile,
  type H5NodeSpec,
  h5wasmBytes,
  taskFileLayout,
} from '../../fixtures/generator/taskFileWriter.ts';
import { simulateTaskFile, type TaskProfile } from '../../fixtures/generator/taskSimulator.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { InvalidDataError } from '../../src/errors.ts';
import {
  closeTaskFileReader,
  readTaskFile,
  scratchFiles,
  withH5File,
} from '../../src/sources/taskfile/index.ts';
import {
  asDecoded,
  EXACT_FORMAT_EXAMPLES,
  type ExactFormatExample,
  exactFormatExamplePath,
  taskFileBytes,
  workedExampleTaskData,
  workedExampleWithOpto,
} from '../support/taskFileBytes.ts';

const URI =
  's3://aind-scratch-data/dynamic-routing/DynamicRoutingTask/Data/366122/DynamicRouting1_366122_20230130_125627.hdf5';
const FIXTURE_ROOT = join(import.meta.dirname, '../../fixtures/s3', TASK_BUCKET);
const nan = Number.NaN;

/** Rejects with an InvalidDataError about `uri` whose message names the uri and matches `problem`. */
async function expectInvalid(promise: Promise<unknown>, uri: string, problem: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidDataError);
  expect((error as InvalidDataError).uri).toBe(uri);
  expect((error as InvalidDataError).message).toContain(uri);
  expect((error as InvalidDataError).message).toMatch(problem);
}

/** The stored kind of a dataset: what the file holds before decoding. */
async function storedKind(bytes: Uint8Array, path: string) {
  return withH5File(bytes, URI, [path], (file) => {
    const data = file.read(path);
    return data && { kind: data.kind, shape: data.shape };
  });
}

/** The layout with one node replaced (or removed, with null). */
function edit(nodes: H5NodeSpec[], path: string, replacement: H5NodeSpec | null): H5NodeSpec[] {
  return nodes.flatMap((node) => (node.path !== path ? [node] : replacement ? [replacement] : []));
}

const profile = (overrides: Partial<TaskProfile> = {}): TaskProfile => ({
  seed: 7,
  subject: '676909',
  startTime: '20240402_131500',
  durationMinutes: 5,
  performer: 'poor',
  opto: false,
  incorrect: 'timeouts',
  autoRewardDataset: true,
  autoRewardOnset: 'late',
  firstBlock: 'aud',
  taskVersion: 'stage 5 ori AMN moving timeouts repeats',
  rigName: 'NP3',
  ...overrides,
});

describe('readTaskFile: round trip of h5wasm-written files (booleans as plain int8)', () => {
  it('returns the worked example exactly (NaN-aware)', async () => {
    const data = workedExampleTaskData();
    const bytes = await taskFileBytes(data);
    expect(await storedKind(bytes, 'trialResponse')).toEqual({ kind: 'number', shape: [10] });
    expect(await readTaskFile(bytes, URI)).toEqual(data);
  });

  it.each([
    ['current, opto, galvo era', profile({ opto: true })],
    ['old file, no opto', profile({ seed: 11, startTime: '20230301_100000', autoRewardDataset: false })],
    ['good performer, repeats only', profile({ seed: 12, performer: 'good', incorrect: 'repeats' })],
    [
      'opto before galvo and device datasets',
      profile({ seed: 13, startTime: '20230705_120000', opto: true }),
    ],
  ])('returns simulated sessions (%s) sliced to N', async (_name, p) => {
    const data = simulateTaskFile(p);
    const era = p.autoRewardDataset ? 'current' : 'old';
    for (const twoDimensional of [false, true]) {
      const decoded = await readTaskFile(await taskFileBytes(data, { era, twoDimensional }), URI);
      expect(decoded).toEqual(asDecoded(data, era));
    }
  });

  it('slices per-trial arrays stored N+1 long to N and keeps trialRepeat whole', async () => {
    const data = workedExampleTaskData();
    data.frameIntervals = new Float64Array(1200).fill(1 / 60); // room for the unfinished trial
    const bytes = await taskFileBytes(data);
    expect((await storedKind(bytes, 'trialStartFrame'))?.shape).toEqual([11]);
    expect((await storedKind(bytes, 'trialStimStartFrame'))?.shape).toEqual([11]);
    const decoded = await readTaskFile(bytes, URI);
    expect(decoded.trialStartFrame).toHaveLength(10);
    expect(decoded.trialStimStartFrame).toEqual(data.trialStimStartFrame);
    expect(decoded.trialRepeat).toHaveLength(11);
  });
});

describe('readTaskFile: exact-format files (h5py, enum(int8) booleans), committed', () => {
  it.each(Object.keys(EXACT_FORMAT_EXAMPLES) as ExactFormatExample[])(
    '%s decodes enum booleans to booleans and equals its source data',
    async (name) => {
      const bytes = await readFile(exactFormatExamplePath(name));
      const source = EXACT_FORMAT_EXAMPLES[name].data();
      const n = source.trialEndFrame.length;
      expect(await storedKind(bytes, 'trialResponse')).toEqual({ kind: 'boolean', shape: [n] });
      expect(await storedKind(bytes, 'trialRepeat')).toEqual({ kind: 'boolean', shape: [n + 1] });
      const decoded = await readTaskFile(bytes, URI);
      expect(decoded.trialResponse.every((v) => typeof v === 'boolean')).toBe(true);
      expect(decoded).toEqual(source);
    },
  );

  it('reads the §8.2 worked example file into the arrays of the reference', async () => {
    const d = await readTaskFile(await readFile(exactFormatExamplePath('worked-example')), URI);
    const k10 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(d.frameIntervals).toHaveLength(1000);
    expect(d.frameIntervals.every((x) => x === 1 / 60)).toBe(true);
    expect(d.blockStimRewarded).toEqual(['vis1', 'sound1']);
    expect(d.trialBlock).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(d.trialStim).toEqual([
      'vis1',
      'vis2',
      'sound1',
      'vis1',
      'catch',
      'sound1',
      'vis1',
      'sound2',
      'sound1',
      'vis1',
    ]);
    expect(d.trialStartFrame).toEqual(k10.map((k) => 100 * k));
    expect(d.trialStimStartFrame).toEqual(k10.map((k) => 100 * k + 35));
    expect(d.trialEndFrame).toEqual(k10.map((k) => 100 * k + 99));
    expect(d.trialResponse).toEqual([true, false, true, true, false, true, false, true, true, true]);
    expect(d.trialResponseFrame).toEqual([45, nan, 255, 350, nan, 555, nan, 765, 847, 943]);
    expect(d.trialRewarded).toEqual([true, false, false, true, false, true, false, false, true, false]);
    const auto = k10.map((k) => k === 0 || k === 5);
    expect(d.trialAutoRewardScheduled).toEqual(auto);
    expect(d.trialAutoRewarded).toEqual(auto);
    expect(d.rewardFrames).toEqual([41, 350, 541, 847]);
    expect(d.trialRepeat).toEqual(Array(11).fill(false));
    expect(d.trialVisStimFrames).toEqual([30, 30, 0, 30, 0, 0, 30, 0, 0, 30]);
    expect(d.trialSoundDur).toEqual([0, 0, 0.5, 0, 0, 0.5, 0, 0.5, 0.5, 0]);
    expect([d.quiescentFrames, d.postResponseWindowFrames, d.autoRewardOnsetFrame]).toEqual([30, 4, 6]);
    expect(d.responseWindow).toEqual([6, 60]);
    expect([d.newBlockAutoRewards, d.newBlockGoTrials, d.newBlockNogoTrials, d.newBlockCatchTrials]).toEqual([
      1, 1, 0, 0,
    ]);
    expect(d.incorrectTimeoutFrames).toBe(0);
    expect(d.opto).toBeNull();
  });

  it('reads the very old variant: no trialAutoRewardScheduled, gratingOri_vis1, quiescentMoveFrames', async () => {
    const bytes = await readFile(exactFormatExamplePath('worked-example-very-old'));
    expect(await storedKind(bytes, 'quiescentMoveFrames')).not.toBeNull();
    expect(await storedKind(bytes, 'gratingOri_vis1')).not.toBeNull();
    expect(await storedKind(bytes, 'newBlockNogoTrials')).toBeNull();
    const d = await readTaskFile(bytes, URI);
    expect(d.trialAutoRewardScheduled).toBeNull();
    expect([d.newBlockNogoTrials, d.newBlockCatchTrials]).toEqual([0, 0]);
  });

  it('reads (N, 1) opto arrays and (N, 2) grating phases by their first column', async () => {
    const bytes = await readFile(exactFormatExamplePath('worked-example-opto-2d'));
    expect((await storedKind(bytes, 'trialOptoOnsetFrame'))?.shape).toEqual([10, 1]);
    expect((await storedKind(bytes, 'trialGratingPhase'))?.shape).toEqual([10, 2]);
    const d = await readTaskFile(bytes, URI);
    expect(d.opto?.trialOptoOnsetFrame).toEqual([nan, 0, 0, nan, nan, nan, 0, 0, nan, nan]);
    expect(d.opto?.trialOptoLabel?.[1]).toBe('V1');
    expect(d.trialGratingPhase).toEqual(workedExampleWithOpto().trialGratingPhase);
  });
});

describe('readTaskFile: the committed lab fixtures', () => {
  const lab = buildLab();
  const tasks = lab.sessions.flatMap((s) => (s.task ? [{ id: s.id, t: s.task }] : []));

  it('has both writers, and files of every broken kind the lab asks for', () => {
    expect(new Set(tasks.map(({ t }) => t.writer))).toEqual(new Set(['h5wasm', 'h5py']));
    expect(tasks.filter(({ t }) => t.broken).length).toBeGreaterThanOrEqual(3);
  });

  it.each(tasks.map(({ id, t }) => [id, t] as const))('%s reads as its simulated session', async (_id, t) => {
    const key = taskFileKey(t);
    const uri = `s3://${TASK_BUCKET}/${key}`;
    const bytes = await readFile(join(FIXTURE_ROOT, key));
    if (t.broken) {
      await expectInvalid(readTaskFile(bytes, uri), uri, /./);
      return;
    }
    expect((await storedKind(bytes, 'trialResponse'))?.kind).toBe(t.writer === 'h5py' ? 'boolean' : 'number');
    const decoded = await readTaskFile(bytes, uri);
    // A failure here means the lab or simulator changed: regenerate with `labgraph fixtures --h5py`.
    expect(decoded).toEqual(asDecoded(simulateTaskFile(t), labTaskFileVariant(t).era));
    expect(labTaskFileVariant(t).era === 'current').toBe(decoded.trialAutoRewardScheduled !== null);
  });

  it('has the other stim files and the 0-byte leftovers beside the task files', async () => {
    for (const { t } of tasks) {
      for (const script of t.extraStimFiles ?? []) {
        const bytes = await readFile(join(FIXTURE_ROOT, extraStimFileKey(t, script)));
        const intervals = await withH5File(bytes, 'stim', ['frameIntervals'], (file) =>
          file.read('frameIntervals'),
        );
        expect(intervals?.kind).toBe('number');
      }
      if (t.zeroByteDuplicate) {
        const empty = await readFile(join(FIXTURE_ROOT, zeroByteDuplicateKey(t)));
        expect(empty.length).toBe(0);
        await expectInvalid(
          readTaskFile(empty, 's3://x/empty.hdf5'),
          's3://x/empty.hdf5',
          /not a readable HDF5/,
        );
      }
    }
  });
});

describe('readTaskFile: variants', () => {
  it('gives null opto for empty opto arrays and for onsets without a finite value', async () => {
    const data = workedExampleTaskData();
    const bytes = await taskFileBytes(data);
    expect(await storedKind(bytes, 'trialOptoOnsetFrame')).toEqual({ kind: 'number', shape: [0] });
    expect((await readTaskFile(bytes, URI)).opto).toBeNull();
    const allNaN = workedExampleWithOpto();
    if (allNaN.opto) allNaN.opto.trialOptoOnsetFrame = allNaN.opto.trialOptoOnsetFrame.map(() => nan);
    expect((await readTaskFile(await taskFileBytes(allNaN), URI)).opto).toBeNull();
  });

  it('reads a gratingOri group and gratingOri_vis1/_vis2 alike, and treats absent newBlock counts as 0', async () => {
    const data = { ...workedExampleTaskData(), newBlockNogoTrials: 2, newBlockCatchTrials: 1 };
    const current = await taskFileBytes(data);
    const old = await taskFileBytes(data, { era: 'old' });
    const kinds = (bytes: Uint8Array) =>
      withH5File(bytes, URI, ['gratingOri', 'gratingOri_vis1'], (f) => [
        f.entryKind('gratingOri'),
        f.entryKind('gratingOri_vis1'),
      ]);
    expect(await kinds(current)).toEqual(['group', 'absent']);
    expect(await kinds(old)).toEqual(['absent', 'dataset']);
    expect(await readTaskFile(current, URI)).toMatchObject({ newBlockNogoTrials: 2, newBlockCatchTrials: 1 });
    expect(await readTaskFile(old, URI)).toMatchObject({ newBlockNogoTrials: 0, newBlockCatchTrials: 0 });
  });

  it('reads quiescentMoveFrames of very old files as quiescentViolationFrames', async () => {
    const data = { ...workedExampleTaskData(), quiescentViolationFrames: [12, 340] };
    const decoded = await readTaskFile(await taskFileBytes(data, { era: 'veryOld' }), URI);
    expect(decoded.quiescentViolationFrames).toEqual([12, 340]);
  });

  it('reads None scalars (f8 NaN) as null', async () => {
    const data = { ...workedExampleTaskData(), rigName: null, computerName: null, taskVersion: null };
    const bytes = await taskFileBytes(data);
    expect(await storedKind(bytes, 'rigName')).toEqual({ kind: 'number', shape: [] });
    expect(await readTaskFile(bytes, URI)).toMatchObject({
      rigName: null,
      computerName: null,
      taskVersion: null,
    });
  });

  it('reads empty lists (f8 (0,)) as empty arrays of any type', async () => {
    const data = { ...workedExampleTaskData(), lickFrames: [], rewardFrames: [], rewardSize: [] };
    const bytes = await taskFileBytes(data);
    expect(await storedKind(bytes, 'lickFrames')).toEqual({ kind: 'number', shape: [0] });
    expect(await readTaskFile(bytes, URI)).toMatchObject({
      lickFrames: [],
      rewardFrames: [],
      rewardSize: [],
    });
  });

  it('keeps auto-reward arrays shorter than N as stored', async () => {
    const data = workedExampleTaskData();
    data.trialAutoRewardScheduled = data.trialAutoRewardScheduled?.slice(0, 7) ?? null;
    data.trialAutoRewarded = data.trialAutoRewarded.slice(0, 7);
    const decoded = await readTaskFile(await taskFileBytes(data), URI);
    expect(decoded.trialAutoRewardScheduled).toHaveLength(7);
    expect(decoded.trialAutoRewarded).toHaveLength(7);
  });
});

describe('readTaskFile: broken files', () => {
  const broken: [BrokenTaskFile, RegExp][] = [
    ['truncated', /not a readable HDF5 file \(truncated file/],
    ['missing-trialEndFrame', /missing required dataset "trialEndFrame"/],
    ['wrong-dtype', /"trialStim" holds floats where strings belong/],
    ['strings-for-numbers', /"trialEndFrame" holds strings where numbers belong/],
    ['inconsistent-lengths', /"trialResponse" has 7 values for 10 trials/],
  ];
  it.each(broken)('%s → InvalidDataError naming the uri and the problem', async (kind, problem) => {
    const bytes = await taskFileBytes(workedExampleTaskData(), { broken: kind });
    await expectInvalid(readTaskFile(bytes, URI), URI, problem);
  });

  it.each([
    ['no bytes', new Uint8Array(0)],
    ['text', new TextEncoder().encode('<?xml version="1.0"?><Error>AccessDenied</Error>')],
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)],
    ['only the HDF5 signature', Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])],
  ])('%s → InvalidDataError (not a readable HDF5 file)', async (_name, bytes) => {
    await expectInvalid(readTaskFile(bytes, URI), URI, /not a readable HDF5 file/);
  });

  const layout = () => taskFileLayout(workedExampleTaskData());
  it.each([
    [
      'booleans other than 0/1',
      edit(layout(), 'trialResponse', {
        path: 'trialResponse',
        kind: 'i8',
        shape: [10],
        values: Array(10).fill(2),
      }),
      /"trialResponse" holds integers where booleans belong/,
    ],
    [
      'fractional frame numbers',
      edit(layout(), 'trialEndFrame', { path: 'trialEndFrame', kind: 'f8', shape: [2], values: [99.5, 199] }),
      /"trialEndFrame" holds 99.5 where whole frame numbers belong/,
    ],
    [
      'a string where a scalar number belongs',
      edit(layout(), 'quiescentFrames', { path: 'quiescentFrames', kind: 'str', shape: [], values: ['90'] }),
      /"quiescentFrames" holds strings where a number belong/,
    ],
    [
      'a response window of three values',
      edit(layout(), 'responseWindow', {
        path: 'responseWindow',
        kind: 'i8',
        shape: [3],
        values: [6, 60, 90],
      }),
      /"responseWindow" has 3 values/,
    ],
    [
      'a group where a dataset belongs',
      edit(layout(), 'trialStim', { path: 'trialStim', kind: 'group' }),
      /"trialStim" is a group, not a dataset/,
    ],
    [
      'a trial block past the last block',
      edit(layout(), 'trialBlock', {
        path: 'trialBlock',
        kind: 'i8',
        shape: [10],
        values: Array(10).fill(3),
      }),
      /"trialBlock" holds block 3 but blockStimRewarded has 2 blocks/,
    ],
    [
      'trial frames past the recording',
      edit(layout(), 'frameIntervals', {
        path: 'frameIntervals',
        kind: 'f8',
        shape: [500],
        values: Array(500).fill(1 / 60),
      }),
      /"trialStartFrame" refers to frame 600, outside the file's frames 0–500/,
    ],
  ])('%s → InvalidDataError', async (_name, nodes, problem) => {
    await expectInvalid(readTaskFile(await h5wasmBytes(nodes), URI), URI, problem);
  });

  const CORRUPT = join(FIXTURE_ROOT, 'labgraph-corrupt-files');
  it('gives up on a file the HDF5 library loops on, and reads the next file', async () => {
    const bytes = await readFile(join(CORRUPT, 'hdf5-loops.hdf5'));
    await expectInvalid(readTaskFile(bytes, URI, { timeoutMs: 3000 }), URI, /did not finish within 3 s/);
    expect(await readTaskFile(await taskFileBytes(workedExampleTaskData()), URI)).toEqual(
      workedExampleTaskData(),
    );
  });

  it('survives a file that makes the HDF5 library trap, and reads the next file', async () => {
    const bytes = await readFile(join(CORRUPT, 'hdf5-traps.hdf5'));
    await expectInvalid(
      readTaskFile(bytes, URI),
      URI,
      /cannot read "trialStim" \(memory access out of bounds\)/,
    );
    expect(await readTaskFile(await taskFileBytes(workedExampleTaskData()), URI)).toEqual(
      workedExampleTaskData(),
    );
  });

  it('survives corrupted bytes: every read resolves or rejects with InvalidDataError', async () => {
    const good = await taskFileBytes(workedExampleTaskData());
    let seed = 4242;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const outcomes = { read: 0, invalid: 0 };
    for (let i = 0; i < 150; i++) {
      const bytes = good.slice();
      for (let j = 0; j < 3; j++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      try {
        await readTaskFile(bytes, URI, { timeoutMs: 3000 });
        outcomes.read += 1;
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidDataError);
        outcomes.invalid += 1;
      }
    }
    expect(outcomes.read + outcomes.invalid).toBe(150);
    expect(outcomes.invalid).toBeGreaterThan(0);
    expect(await readTaskFile(good, URI)).toEqual(workedExampleTaskData());
  });
});

describe('readTaskFile: resources', () => {
  it('leaves nothing in the in-memory file system after 200 reads, good or bad', async () => {
    const good = await taskFileBytes(workedExampleTaskData());
    const bad = await taskFileBytes(workedExampleTaskData(), { broken: 'wrong-dtype' });
    const before = await scratchFiles();
    for (let i = 0; i < 200; i++) {
      const bytes = i % 3 === 0 ? bad : i % 3 === 1 ? good : good.subarray(0, 100);
      await readTaskFile(bytes, URI).catch((error: unknown) => {
        expect(error).toBeInstanceOf(InvalidDataError);
      });
    }
    expect(before).toEqual([]);
    expect(await scratchFiles()).toEqual([]);
  });

  it('reads concurrently started reads independently', async () => {
    const a = workedExampleTaskData();
    const b: TaskFileData = { ...workedExampleTaskData(), subjectName: '999999' };
    const [ra, rb] = await Promise.all([
      readTaskFile(await taskFileBytes(a), URI),
      readTaskFile(await taskFileBytes(b), URI),
    ]);
    expect(ra.subjectName).toBe('366122');
    expect(rb.subjectName).toBe('999999');
  });
});

describe('closeTaskFileReader', () => {
  it('fails reads still running, and the next read starts a new worker', async () => {
    const bytes = await taskFileBytes(workedExampleTaskData());
    const running = readTaskFile(bytes, URI).catch((error: unknown) => error);
    await closeTaskFileReader();
    expect(String(await running)).toMatch(/the task-file reader was closed/);
    expect((await readTaskFile(bytes, URI)).subjectName).toBe('366122');
  });
});
