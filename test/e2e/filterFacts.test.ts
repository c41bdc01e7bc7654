/**
 * Behaviour filters over every session (isOpto, isTraining, keyword…) keep each session's filter
 * facts per task-file ETag, apart from the byte-bounded table caches: once a filter has read a task
 * file, later filters over the same sessions read no task file again — even when the tables were
 * evicted, as a field that needs the tables shows by reading them again. Counted in object-store
 * reads, never timed.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { createEmbeddedDocDb, type DocDbOperation } from '../../src/sources/docdb/index.ts';
import { createLocalObjectStore } from '../../src/sources/objectstore/index.ts';
import { countingObjectStore } from '../support/countingObjectStore.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');
const store = countingObjectStore(createLocalObjectStore({ root: path.join(FIXTURES, 's3') }));
const docdbRequests: DocDbOperation[] = [];
const taskFileGets = () => store.calls.filter((c) => c.operation === 'get' && c.path.endsWith('.hdf5'));

interface Page {
  sessions: { totalCount: number; edges: { node: { id: string; isOpto?: boolean | null } }[] };
}

let gateway: RunningGateway;
beforeAll(async () => {
  // The smallest table bound the config allows: most tables are evicted by the time a filter ends.
  const docdb = await createEmbeddedDocDb({
    files: [path.join(FIXTURES, 'docdb', 'data_assets.jsonl')],
    onRequest: (operation) => void docdbRequests.push(operation),
  });
  gateway = await startGateway(
    { ...EMBEDDED_ENV, LABGRAPH_DERIVED_CACHE_MAX_BYTES: '1000000' },
    { sources: { objectStore: store.store, docdb } },
  );
});
afterAll(() => gateway?.close());

async function ids(filter: string, fields = 'id'): Promise<Page['sessions']> {
  const result = await gateway.query<Page>(
    `{ sessions(first: 100, filter: ${filter}) { totalCount edges { node { ${fields} } } } }`,
  );
  expect(result.errors).toBeUndefined();
  return (result.data as Page).sessions;
}

describe('behaviour filter facts', () => {
  it('the first behaviour filter reads each task file once and asks DocDB once for every genotype; later ones read none', async () => {
    const finds = docdbRequests.length;
    const first = await ids('{ isOpto: true }');
    expect(docdbRequests.length - finds).toBe(1);
    const read = taskFileGets();
    expect(read.length).toBeGreaterThan(3);
    expect(new Set(read.map((c) => c.path)).size).toBe(read.length);
    expect(first.totalCount).toBeGreaterThan(0);

    // Other behaviour filters over the same sessions (other documents: no response-cache hit).
    const before = taskFileGets().length;
    const training = await ids('{ isTraining: true }');
    const again = await ids('{ keyword: "opto_perturbation" }');
    expect(training.totalCount).toBeGreaterThan(0);
    expect(new Set(again.edges.map((e) => e.node.id))).toEqual(new Set(first.edges.map((e) => e.node.id)));
    expect(taskFileGets().length - before).toBe(0);
  });

  it('the tables themselves were evicted: a field that needs them reads the files again, the facts agree', async () => {
    const before = taskFileGets().length;
    const withField = await ids('{ isOpto: true }', 'id isOpto');
    expect(taskFileGets().length - before).toBeGreaterThan(0);
    expect(withField.edges.every((e) => e.node.isOpto === true)).toBe(true);
  });
});
