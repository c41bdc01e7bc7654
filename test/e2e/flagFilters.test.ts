/**
 * Every Session flag that is a filter too: over the whole fixture lab, `sessions(filter: { flag })`
 * lists exactly the sessions whose field says so (true or false; a null field matches neither), and
 * the session-list export's query string gives the same list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_FILTERS } from '../../src/domain/sessionFilterTypes.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

/** The flags that became filters after isTask…isHab, isEphys/isSync and isUploaded/isSorted. */
const FLAGS = FLAG_FILTERS.filter((flag) => !['isTask', 'isOpto', 'isTraining', 'isHab'].includes(flag));
type Flag = (typeof FLAGS)[number];
type Node = { id: string } & Record<Flag, boolean | null>;

interface Page {
  sessions: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Node }[] };
}

let gw: RunningGateway;
const fields = new Map<string, Node>();

/** Every session's ids under `filter`, all pages; a field failing alone (a corrupt task file) is allowed. */
async function listAll(filter: Record<string, unknown>, selection = 'id'): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  do {
    const result: Awaited<ReturnType<typeof gw.query<Page>>> = await gw.query<Page>(
      `query ($filter: SessionFilter, $after: String) { sessions(first: 100, after: $after, filter: $filter) {
        pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`,
      { filter, after },
    );
    for (const error of result.errors ?? [])
      expect(error.extensions?.code, error.message).toBe('INVALID_DATA');
    const page = result.data!.sessions;
    nodes.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return nodes;
}

beforeAll(async () => {
  gw = await startGateway();
  for (const node of await listAll({}, `id ${FLAGS.join(' ')}`)) fields.set(node.id, node);
}, 120_000);
afterAll(() => gw?.close());

const idsWhere = (flag: Flag, value: boolean) =>
  [...fields.values()].filter((n) => n[flag] === value).map((n) => n.id);

describe.each(FLAGS)('%s as a filter', (flag) => {
  it('lists exactly the sessions whose field is true, then false', async () => {
    expect(FLAGS).toHaveLength(19);
    const withTrue = idsWhere(flag, true);
    const withFalse = idsWhere(flag, false);
    // Each flag splits the lab: a filter matching all or nothing would prove little.
    expect(withTrue.length + withFalse.length, `${flag} is decided somewhere`).toBeGreaterThan(0);
    expect((await listAll({ [flag]: true })).map((n) => n.id).sort()).toEqual(withTrue.sort());
    expect((await listAll({ [flag]: false })).map((n) => n.id).sort()).toEqual(withFalse.sort());
  });
});

describe('flags in the session-list export', () => {
  it.each(['isDlc', 'isAnnotated', 'isWildtype', 'isSurfaceChannels'] as const)(
    '/sessions.ndjson?%s=true lists what the filter lists',
    async (flag) => {
      const response = await gw.fetch(`${gw.url}/sessions.ndjson?${flag}=true`);
      expect(response.status).toBe(200);
      const lines = (await response.text()).split('\n').filter((line) => line !== '');
      const ids = lines.map((line) => (JSON.parse(line) as { session_id: string }).session_id).sort();
      expect(ids).toEqual(idsWhere(flag, true).sort());
    },
  );

  it('datasetQcAtMost takes the QC name or its Alyx value; other values are refused with the accepted ones', async () => {
    const byName = await (await gw.fetch(`${gw.url}/sessions.ndjson?datasetQcAtMost=pass`)).text();
    const byValue = await (await gw.fetch(`${gw.url}/sessions.ndjson?datasetQcAtMost=10`)).text();
    expect(byName).toBe(byValue);
    const refused = await gw.fetch(`${gw.url}/sessions.ndjson?datasetQcAtMost=11`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/NOT_SET, PASS, WARNING, FAIL, CRITICAL/);
  });
});
