/**
 * CodeOcean computations, read over real HTTP from the CodeOcean test server: the sorting
 * pipeline's runs on each session's raw asset (every state the fixture lab has), whether sorting is
 * in progress, and the run that made a result asset. Expectations come from the lab model, and the
 * server counts what it costs: one pipeline listing for any number of sessions.
 */
import { describe, expect, it } from 'vitest';
import { SORTING_PIPELINE_ID } from '../../fixtures/generator/codeocean.ts';
import { buildLab, EDGE, labAssets } from '../../fixtures/generator/lab.ts';
import { startGateway } from '../support/gateway.ts';
import { gatewayOverUpstreams } from '../support/gatewayOverUpstreams.ts';

const lab = buildLab();
const assets = labAssets(lab);
const running = gatewayOverUpstreams();

interface Run {
  id: string;
  state: string;
  endStatus: string | null;
  startTime: string;
  endTime: string | null;
  capsuleId: string | null;
  inputAssets: { name: string }[];
}
const RUN = 'id state endStatus startTime endTime capsuleId inputAssets { name }';

async function sessionRuns(ref: string) {
  const result = await running.gw.query<{
    session: { isSortingInProgress: boolean; sortingComputations: Run[] };
  }>(`query ($ref: String!) { session(ref: $ref) { isSortingInProgress sortingComputations { ${RUN} } } }`, {
    ref,
  });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.session;
}

/** The lab's sorting runs on a session's raw asset: one per sorted asset, plus the runs that made none. */
function expectedStates(sessionId: string): string[] {
  const session = lab.sessions.find((s) => s.id === sessionId)!;
  const sorted = assets.filter((a) => a.sessionId === sessionId && a.kind === 'sorted');
  return [
    ...sorted.map(() => 'COMPLETED'),
    ...(session.aind?.sortingRuns ?? []).map((r) => r.state.toUpperCase()),
  ].sort();
}

describe('Session.sortingComputations and isSortingInProgress', () => {
  const withRuns = lab.sessions.filter((s) => s.aind?.rawAsset && s.aind.sortingRuns?.length);

  it('the fixture lab has runs in every state', () => {
    const states = new Set(withRuns.flatMap((s) => s.aind!.sortingRuns!.map((r) => r.state)));
    expect(states).toEqual(new Set(['initializing', 'running', 'finalizing', 'completed', 'failed']));
  });

  it('lists every run on the raw asset, newest first, in progress or not', async () => {
    for (const s of withRuns) {
      const { isSortingInProgress, sortingComputations: runs } = await sessionRuns(s.id);
      expect(runs.map((r) => r.state).sort(), s.id).toEqual(expectedStates(s.id));
      const starts = runs.map((r) => Date.parse(r.startTime));
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
      const inProgress = runs.filter((r) => ['INITIALIZING', 'RUNNING', 'FINALIZING'].includes(r.state));
      expect(isSortingInProgress, s.id).toBe(inProgress.length > 0);
      for (const run of inProgress) expect(run).toMatchObject({ endTime: null, endStatus: null });
      for (const run of runs) {
        expect(run.capsuleId).toBe(SORTING_PIPELINE_ID);
        expect(run.inputAssets.map((a) => a.name)).toEqual([s.aind!.name]);
      }
    }
  });

  it('a stopped run and a failed run say so', async () => {
    const failed = withRuns.find((s) => s.subject === EDGE.failedSortSubject)!;
    const runs = (await sessionRuns(failed.id)).sortingComputations;
    expect(runs.some((r) => r.state === 'COMPLETED' && r.endStatus === 'stopped')).toBe(true);
    expect(runs.some((r) => r.state === 'FAILED' && r.endStatus === 'failed')).toBe(true);
    for (const r of runs.filter((x) => x.endStatus))
      expect(Date.parse(r.endTime!)).toBeGreaterThan(Date.parse(r.startTime));
  });

  it('a session without a raw asset has none; 50 sessions cost ONE pipeline listing', async () => {
    running.upstreams.resetCounts();
    const fresh = await startGateway(running.upstreams.env());
    try {
      running.upstreams.resetCounts();
      const result = await fresh.query<{
        sessions: { edges: { node: { id: string; sortingComputations: Run[] | null } }[] };
      }>(
        `{ sessions(first: 50) { edges { node { id isSortingInProgress sortingComputations { state } } } } }`,
      );
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.sessions.edges.map((e) => e.node);
      expect(nodes).toHaveLength(50);
      for (const node of nodes) {
        const session = lab.sessions.find((s) => s.id === node.id);
        if (!session?.aind?.rawAsset) expect(node.sortingComputations, node.id).toEqual([]);
      }
      const listings = running.upstreams.codeocean.requests.filter(
        (r) => r.route === 'listCapsuleComputations',
      );
      expect(listings).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('DataAsset.computations', () => {
  it('a result names the run that made it (one GET per run), with its capsule and input', async () => {
    const sorted = assets.filter((a) => a.kind === 'sorted').slice(0, 3);
    running.upstreams.resetCounts();
    const result = await running.gw.query<Record<string, { computations: Run[] }>>(
      `{ ${sorted.map((a, i) => `a${i}: dataAsset(id: "${a.id}") { computations { ${RUN} } }`).join(' ')} }`,
    );
    expect(result.errors).toBeUndefined();
    sorted.forEach((asset, i) => {
      const runs = result.data![`a${i}`]!.computations;
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        state: 'COMPLETED',
        endStatus: asset.error ? 'failed' : 'succeeded',
        capsuleId: SORTING_PIPELINE_ID,
      });
    });
    const gets = running.upstreams.codeocean.requests.filter((r) => r.route === 'getComputation');
    expect(gets).toHaveLength(sorted.length);
  });

  it('raw data list the sorting runs that took them as input', async () => {
    const session = lab.sessions.find((s) => s.subject === EDGE.failedSortSubject && s.aind?.sortingRuns)!;
    const raw = assets.find((a) => a.kind === 'raw' && a.sessionId === session.id)!;
    const result = await running.gw.query<{ dataAsset: { computations: Run[] } }>(
      `{ dataAsset(id: "${raw.id}") { computations { ${RUN} } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.dataAsset.computations.map((r) => r.state).sort()).toEqual(
      expectedStates(session.id),
    );
  });
});
