/**
 * Behaviour end to end over real HTTP on the embedded fixtures: the done-when query, trials of
 * task files written by h5py and by h5wasm (checked against the domain computed straight from the
 * file), broken task files failing only their session's behaviour fields, sessions without a task
 * file answering null, deprecated aliases, the columnar form, and object-store requests counted.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession, TASK_BUCKET, taskFileKey } from '../../fixtures/generator/lab.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { UpstreamError } from '../../src/errors.ts';
import { createLocalObjectStore, type ObjectStoreOperation } from '../../src/sources/objectstore/index.ts';
import { readTaskFile } from '../../src/sources/taskfile/index.ts';
import { countingObjectStore } from '../support/countingObjectStore.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';
import { cachedS3Store, type S3TestServer, s3rverStoreOptions, startS3Server } from '../support/s3Server.ts';

const errorsOf = (result: { errors?: readonly unknown[] }) => (result.errors ?? []) as readonly GqlError[];

const FIXTURE_S3 = join(PROJECT_ROOT, 'fixtures', 's3');
const lab = buildLab();
const inCatalog = (s: LabSession) => s.yaml !== null || (s.sheet !== null && !s.sheet.ignore);
const taskSession = (pick: (s: LabSession) => boolean): LabSession => {
  const found = lab.sessions.find((s) => s.task !== null && inCatalog(s) && pick(s));
  if (!found) throw new Error('the fixture lab lacks a session this test needs');
  return found;
};

const DONE_WHEN = `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`;
const H5PY = taskSession((s) => s.task?.writer === 'h5py' && !s.task.broken);
const H5WASM = taskSession((s) => s.task?.writer === 'h5wasm' && !s.task.broken && s.platform === 'behavior');
const BROKEN = (['truncated', 'missing-trialEndFrame', 'wrong-dtype'] as const).map((kind) =>
  taskSession((s) => s.task?.broken === kind),
);
const NO_TASK = lab.sessions.find(
  (s) => s.task === null && s.sheet !== null && !s.sheet.ignore && s.yaml === null,
) as LabSession;
const WITH_INVALID_TIMES = '667252_2023-06-23';

const taskUri = (s: LabSession) =>
  `s3://${TASK_BUCKET}/${taskFileKey(s.task as NonNullable<LabSession['task']>)}`;

/** The trials table computed straight from the fixture file, without the gateway. */
async function trialsFromFile(s: LabSession) {
  const key = taskFileKey(s.task as NonNullable<LabSession['task']>);
  const bytes = new Uint8Array(await readFile(join(FIXTURE_S3, TASK_BUCKET, key)));
  return computeTrials(await readTaskFile(bytes, `s3://${TASK_BUCKET}/${key}`));
}

/** A GraphQL error as the JSON response carries it. */
interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

describe('the done-when query', () => {
  it('answers trials, performance (current and legacy d′), epochs and keywords', async () => {
    const result = await gw.query<{
      session: {
        trials: { startTime: number | null; stimName: string; isHit: boolean; responseTime: number | null }[];
        performance: {
          blockIndex: number;
          rewardedModality: string;
          crossModalityDprime: number | null;
          crossModalDprime: number | null;
        }[];
        epochs: { startTime: number; stopTime: number; tags: string[] }[];
        keywords: string[];
      };
    }>(`{ session(ref: "${DONE_WHEN}") {
      trials { startTime stimName isHit responseTime }
      performance { blockIndex rewardedModality crossModalityDprime crossModalDprime }
      epochs { startTime stopTime tags }
      keywords } }`);
    expect(result.errors).toBeUndefined();
    const session = result.data?.session;
    expect(session?.trials.length).toBeGreaterThan(10);
    for (const trial of session?.trials ?? []) {
      expect(typeof trial.startTime).toBe('number');
      expect(trial.stimName).toMatch(/^(vis[12]|sound[12]|catch)/);
      expect(typeof trial.isHit).toBe('boolean');
      if (!trial.isHit) continue;
      expect(trial.responseTime).toBeGreaterThan(trial.startTime as number);
    }
    const blocks = session?.performance ?? [];
    expect(blocks.map((b) => b.blockIndex)).toEqual(blocks.map((_, i) => i));
    for (const b of blocks) {
      expect(['vis', 'aud']).toContain(b.rewardedModality);
      expect(typeof b.crossModalityDprime).toBe('number');
      expect(typeof b.crossModalDprime).toBe('number');
    }
    expect(session?.epochs).toHaveLength(1);
    expect(session?.epochs[0]).toMatchObject({ startTime: 0, tags: expect.arrayContaining(['task']) });
    expect(session?.epochs[0]?.stopTime).toBeGreaterThan(session?.trials.at(-1)?.startTime as number);
    expect(session?.keywords).toEqual(expect.arrayContaining(['task', 'ephys', 'dynamic_routing']));
  });

  it('lists the stim files with the task file first and its version and rig', async () => {
    const result = await gw.query<{
      session: {
        stimFiles: {
          uri: string;
          scriptName: string;
          isTaskFile: boolean;
          startTime: string;
          taskVersion: string | null;
          rigName: string | null;
          size: number;
        }[];
      };
    }>(
      `{ session(ref: "${DONE_WHEN}") { stimFiles { uri scriptName isTaskFile startTime taskVersion rigName size etag } } }`,
    );
    expect(result.errors).toBeUndefined();
    const files = result.data?.session.stimFiles ?? [];
    const session = lab.sessions.find((s) => s.id === DONE_WHEN) as LabSession;
    expect(files[0]).toMatchObject({
      uri: taskUri(session),
      scriptName: 'DynamicRouting1',
      isTaskFile: true,
      startTime: '2023-12-13T13:43:40-08:00',
    });
    expect(files[0]?.taskVersion).toBeTruthy();
    expect(files[0]?.rigName).toMatch(/^NP/);
    expect(
      files
        .slice(1)
        .map((f) => f.scriptName)
        .sort(),
    ).toEqual([...(session.task?.extraStimFiles ?? [])].sort());
    expect(files.slice(1).every((f) => !f.isTaskFile && f.taskVersion === null)).toBe(true);
    // The 0-byte duplicate the selection rules drop is not listed.
    expect(files.every((f) => f.size > 0)).toBe(true);
  });
});

describe('schema/operations/sessionBehaviour.graphql', () => {
  it('runs as committed', async () => {
    const operation = await readFile(
      join(PROJECT_ROOT, 'schema', 'operations', 'sessionBehaviour.graphql'),
      'utf8',
    );
    const result = await gw.query<{ session: { id: string; trials: unknown[]; keywords: string[] } }>(
      operation,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.session.id).toBe(DONE_WHEN);
    expect(result.data?.session.trials.length).toBeGreaterThan(0);
  });
});

describe('trials from both HDF5 writers', () => {
  for (const [writer, session] of [
    ['h5py (enum(int8) booleans)', H5PY],
    ['h5wasm (plain int8 booleans)', H5WASM],
  ] as const) {
    it(`match the trials table computed from the ${writer} file`, async () => {
      const expected = await trialsFromFile(session);
      const result = await gw.query<{
        session: {
          trials: {
            trialIndex: number;
            startTime: number;
            isHit: boolean;
            isGo: boolean;
            stimName: string;
          }[];
        };
      }>(`{ session(ref: "${session.id}") { trials { trialIndex startTime isHit isGo stimName } } }`);
      expect(result.errors).toBeUndefined();
      const trials = result.data?.session.trials ?? [];
      expect(trials).toHaveLength(expected.rowCount);
      const column = (name: string): unknown[] => {
        const found = expected.columns.find((c) => c.name === name);
        return found ? Array.from(found.values as ArrayLike<unknown>) : [];
      };
      expect(trials.map((t) => t.startTime)).toEqual(column('start_time'));
      expect(trials.map((t) => t.isHit)).toEqual(column('is_hit'));
      expect(trials.map((t) => t.isGo)).toEqual(column('is_go'));
      expect(trials.map((t) => t.stimName)).toEqual(column('stim_name'));
      expect(trials.some((t) => t.isHit)).toBe(true);
    });
  }
});

describe('a broken task file', () => {
  it('fails only the behaviour fields of its session, with INVALID_DATA naming the object', async () => {
    const aliases = BROKEN.map((s, i) => `broken${i}: session(ref: "${s.id}") { ...behaviour }`).join('\n');
    const result = await gw.query<
      Record<string, { id: string; subject: { id: string }; date: string; trials: unknown }>
    >(`
      query { good: session(ref: "${H5WASM.id}") { ...behaviour } ${aliases} }
      fragment behaviour on Session {
        id date subject { id }
        trials { startTime } performance { blockIndex } epochs { startTime } keywords isTask isGoodBehavior
        trialsTable { rowCount } performanceTable { rowCount } stimFiles { uri isTaskFile }
      }`);
    const errors = errorsOf(result);
    const behaviourFields = [
      'trials',
      'performance',
      'epochs',
      'keywords',
      'isTask',
      'isGoodBehavior',
      'trialsTable',
      'performanceTable',
    ];
    expect(errors).toHaveLength(BROKEN.length * behaviourFields.length);
    BROKEN.forEach((session, i) => {
      const alias = `broken${i}`;
      const mine = errors.filter((e) => e.path?.[0] === alias);
      expect(mine.map((e) => e.path?.[1]).sort()).toEqual([...behaviourFields].sort());
      for (const error of mine) {
        expect(error.extensions?.code).toBe('INVALID_DATA');
        expect(error.extensions?.uri).toBe(taskUri(session));
        expect(error.message).toContain(taskUri(session));
      }
      // The rest of the session still resolves, its stim files included.
      expect(result.data?.[alias]).toMatchObject({
        id: session.id,
        subject: { id: session.subject },
        date: session.date,
      });
      expect(result.data?.[alias]?.trials).toBeNull();
    });
    expect(errors.some((e) => e.path?.[0] === 'good')).toBe(false);
    expect(result.data?.good?.trials).toEqual(expect.arrayContaining([{ startTime: expect.any(Number) }]));
  });
});

describe('a session without a task file', () => {
  it('answers null behaviour tables and an empty stim-file list, without errors', async () => {
    const result = await gw.query<{
      session: {
        id: string;
        trials: null;
        performance: null;
        epochs: null;
        trialsTable: null;
        stimFiles: unknown[];
        isTask: boolean;
        keywords: string[];
      };
    }>(
      `{ session(ref: "${NO_TASK.id}") { id trials { startTime } performance { blockIndex } epochs { startTime } trialsTable { rowCount } stimFiles { uri } isTask keywords } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.session).toMatchObject({
      id: NO_TASK.id,
      trials: null,
      performance: null,
      epochs: null,
      trialsTable: null,
      stimFiles: [],
      isTask: false,
    });
    expect(result.data?.session.keywords).not.toContain('task');
  });

  it('honours session_kwargs is_task: false (a surface recording the same day as a task session)', async () => {
    const surface = lab.sessions.find((s) => s.id === `${DONE_WHEN}_1`);
    expect(surface?.yaml?.sessionKwargs).toMatchObject({ is_task: false });
    const result = await gw.query<{ session: { trials: null; isTask: boolean } }>(
      `{ session(ref: "${DONE_WHEN}_1") { trials { startTime } isTask } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.session).toEqual({ trials: null, isTask: false });
  });
});

describe('the read-side fixture sessions (habituation, good behaviour, the notebook example)', () => {
  const FLAGS = 'isTask isHab isTraining isEphys isEngaged isGoodBehavior keywords';

  it("serves the seed notebook's example session with its task file and good behaviour", async () => {
    const result = await gw.query<{ session: Record<string, unknown> & { stimFiles: { uri: string }[] } }>(
      `query($ref: String!) { session(ref: $ref) { id ${FLAGS} stimFiles { uri } trials { isHit } } }`,
      { ref: 'DynamicRouting1_670243_20230505_134550' },
    );
    expect(result.errors).toBeUndefined();
    const session = result.data?.session;
    expect(session?.id).toBe(EDGE.notebookExampleSession);
    expect(session?.stimFiles.map((f) => f.uri.split('/').at(-1))).toEqual([
      'DynamicRouting1_670243_20230505_134550.hdf5',
    ]);
    expect(session).toMatchObject({ isTask: true, isTraining: true, isGoodBehavior: true, isEngaged: true });
    expect(session?.keywords).toEqual(expect.arrayContaining(['good_behavior', 'training']));
  });

  it('serves a habituation session: a task on an NP rig with sync and no ephys', async () => {
    const hab = taskSession((s) => s.subject === EDGE.habSubject && s.platform === 'behavior_with_sync');
    const result = await gw.query<{ session: Record<string, unknown> }>(
      `query($ref: String!) { session(ref: $ref) { ${FLAGS} isSync } }`,
      { ref: hab.id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.session).toMatchObject({
      isTask: true,
      isHab: true,
      isTraining: false,
      isSync: true,
    });
    expect(result.data?.session.isEphys).toBe(false);
    expect(result.data?.session.keywords).toEqual(expect.arrayContaining(['hab', 'habituation']));
  });
});

describe('invalid times from the tracked sheet', () => {
  it('drop the trials they overlap and show in the epoch', async () => {
    const session = lab.sessions.find((s) => s.id === WITH_INVALID_TIMES) as LabSession;
    const all = await trialsFromFile(session);
    const result = await gw.query<{
      session: { trials: { stopTime: number }[]; epochs: { tags: string[]; notes: string | null }[] };
    }>(`{ session(ref: "${WITH_INVALID_TIMES}") { trials { stopTime } epochs { tags notes } } }`);
    expect(result.errors).toBeUndefined();
    const trials = result.data?.session.trials ?? [];
    expect(trials.length).toBeGreaterThan(0);
    expect(trials.length).toBeLessThan(all.rowCount);
    expect(trials.every((t) => t.stopTime <= 200)).toBe(true);
    expect(result.data?.session.epochs[0]?.tags).toContain('invalid_times');
    expect(result.data?.session.epochs[0]?.notes).toMatch(/amplifier/);
  });
});

describe('deprecated trial aliases', () => {
  const ALIASES = {
    isContextSwitch: 'isBlockSwitch',
    isVisContext: 'isVisRewarded',
    isAudContext: 'isAudRewarded',
    contextName: 'rewardedModality',
  };

  it('are marked deprecated, pointing to the new name', async () => {
    const result = await gw.query<{
      __type: { fields: { name: string; isDeprecated: boolean; deprecationReason: string | null }[] };
    }>(
      '{ __type(name: "Trial") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }',
    );
    const fields = result.data?.__type.fields ?? [];
    for (const [former, current] of Object.entries(ALIASES)) {
      const field = fields.find((f) => f.name === former);
      expect(field?.isDeprecated).toBe(true);
      expect(field?.deprecationReason).toContain(current);
      expect(fields.find((f) => f.name === current)?.isDeprecated).toBe(false);
    }
  });

  it('return the same values as the new names', async () => {
    const selection = Object.entries(ALIASES).flat().join(' ');
    const result = await gw.query<{ session: { trials: Record<string, unknown>[] } }>(
      `{ session(ref: "${DONE_WHEN}") { trials { ${selection} } } }`,
    );
    const trials = result.data?.session.trials ?? [];
    expect(trials.some((t) => t.isBlockSwitch === true)).toBe(true);
    for (const trial of trials) {
      for (const [former, current] of Object.entries(ALIASES)) expect(trial[former]).toEqual(trial[current]);
    }
  });
});

describe('columnar tables', () => {
  interface TableColumn {
    name: string;
    kind: 'FLOAT' | 'INT' | 'BOOL' | 'STRING' | 'STRING_LIST';
    floatValues: (number | null)[] | null;
    intValues: number[] | null;
    boolValues: boolean[] | null;
    stringValues: string[] | null;
  }
  const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const valuesOf = (c: TableColumn) => c.floatValues ?? c.intValues ?? c.boolValues ?? c.stringValues;

  it('trialsTable agrees with trials, column by column', async () => {
    const fields = await gw.query<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "Trial") { fields { name } } }',
    );
    const trialFields = (fields.data?.__type.fields ?? []).map((f) => f.name);
    const result = await gw.query<{
      session: {
        trials: Record<string, unknown>[];
        trialsTable: { rowCount: number; columns: TableColumn[] };
      };
    }>(`{ session(ref: "${H5PY.id}") {
      trials { ${trialFields.join(' ')} }
      trialsTable { rowCount columns { name kind unit description floatValues intValues boolValues stringValues } } } }`);
    expect(result.errors).toBeUndefined();
    const { trials, trialsTable } = result.data?.session ?? {
      trials: [],
      trialsTable: { rowCount: -1, columns: [] },
    };
    expect(trialsTable.rowCount).toBe(trials.length);
    expect(trialsTable.columns.length).toBeGreaterThan(40);
    for (const column of trialsTable.columns) {
      expect(trialFields, `Trial has a field for column ${column.name}`).toContain(camel(column.name));
      expect(valuesOf(column)).toEqual(trials.map((t) => t[camel(column.name)]));
    }
    const start = trialsTable.columns.find((c) => c.name === 'start_time');
    expect(start).toMatchObject({ kind: 'FLOAT', intValues: null, boolValues: null });
  });

  it('performanceTable has the current or the legacy columns, and a chosen subset', async () => {
    const result = await gw.query<{
      session: {
        current: { columns: { name: string }[] };
        legacy: { columns: { name: string }[] };
        some: { columns: { name: string; intValues: number[] }[] };
        performance: { blockIndex: number }[];
      };
    }>(`{ session(ref: "${DONE_WHEN}") {
      current: performanceTable { columns { name } }
      legacy: performanceTable(version: LEGACY) { columns { name } }
      some: performanceTable(columns: ["block_index"]) { columns { name intValues } }
      performance { blockIndex } } }`);
    expect(result.errors).toBeUndefined();
    const s = result.data?.session;
    expect(s?.current.columns.map((c) => c.name)).toContain('cross_modality_dprime');
    expect(s?.legacy.columns.map((c) => c.name)).toContain('cross_modal_dprime');
    expect(s?.some.columns).toEqual([
      { name: 'block_index', intValues: s?.performance.map((b) => b.blockIndex) },
    ]);
  });

  it('accepts the notebook-era names as aliases of their columns (trials and legacy performance)', async () => {
    const result = await gw.query<{
      session: {
        old: { columns: TableColumn[] };
        current: { columns: TableColumn[] };
        legacy: { columns: TableColumn[] };
      };
    }>(`{ session(ref: "${DONE_WHEN}") {
      old: trialsTable(columns: ["is_vis_context", "is_aud_context", "is_context_switch", "context_name"]) {
        columns { name boolValues stringValues } }
      current: trialsTable(columns: ["is_vis_rewarded", "is_aud_rewarded", "is_block_switch", "rewarded_modality"]) {
        columns { name boolValues stringValues } }
      legacy: performanceTable(version: LEGACY, columns: ["context", "rewarded_modality"]) {
        columns { name stringValues } } } }`);
    expect(result.errors).toBeUndefined();
    const s = result.data?.session;
    expect(s?.old.columns.map((c) => c.name)).toEqual([
      'is_vis_context',
      'is_aud_context',
      'is_context_switch',
      'context_name',
    ]);
    expect(s?.old.columns.map(valuesOf)).toEqual(s?.current.columns.map(valuesOf));
    expect(s?.legacy.columns.map((c) => c.name)).toEqual(['context', 'rewarded_modality']);
    expect(s?.legacy.columns[0]?.stringValues).toEqual(s?.legacy.columns[1]?.stringValues);
  });

  it('refuses an unknown column name with BAD_USER_INPUT listing the columns', async () => {
    const result = await gw.query(
      `{ session(ref: "${DONE_WHEN}") { id trialsTable(columns: ["isHit"]) { rowCount } } }`,
    );
    const error = errorsOf(result)[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('is_hit');
    expect(result.data).toEqual({ session: { id: DONE_WHEN, trialsTable: null } });
  });

  const TABLE_QUERY = `query ($columns: [String!], $version: PerformanceVersion! = CURRENT) {
    session(ref: "${DONE_WHEN}") {
      id
      trialsTable(columns: $columns) { rowCount }
      performanceTable(columns: $columns, version: $version) { rowCount }
    }
  }`;
  const refusal = async (columns: string[], version = 'CURRENT') => {
    const result = await gw.query(TABLE_QUERY, { columns, version });
    const errors = errorsOf(result);
    expect(result.data).toEqual({ session: { id: DONE_WHEN, trialsTable: null, performanceTable: null } });
    expect(errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    return errors.map((e) => e.message);
  };

  it('refuses a column asked for twice, naming it and listing the columns', async () => {
    const [trials, performance] = await refusal(['block_index', 'n_trials', 'block_index']);
    expect(trials).toContain('Unknown column "n_trials"');
    expect(performance).toContain('asked for twice: "block_index"');
    expect(performance).toContain('at most 20 distinct column names of this table: start_time, stop_time');
  });

  it('refuses more names than the table accepts (3,000 duplicates)', async () => {
    const [trials, performance] = await refusal(Array(3000).fill('is_hit'));
    expect(trials).toMatch(/^3000 column names asked for; this table accepts \d+ names/);
    expect(trials).toContain('is_task_control_correct');
    expect(trials).toContain('former names: context_name (now rewarded_modality)');
    expect(performance).toMatch(/^3000 column names asked for; this table accepts 20 names/);
  });

  it('checks the legacy performance table against its own columns', async () => {
    const [, legacy] = await refusal(['is_hit', 'cross_modality_dprime'], 'LEGACY');
    expect(legacy).toContain('Unknown columns "is_hit", "cross_modality_dprime"');
    expect(legacy).toContain('cross_modal_dprime');
  });
});

describe('object-store requests', () => {
  const counting = countingObjectStore(createLocalObjectStore({ root: FIXTURE_S3 }));
  const isTaskFolder = (subject: string) => (path: string) =>
    path.startsWith(`dynamic-routing/DynamicRoutingTask/Data/${subject}/`);
  let counted: RunningGateway;
  beforeAll(async () => {
    // Counts what executing a query costs: a repeated query must execute, not come from the response cache.
    counted = await startGateway(
      { ...EMBEDDED_ENV, LABGRAPH_RESPONSE_CACHE: 'false' },
      { sources: { objectStore: counting.store } },
    );
  });
  afterAll(() => counted.close());

  const subject = EDGE.sameDaySubject;
  const sessionsQuery = (selection: string) =>
    `{ sessions(filter: { subject: "${subject}" }, first: 100) { totalCount edges { node { id ${selection} } } } }`;
  const taskSessions = lab.sessions.filter((s) => s.subject === subject && s.task && inCatalog(s));

  it('costs ONE listing for the stim files of all N sessions of a subject', async () => {
    const before = counting.count('list', isTaskFolder(subject));
    const result = await counted.query<{ sessions: { totalCount: number } }>(
      sessionsQuery('stimFiles { uri }'),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.sessions.totalCount).toBeGreaterThan(5);
    expect(counting.count('list', isTaskFolder(subject)) - before).toBe(1);
  });

  it('downloads each task file once per process: a second request reads none', async () => {
    const gets = () => counting.count('get', isTaskFolder(subject));
    const before = gets();
    const query = sessionsQuery(
      'trials { startTime } performance { blockIndex } keywords stimFiles { taskVersion }',
    );
    const first = await counted.query(query);
    expect(first.errors).toBeUndefined();
    expect(gets() - before).toBe(taskSessions.length);
    const listsBefore = counting.count('list', isTaskFolder(subject));
    const second = await counted.query(query);
    expect(second.data).toEqual(first.data);
    expect(gets() - before).toBe(taskSessions.length);
    expect(counting.count('list', isTaskFolder(subject)) - listsBefore).toBe(1);
  });

  it("fails only the listing subject's stim files when the object store is down for it", async () => {
    const other = H5WASM.subject;
    counting.failWith = (call) =>
      call.operation === 'list' && isTaskFolder(other)(call.path)
        ? new UpstreamError('objectstore', 'UNAVAILABLE', 'objectstore: list failed (503)')
        : null;
    try {
      const result = await counted.query<Record<string, { id: string; stimFiles: unknown[] | null }>>(
        `{ a: session(ref: "${DONE_WHEN}") { id stimFiles { uri } } b: session(ref: "${H5WASM.id}") { id stimFiles { uri } } }`,
      );
      const errors = errorsOf(result);
      expect(errors.map((e) => [e.path, e.extensions?.code, e.extensions?.source])).toEqual([
        [['b', 'stimFiles'], 'UPSTREAM_UNAVAILABLE', 'objectstore'],
      ]);
      expect(result.data?.a?.stimFiles?.length).toBeGreaterThan(0);
      expect(result.data?.b).toEqual({ id: H5WASM.id, stimFiles: null });
    } finally {
      counting.failWith = null;
    }
  });
});

describe('object-store requests over S3 (s3rver)', () => {
  const subject = EDGE.sameDaySubject;
  const folder = `dynamic-routing/DynamicRoutingTask/Data/${subject}/`;
  const requests: ObjectStoreOperation[] = [];
  const count = (operation: ObjectStoreOperation) => requests.filter((r) => r === operation).length;
  let server: S3TestServer;
  let cacheDir: string;
  let overS3: RunningGateway;
  beforeAll(async () => {
    server = await startS3Server({ buckets: [TASK_BUCKET] });
    const names = await readdir(join(FIXTURE_S3, TASK_BUCKET, folder));
    await server.putObjects(
      await Promise.all(
        names.map(async (name) => ({
          bucket: TASK_BUCKET,
          key: `${folder}${name}`,
          body: new Uint8Array(await readFile(join(FIXTURE_S3, TASK_BUCKET, folder, name))),
        })),
      ),
    );
    cacheDir = await mkdtemp(join(tmpdir(), 'labgraph-behaviour-objects-'));
    const objectStore = cachedS3Store(
      { ...s3rverStoreOptions(server.endpoint), onRequest: (operation) => requests.push(operation) },
      cacheDir,
    );
    overS3 = await startGateway(EMBEDDED_ENV, { sources: { objectStore } });
  });
  afterAll(async () => {
    await overS3?.close();
    await server?.stop();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('one ListObjectsV2 for the subject, one GET per task file, then nothing at all', async () => {
    const taskFiles = lab.sessions.filter((s) => s.subject === subject && s.task && inCatalog(s)).length;
    const query = `{ sessions(filter: { subject: "${subject}" }, first: 100) { edges { node { id
      stimFiles { uri etag } trials { startTime isHit } performance { crossModalDprime } keywords } } } }`;
    requests.length = 0;
    const first = await overS3.query(query);
    expect(first.errors).toBeUndefined();
    // The listing's ETags key the disk cache, so no HEAD precedes a download.
    expect({ list: count('list'), get: count('get'), head: count('head') }).toEqual({
      list: 1,
      get: taskFiles,
      head: 0,
    });
    requests.length = 0;
    const second = await overS3.query(query);
    expect(second.data).toEqual(first.data);
    expect(requests).toEqual([]);
  });
});
