/**
 * Hostile task files behind the real gateway (over HTTP): a compressed HDF5 bomb and a file the HDF5
 * library loops on, each placed as one session's task file in a copy of the fixture lab's S3 layout.
 * Only that session's behaviour fields fail (INVALID_DATA naming the object), other sessions are
 * served meanwhile, /healthz answers, and memory stays bounded.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabSession, TASK_BUCKET, taskFileKey } from '../../fixtures/generator/lab.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { createLocalObjectStore, withObjectStoreCache } from '../../src/sources/objectstore/index.ts';
import { EMBEDDED_ENV, type RunningGateway, startHttpGateway } from '../support/gateway.ts';
import { taskFileWith } from '../support/hostileTaskFiles.ts';

const MB = 1024 ** 2;
const FIXTURE_S3 = join(PROJECT_ROOT, 'fixtures', 's3');
const LOOPING = join(FIXTURE_S3, TASK_BUCKET, 'labgraph-corrupt-files', 'hdf5-loops.hdf5');

const lab = buildLab();
const readable = lab.sessions.filter(
  (s) => s.task !== null && !s.task.broken && (s.yaml !== null || (s.sheet !== null && !s.sheet.ignore)),
);
/** Three sessions of different subjects: one gets the bomb, one the looping file, one stays good. */
const [BOMB, LOOP, GOOD] = readable.filter(
  (s, i, all) => all.findIndex((other) => other.subject === s.subject) === i,
) as [LabSession, LabSession, LabSession];
const keyOf = (s: LabSession) => taskFileKey(s.task as NonNullable<LabSession['task']>);
const uriOf = (s: LabSession) => `s3://${TASK_BUCKET}/${keyOf(s)}`;

interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
type Trials = { id: string; trials: { startTime: number | null }[] | null };

let root: string;
let gw: RunningGateway;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'labgraph-hostile-lab-'));
  await cp(FIXTURE_S3, root, { recursive: true });
  const bomb = await taskFileWith([
    { name: 'frameIntervals', written: 1_000, extent: 200_000_000, chunk: 65_536 },
  ]);
  await writeFile(join(root, TASK_BUCKET, keyOf(BOMB)), bomb);
  await writeFile(join(root, TASK_BUCKET, keyOf(LOOP)), await readFile(LOOPING));
  gw = await startHttpGateway(
    { ...EMBEDDED_ENV, LABGRAPH_HDF5_WORKERS: '2', LABGRAPH_HDF5_TIMEOUT_MS: '8000' },
    { sources: { objectStore: withObjectStoreCache(createLocalObjectStore({ root })) } },
  );
});
afterAll(async () => {
  await gw?.close();
  await rm(root, { recursive: true, force: true });
});

const trialsOf = (alias: string, session: LabSession) =>
  `${alias}: session(ref: "${session.id}") { id trials { startTime } }`;

describe('hostile task files behind the gateway', () => {
  it('a compressed HDF5 bomb fails only its session, with INVALID_DATA naming it; memory stays flat', async () => {
    const rssBefore = process.memoryUsage().rss;
    const pending = gw.query<Record<string, Trials>>(
      `{ ${trialsOf('bomb', BOMB)} ${trialsOf('good', GOOD)} }`,
    );
    expect((await gw.fetch(`${gw.url}/healthz`)).status).toBe(200);
    const result = await pending;
    const errors = (result.errors ?? []) as readonly unknown[] as GqlError[];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.path).toEqual(['bomb', 'trials']);
      expect(error.extensions?.code).toBe('INVALID_DATA');
      expect(error.extensions?.uri).toBe(uriOf(BOMB));
      expect(error.message).toMatch(/"frameIntervals" has shape \(200000000\)/);
    }
    expect(result.data?.bomb).toEqual({ id: BOMB.id, trials: null });
    expect(result.data?.good?.trials?.length).toBeGreaterThan(0);
    // Reading the bomb would have taken gigabytes (12.6 GB peak before the limits).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * MB);
  });

  it('a file the HDF5 library loops on delays no other session; /healthz answers meanwhile', async () => {
    let loopAnswered = false;
    const looping = gw.query<Record<string, Trials>>(`{ ${trialsOf('loop', LOOP)} }`).finally(() => {
      loopAnswered = true;
    });
    const good = await gw.query<Record<string, Trials>>(`{ ${trialsOf('good', GOOD)} }`);
    expect(good.errors).toBeUndefined();
    expect((await gw.fetch(`${gw.url}/healthz`)).status).toBe(200);
    expect(loopAnswered).toBe(false); // still held by its own worker, and by nothing else
    const result = await looping;
    const [error] = (result.errors ?? []) as readonly unknown[] as GqlError[];
    expect(error?.extensions?.code).toBe('INVALID_DATA');
    expect(error?.message).toMatch(/did not finish within 8 s/);
  });
});
