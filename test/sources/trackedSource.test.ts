/**
 * The tracked-sessions source over the committed fixtures, with the same contract for both backends:
 * local files (path + glob) and s3:// objects on s3rver read through the real S3 object store.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession } from '../../fixtures/generator/lab.ts';
import { emitTracked } from '../../fixtures/generator/tracked.ts';
import { ConfigError, SourceFileError } from '../../src/errors.ts';
import { parseS3Uri } from '../../src/sources/objectstore/index.ts';
import {
  createTrackedSource,
  s3GlobLister,
  type TrackedSession,
  type TrackedSessionsSource,
  type TrackedSnapshot,
} from '../../src/sources/tracked/index.ts';
import { cachedS3Store, type S3TestServer, s3rverStoreOptions, startS3Server } from '../support/s3Server.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/tracked');
const FILES = ['tracked_sessions.yaml', 'DynamicRoutingTraining.xlsx', 'DynamicRoutingTrainingNSB.xlsx'];
const BUCKET = 'aind-scratch-data';
const PREFIX = 'dynamic-routing/DynamicRoutingTask';
const lab = buildLab();

/** Sessions the reference would list: every YAML entry and every non-ignored sheet row. */
const expectedSessions = lab.sessions.filter((s) => s.yaml || (s.sheet && !s.sheet.ignore));
const labSession = (id: string) => lab.sessions.find((s) => s.id === id) as LabSession;

/** The snapshot with file locations reduced to names, so both backends compare equal. */
function withFileNames(snapshot: TrackedSnapshot) {
  const name = (file: string) => basename(file);
  return {
    sessions: snapshot.sessions.map((s) => ({
      ...s,
      origin: { ...s.origin, file: name(s.origin.file) },
      training: s.training && { ...s.training, workbook: name(s.training.workbook) },
    })),
    subjects: snapshot.subjects.map((s) => ({ ...s, workbook: name(s.workbook) })),
    files: snapshot.files.map(name),
    warnings: snapshot.warnings.map((w) => w.replace(/^\S*\//, '')),
  };
}

interface Backend {
  name: 'local' | 's3';
  source: () => TrackedSessionsSource;
}

let server: S3TestServer;
let cacheDir: string;
const backends: Backend[] = [
  {
    name: 'local',
    source: () =>
      createTrackedSource({
        yaml: join(FIXTURES, 'tracked_sessions.yaml'),
        workbooks: [join(FIXTURES, 'DynamicRoutingTraining*.xlsx')],
      }),
  },
  {
    name: 's3',
    source: () => {
      const store = cachedS3Store(s3rverStoreOptions(server.endpoint), cacheDir);
      return createTrackedSource({
        yaml: `s3://${BUCKET}/${PREFIX}/tracked_sessions.yaml`,
        workbooks: [`s3://${BUCKET}/${PREFIX}/DynamicRoutingTraining*.xlsx`],
        readBytes: async (uri) => {
          const { bucket, key } = parseS3Uri(uri);
          return (await store.get(bucket, key)).bytes;
        },
        listUris: s3GlobLister((bucket, prefix) => store.list(bucket, prefix)),
      });
    },
  },
];

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'labgraph-tracked-'));
  server = await startS3Server({ buckets: [BUCKET] });
  await server.putObjects([
    ...(await Promise.all(
      FILES.map(async (file) => ({
        bucket: BUCKET,
        key: `${PREFIX}/${file}`,
        body: await readFile(join(FIXTURES, file)),
      })),
    )),
    // Near misses the glob must not pick up: another extension, and a workbook one folder down.
    { bucket: BUCKET, key: `${PREFIX}/DynamicRoutingTraining.sqlite`, body: 'not a workbook' },
    { bucket: BUCKET, key: `${PREFIX}/Data/old/DynamicRoutingTrainingOld.xlsx`, body: 'not a workbook' },
  ]);
});

afterAll(async () => {
  await server?.stop();
  await rm(cacheDir, { recursive: true, force: true });
});

describe.each(backends)('tracked source ($name backend) over the fixtures', (backend) => {
  let snapshot: TrackedSnapshot;
  let byId: Map<string, TrackedSession>;

  beforeAll(async () => {
    const source = backend.source();
    expect(source.kind).toBe(backend.name);
    snapshot = await source.load();
    byId = new Map(snapshot.sessions.map((s) => [s.id, s]));
  });

  it('lists every YAML entry and every non-ignored sheet row of the lab, once', () => {
    expect(snapshot.sessions).toHaveLength(expectedSessions.length);
    expect([...byId.keys()].sort()).toEqual(expectedSessions.map((s) => s.id).sort());
    expect(snapshot.files.map((f) => basename(f))).toEqual(FILES);
  });

  it('skips the ignored sheet row', () => {
    const ignored = lab.sessions.find((s) => s.subject === EDGE.ignoredRowSubject && s.sheet?.ignore);
    expect(ignored).toBeDefined();
    expect(byId.has(ignored?.id ?? '')).toBe(false);
  });

  it('lets the YAML win for sessions both list, and still attaches the sheet row', () => {
    const both = lab.sessions.filter((s) => s.yaml && s.sheet);
    expect(both.length).toBeGreaterThan(3);
    for (const lab of both) {
      const session = byId.get(lab.id);
      expect(session?.origin.kind).toBe('yaml');
      expect(session?.platform).toBe(lab.platform);
      expect(session?.training).toMatchObject({
        startTime: `${lab.date} ${lab.startTime}`,
        rigName: lab.sheet?.rigName,
        hits: lab.sheet?.hits,
      });
    }
    const configured = byId.get(
      lab.sessions.find((s) => s.platform === 'behavior' && s.yaml)?.id ?? '',
    ) as TrackedSession;
    expect(configured).toMatchObject({
      platform: 'behavior',
      isEphys: false,
      isSync: false,
      experimentDay: 1,
      notes: 'lick sensor intermittent in block 4',
      issues: ['https://github.com/AllenInstitute/npc_sessions/issues/78'],
    });
  });

  it('reads YAML config: day, the rank rule, idx, kwargs incl. invalid_times, ignored ephys_day', () => {
    for (const s of expectedSessions.filter((x) => x.yaml?.day !== undefined)) {
      expect(byId.get(s.id)?.experimentDay).toBe(s.yaml?.day);
    }
    const surface = byId.get(`${EDGE.sameDaySubject}_${EDGE.sameDayDate}_1`);
    expect(surface).toMatchObject({ idx: 1, experimentDay: 1, sessionKwargs: { is_task: false } });
    // Templeton: no `day`; the repeated 09-20 entry counts, so 09-21 ranks third (as npc_lims does).
    expect(byId.get('628801_2022-09-20')?.experimentDay).toBe(1);
    expect(byId.get('628801_2022-09-21')?.experimentDay).toBe(3);
    const amplifier = snapshot.sessions.find((s) => s.subject === EDGE.legacyLinksSubject && s.isEphys);
    expect(amplifier?.sessionKwargs.invalid_times).toEqual([
      { start_time: 200, stop_time: -1, reason: 'auditory stimulus not presented (amplifier power issue)' },
    ]);
    expect(amplifier?.ignoredConfig).toEqual({ ephys_day: 1 });
    for (const s of snapshot.sessions.filter((x) => x.origin.kind === 'yaml')) {
      expect(s.sessionKwargs).toEqual(labSession(s.id).yaml?.sessionKwargs ?? {});
      expect(s.project).toBe(labSession(s.id).project);
    }
  });

  it('keeps the first of the duplicated Templeton entries and warns once', () => {
    const dup = byId.get('628801_2022-09-20');
    expect(dup).toMatchObject({ sessionKwargs: { is_video: false, probe_letters_to_skip: 'FE' } });
    expect(withFileNames(snapshot).warnings).toEqual([
      expect.stringMatching(/^tracked_sessions\.yaml \(line \d+\): 628801_2022-09-20 is listed again/),
    ]);
  });

  it('makes sheet sessions from rows of both workbooks, with the NSB variant’s columns', () => {
    const sheetOnly = snapshot.sessions.filter((s) => s.origin.kind === 'sheet');
    expect(sheetOnly.length).toBe(expectedSessions.filter((s) => !s.yaml).length);
    for (const s of sheetOnly) {
      expect(s).toMatchObject({ platform: 'training_sheet', project: 'DynamicRouting', experimentDay: null });
      const row = labSession(s.id).sheet;
      expect(s.training?.dprimeSameModality).toEqual(row?.dprimeSameModality);
      expect(s.training?.pass === null).toBe(
        basename(s.training?.workbook ?? '') === 'DynamicRoutingTrainingNSB.xlsx',
      );
    }
    const nsb = sheetOnly.filter((s) => s.training?.computerName);
    expect(nsb.length).toBeGreaterThan(0);
    expect(nsb.every((s) => ['D2', 'E3'].includes(s.training?.rigName ?? ''))).toBe(true);
  });

  it('lists the sheet subjects from both all-mice sheets', () => {
    const sheetSubjects = lab.subjects.filter((s) => s.inSheets);
    expect(snapshot.subjects.map((s) => s.id).sort()).toEqual(sheetSubjects.map((s) => s.id).sort());
    for (const s of sheetSubjects) {
      expect(snapshot.subjects.find((x) => x.id === s.id)).toMatchObject({
        genotype: s.genotype,
        sex: s.sex,
        dateOfBirth: s.dateOfBirth,
        alive: s.alive,
        regimen: s.regimen,
        timeouts: s.timeouts,
      });
    }
  });

  it('sorts sessions by date, newest first', () => {
    const dates = snapshot.sessions.map((s) => s.date);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('gives the same snapshot as the other backend', async () => {
    const other = backends.find((b) => b.name !== backend.name) as Backend;
    const theirs = await other.source().load();
    expect(withFileNames(snapshot)).toEqual(withFileNames(theirs));
  });
});

describe('tracked fixtures', () => {
  it('are what the generator makes, byte for byte (re-run `labgraph fixtures` if this fails)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labgraph-tracked-emit-'));
    try {
      await emitTracked(buildLab(), dir);
      for (const file of FILES) {
        const fresh = await readFile(join(dir, 'tracked', file));
        const committed = await readFile(join(FIXTURES, file));
        expect(Buffer.compare(fresh, committed), file).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tracked source configuration and files', () => {
  it.each([
    [
      'an s3 YAML without an object store',
      { yaml: 's3://b/tracked_sessions.yaml', workbooks: [] },
      /readBytes/,
    ],
    [
      'an s3 glob without a listing',
      {
        yaml: 'x.yaml',
        workbooks: ['s3://b/DynamicRoutingTraining*.xlsx'],
        readBytes: async () => new Uint8Array(),
      },
      /listUris/,
    ],
    [
      'a wildcard in a folder name',
      { yaml: 'x.yaml', workbooks: ['dir*/DynamicRoutingTraining.xlsx'] },
      /file name only/,
    ],
  ])('%s → ConfigError', (_, opts, message) => {
    expect(() => createTrackedSource(opts)).toThrow(ConfigError);
    expect(() => createTrackedSource(opts)).toThrow(message);
  });

  it('a missing file → SourceFileError naming it', async () => {
    const source = createTrackedSource({ yaml: join(FIXTURES, 'nope.yaml'), workbooks: [] });
    const error = await source.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFileError);
    expect((error as SourceFileError).message).toMatch(/nope\.yaml \(file\): not found/);
  });

  it('a glob that matches nothing → a warning, not an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labgraph-tracked-glob-'));
    try {
      await writeFile(
        join(dir, 'tracked_sessions.yaml'),
        'behavior:\n  DynamicRouting:\n    - 366122_20230130\n',
      );
      const snapshot = await createTrackedSource({
        yaml: join(dir, 'tracked_sessions.yaml'),
        workbooks: [join(dir, 'DynamicRoutingTraining*.xlsx')],
      }).load();
      expect(snapshot.sessions.map((s) => [s.id, s.training])).toEqual([['366122_2023-01-30', null]]);
      expect(snapshot.warnings).toEqual([
        `${join(dir, 'DynamicRoutingTraining*.xlsx')}: no workbook matches`,
      ]);
      expect(snapshot.files).toEqual([join(dir, 'tracked_sessions.yaml')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a malformed fixture line surfaces as SourceFileError through the source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labgraph-tracked-bad-'));
    try {
      const yaml = await readFile(join(FIXTURES, 'tracked_sessions.yaml'), 'utf8');
      const lines = yaml.split('\n');
      const at = lines.findIndex((l) => l.includes('DRpilot_'));
      lines[at] = (lines[at] ?? '').replace(/DRpilot_\d+_/, 'DRpilot_12345_');
      await writeFile(join(dir, 'tracked_sessions.yaml'), lines.join('\n'));
      const error = await createTrackedSource({ yaml: join(dir, 'tracked_sessions.yaml'), workbooks: [] })
        .load()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceFileError);
      expect((error as SourceFileError).location).toBe(`line ${at + 1}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
