/**
 * The fields the dashboard added to the graph: Subject.latestSession is sessions(first: 1) under the
 * same filter, for every subject; Subject.weightLimitG is the species limit recordWeight enforces,
 * for registered subjects only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_WEIGHT_G } from '../../src/domain/registryRules.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';

interface Row {
  id: string;
  weightLimitG: number | null;
  registration: { species: string } | null;
  latestSession: { id: string } | null;
  sessions: { edges: { node: { id: string } }[] };
  latestTask: { id: string } | null;
  tasks: { edges: { node: { id: string } }[] };
}

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway({ ...EMBEDDED_ENV, LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' });
});
afterAll(() => gw.close());

describe('Subject fields for dashboards', () => {
  it('latestSession is the first of sessions(first: 1) under the same filter', async () => {
    const { data, errors } = await gw.query<{ subjects: { edges: { node: Row }[] } }>(`{
      subjects(first: 100) { edges { node {
        id
        latestSession(filter: { startDate: "2023-06-01" }) { id }
        sessions(first: 1, filter: { startDate: "2023-06-01" }) { edges { node { id } } }
        latestTask: latestSession(filter: { isTask: true }) { id }
        tasks: sessions(first: 1, filter: { isTask: true }) { edges { node { id } } }
      } } }
    }`);
    expect(errors).toBeUndefined();
    const rows = data?.subjects.edges.map((e) => e.node) ?? [];
    expect(rows.some((r) => r.latestSession === null)).toBe(true);
    expect(rows.some((r) => r.latestTask !== null)).toBe(true);
    for (const row of rows) {
      expect(row.latestSession?.id ?? null, row.id).toBe(row.sessions.edges[0]?.node.id ?? null);
      expect(row.latestTask?.id ?? null, row.id).toBe(row.tasks.edges[0]?.node.id ?? null);
    }
  });

  it('weightLimitG is the registered species limit, null for unregistered subjects', async () => {
    const { data } = await gw.query<{ subjects: { edges: { node: Row }[] } }>(
      '{ subjects(first: 100) { edges { node { id weightLimitG registration { species } } } } }',
    );
    const rows = data?.subjects.edges.map((e) => e.node) ?? [];
    const registered = rows.filter((r) => r.registration !== null);
    expect(registered.length).toBeGreaterThan(0);
    for (const row of rows) {
      const species = row.registration?.species.toLowerCase();
      expect(row.weightLimitG, row.id).toBe(species ? (DEFAULT_MAX_WEIGHT_G[species] ?? null) : null);
    }
  });
});
