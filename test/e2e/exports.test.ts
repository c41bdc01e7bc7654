/**
 * The CSV/NDJSON export routes over real HTTP: headers, row counts and values agree with the graph,
 * every CSV column parses to one type (and, where /usr/bin/python3 has pandas, loads into a
 * DataFrame with the right dtypes), any session reference works, and the error statuses say why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession, TASK_BUCKET, taskFileKey } from '../../fixtures/generator/lab.ts';
import { writeBenchmarkTaskFile } from '../../fixtures/generator/taskFiles.ts';
import { createLocalObjectStore } from '../../src/sources/objectstore/index.ts';
import { parseCsv } from '../support/csv.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';

const lab = buildLab();
const SESSION = `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`;
const labSession = (pick: (s: LabSession) => boolean) => lab.sessions.find(pick) as LabSession;
const BROKEN = labSession((s) => s.task?.broken === 'truncated');
const NO_TASK = labSession((s) => s.task === null && s.sheet !== null && !s.sheet.ignore && s.yaml === null);

interface TableColumn {
  name: string;
  kind: 'FLOAT' | 'INT' | 'BOOL' | 'STRING';
  floatValues: (number | null)[] | null;
  intValues: number[] | null;
  boolValues: boolean[] | null;
  stringValues: string[] | null;
}
interface Table {
  rowCount: number;
  columns: TableColumn[];
}
const valuesOf = (c: TableColumn): unknown[] =>
  c.floatValues ?? c.intValues ?? c.boolValues ?? c.stringValues ?? [];

let gw: RunningGateway;
let trials: Table;
let performance: Table;
let legacy: Table;
beforeAll(async () => {
  gw = await startGateway();
  const columns = 'rowCount columns { name kind floatValues intValues boolValues stringValues }';
  const result = await gw.query<{ session: { trialsTable: Table; performanceTable: Table; legacy: Table } }>(
    `{ session(ref: "${SESSION}") { trialsTable { ${columns} } performanceTable { ${columns} } legacy: performanceTable(version: LEGACY) { ${columns} } } }`,
  );
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  ({ trialsTable: trials, performanceTable: performance, legacy } = result.data.session);
});
afterAll(() => gw.close());

const get = (path: string, init?: RequestInit) => gw.fetch(`${gw.url}${path}`, init);
const ref = (r: string) => encodeURIComponent(r);

/** The CSV's cells, checked to parse as the column's kind: numbers (empty for NaN), true/false, text. */
function expectCsvMatches(text: string, table: Table) {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual(table.columns.map((c) => c.name));
  expect(rows).toHaveLength(table.rowCount);
  table.columns.forEach((column, j) => {
    const cells = rows.map((row) => row[j] as string);
    switch (column.kind) {
      case 'FLOAT':
        expect(cells.every((c) => c === '' || Number.isFinite(Number(c)))).toBe(true);
        expect(cells.map((c) => (c === '' ? null : Number(c)))).toEqual(valuesOf(column));
        break;
      case 'INT':
        expect(cells.every((c) => /^-?[0-9]+$/.test(c))).toBe(true);
        expect(cells.map(Number)).toEqual(valuesOf(column));
        break;
      case 'BOOL':
        expect(cells.every((c) => c === 'true' || c === 'false')).toBe(true);
        expect(cells.map((c) => c === 'true')).toEqual(valuesOf(column));
        break;
      case 'STRING':
        expect(cells).toEqual(valuesOf(column));
        break;
    }
  });
}

function expectNdjsonMatches(text: string, table: Table) {
  expect(text.endsWith('\n')).toBe(true);
  const rows = text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(rows).toHaveLength(table.rowCount);
  for (const row of rows) expect(Object.keys(row)).toEqual(table.columns.map((c) => c.name));
  for (const column of table.columns) expect(rows.map((r) => r[column.name])).toEqual(valuesOf(column));
}

describe('trials and performance exports', () => {
  it('trials.csv: reference header, one row per trial, each column of one type, NaN empty', async () => {
    const response = await get(`/sessions/${SESSION}/trials.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toContain(`${SESSION}_trials.csv`);
    const text = await response.text();
    expectCsvMatches(text, trials);
    expect(trials.columns.some((c) => c.floatValues?.includes(null))).toBe(true); // NaN cells were checked
    expect(trials.columns.some((c) => c.kind === 'BOOL')).toBe(true);
  });

  it('trials.ndjson: one JSON object per trial keyed by the reference names, NaN as null', async () => {
    const response = await get(`/sessions/${SESSION}/trials.ndjson`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expectNdjsonMatches(await response.text(), trials);
  });

  it('performance.csv and performance.ndjson: one row per block; ?version=legacy for the legacy table', async () => {
    expectCsvMatches(await (await get(`/sessions/${SESSION}/performance.csv`)).text(), performance);
    expectNdjsonMatches(await (await get(`/sessions/${SESSION}/performance.ndjson`)).text(), performance);
    const legacyCsv = await get(`/sessions/${SESSION}/performance.csv?version=legacy`);
    expect(legacyCsv.headers.get('content-disposition')).toContain('performance_legacy.csv');
    expectCsvMatches(await legacyCsv.text(), legacy);
    expect(performance.rowCount).toBeGreaterThan(1);
  });

  it('?names=legacy heads the CSV and keys the NDJSON with the notebook-era names; the default stays current', async () => {
    const legacyNames: Record<string, string> = {
      rewarded_modality: 'context_name',
      is_vis_rewarded: 'is_vis_context',
      is_aud_rewarded: 'is_aud_context',
      is_block_switch: 'is_context_switch',
    };
    const renamed = {
      ...trials,
      columns: trials.columns.map((c) => ({ ...c, name: legacyNames[c.name] ?? c.name })),
    };
    expect(renamed.columns.filter((c) => Object.values(legacyNames).includes(c.name))).toHaveLength(4);
    expectCsvMatches(await (await get(`/sessions/${SESSION}/trials.csv?names=legacy`)).text(), renamed);
    expectNdjsonMatches(await (await get(`/sessions/${SESSION}/trials.ndjson?names=legacy`)).text(), renamed);
    const [header] = parseCsv(await (await get(`/sessions/${SESSION}/trials.csv?names=current`)).text());
    expect(header).toEqual(trials.columns.map((c) => c.name));
    const legacyPerformance = await get(`/sessions/${SESSION}/performance.csv?version=legacy&names=legacy`);
    expect(parseCsv(await legacyPerformance.text())[0]).toContain('context');
  });

  it('epochs.csv and epochs.ndjson: one row per stim file, as Session.epochs', async () => {
    const result = await gw.query<{ session: { epochs: Record<string, unknown>[] } }>(
      `{ session(ref: "${SESSION}") { epochs { startTime stopTime scriptName tags intervalNames notes } } }`,
    );
    const epochs = result.data?.session.epochs ?? [];
    expect(epochs.length).toBeGreaterThan(0);
    const csv = await get(`/sessions/${SESSION}/epochs.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(`${SESSION}_epochs.csv`);
    const [header, ...rows] = parseCsv(await csv.text());
    expect(header).toEqual(['start_time', 'stop_time', 'script_name', 'tags', 'interval_names', 'notes']);
    expect(
      rows.map((r) => [
        Number(r[0]),
        Number(r[1]),
        r[2],
        JSON.parse(r[3] as string),
        JSON.parse(r[4] as string),
        r[5],
      ]),
    ).toEqual(
      epochs.map((e) => [e.startTime, e.stopTime, e.scriptName, e.tags, e.intervalNames, e.notes ?? '']),
    );
    const ndjson = await get(`/sessions/${SESSION}/epochs.ndjson`);
    const objects = (await ndjson.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.map((o) => [o.script_name, o.tags])).toEqual(epochs.map((e) => [e.scriptName, e.tags]));
  });

  it('accepts any session reference, URL-encoded', async () => {
    const byId = await (await get(`/sessions/${SESSION}/trials.csv`)).text();
    const task = lab.sessions.find((s) => s.id === SESSION)?.task as NonNullable<LabSession['task']>;
    for (const form of [
      `s3://${TASK_BUCKET}/${taskFileKey(task)}`,
      `DynamicRouting1_${task.subject}_${task.startTime}.hdf5`,
      '676909 2023-12-13',
      '//allen/programs/mindscope/workgroups/dynamicrouting/PilotEphys/Task 2 pilot/DRpilot_676909_20231213',
    ]) {
      const response = await get(`/sessions/${ref(form)}/trials.csv`);
      expect(response.status, form).toBe(200);
      expect(await response.text()).toBe(byId);
    }
  });

  it('answers HEAD with the headers only', async () => {
    const response = await get(`/sessions/${SESSION}/trials.ndjson`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(await response.text()).toBe('');
  });
});

describe('export errors', () => {
  /** The one error shape (src/errors.ts): `{ errors: [{ message, extensions: { code, … } }] }`. */
  const json = async (response: Response) => {
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(body.errors).toHaveLength(1);
    const [{ message, extensions }] = body.errors as [
      { message: string; extensions: Record<string, unknown> },
    ];
    return { ...extensions, error: message };
  };

  it('404 with a reason for a session no source knows', async () => {
    const response = await get(`/sessions/${ref('999999_2023-12-13')}/trials.csv`);
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({
      code: 'NOT_FOUND',
      error: expect.stringContaining('999999_2023-12-13'),
    });
  });

  it('404 with a reason for a session without a task file', async () => {
    const response = await get(`/sessions/${NO_TASK.id}/performance.ndjson`);
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({
      session: NO_TASK.id,
      error: expect.stringMatching(/no task file/),
    });
  });

  it('400 listing the accepted forms for an unreadable reference or a bad parameter', async () => {
    const unreadable = await get('/sessions/not-a-session/trials.csv');
    expect(unreadable.status).toBe(400);
    expect(await json(unreadable)).toMatchObject({ code: 'BAD_USER_INPUT', accepted: expect.any(Array) });
    expect((await get('/sessions/%E0%A4%A/trials.csv')).status).toBe(400);
    const version = await get(`/sessions/${SESSION}/trials.csv?version=legacy`);
    expect(version.status).toBe(400);
    const epochsVersion = await get(`/sessions/${SESSION}/epochs.csv?version=legacy`);
    expect(epochsVersion.status).toBe(400);
    const names = await get(`/sessions/${SESSION}/trials.csv?names=old`);
    expect(names.status).toBe(400);
    expect(await json(names)).toMatchObject({ accepted: [expect.stringContaining('names=legacy')] });
  });

  it('422 naming the object for a broken task file', async () => {
    const uri = `s3://${TASK_BUCKET}/${taskFileKey(BROKEN.task as NonNullable<LabSession['task']>)}`;
    const response = await get(`/sessions/${BROKEN.id}/trials.csv`);
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({
      code: 'INVALID_DATA',
      uri,
      error: expect.stringContaining(uri),
    });
  });

  it('405 for other methods', async () => {
    const response = await get(`/sessions/${SESSION}/trials.csv`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await json(response)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });
});

describe('a one-hour session', () => {
  let root: string;
  let big: RunningGateway;
  beforeAll(async () => {
    // The benchmark file (217,261 frames, opto) in place of the fixture session's task file.
    root = await mkdtemp(join(tmpdir(), 'labgraph-exports-'));
    const task = lab.sessions.find((s) => s.id === SESSION)?.task as NonNullable<LabSession['task']>;
    await writeBenchmarkTaskFile(join(root, TASK_BUCKET, taskFileKey(task)));
    big = await startGateway(EMBEDDED_ENV, { sources: { objectStore: createLocalObjectStore({ root }) } });
  });
  afterAll(async () => {
    await big.close();
    await rm(root, { recursive: true, force: true });
  });

  it('streams every trial, opto columns included', async () => {
    const result = await big.query<{
      session: { trialsTable: { rowCount: number; columns: { name: string }[] } };
    }>(`{ session(ref: "${SESSION}") { trialsTable { rowCount columns { name } } } }`);
    const table = result.data?.session.trialsTable;
    expect(table?.rowCount).toBeGreaterThan(400);
    const [header, ...rows] = parseCsv(
      await (await big.fetch(`${big.url}/sessions/${SESSION}/trials.csv`)).text(),
    );
    expect(header).toEqual(table?.columns.map((c) => c.name));
    expect(header).toContain('opto_start_time');
    expect(rows).toHaveLength(table?.rowCount as number);
    const lines = (await (await big.fetch(`${big.url}/sessions/${SESSION}/trials.ndjson`)).text())
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(table?.rowCount as number);
  });
});

/** Debian's python3-pandas (`apt-get install -y python3-pandas`), when /usr/bin/python3 has it. */
const PANDAS = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
const PANDAS_DTYPES = `
import json, sys, pandas as pd
df = pd.read_csv(sys.stdin)
print(json.dumps({"rows": len(df), "dtypes": {c: str(t) for c, t in df.dtypes.items()}}))
`;

describe('the CSV export in a dataframe library', () => {
  it.skipIf(!PANDAS)(
    PANDAS
      ? 'loads into pandas with the right column types'
      : 'loads into pandas with the right column types — SKIPPED: /usr/bin/python3 has no pandas (apt-get install -y python3-pandas)',
    async () => {
      for (const [path, table] of [
        [`/sessions/${SESSION}/trials.csv`, trials],
        [`/sessions/${SESSION}/performance.csv`, performance],
      ] as const) {
        const csv = await (await get(path)).text();
        const run = spawnSync('/usr/bin/python3', ['-c', PANDAS_DTYPES], { input: csv, encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        const { rows, dtypes } = JSON.parse(run.stdout) as { rows: number; dtypes: Record<string, string> };
        expect(rows).toBe(table.rowCount);
        expect(Object.keys(dtypes)).toEqual(table.columns.map((c) => c.name));
        for (const column of table.columns) {
          const values = valuesOf(column);
          const integral = values.every((v) => typeof v === 'number' && Number.isInteger(v));
          const expected = {
            // A float column whose values are all whole numbers (opto_wavelength, say) reads as int64.
            FLOAT: integral ? 'int64' : 'float64',
            INT: 'int64',
            BOOL: 'bool',
            STRING: 'object',
          }[column.kind];
          expect(dtypes[column.name], column.name).toBe(expected);
        }
      }
    },
  );
});
