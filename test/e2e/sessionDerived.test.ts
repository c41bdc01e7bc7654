/**
 * Session flags from derived assets and same-day recordings (npc_lims' is_dlc_*, is_facemap,
 * is_annotated, is_surface_channels), checked over every session of the fixture lab against the
 * lab model, plus the npc_lims flags that used to be keywords only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession, labAssets } from '../../fixtures/generator/lab.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

const lab = buildLab();
const assets = labAssets(lab);
let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw?.close());

interface Flags {
  id: string;
  isDlc: boolean;
  isDlcSide: boolean;
  isDlcEye: boolean;
  isDlcFace: boolean;
  isFacemap: boolean;
  isAnnotated: boolean;
  isSurfaceChannels: boolean;
  surfaceChannelRecording: { id: string } | null;
  isWildtype: boolean | null;
  isProduction: boolean | null;
}

let flags: Map<string, Flags>;
beforeAll(async () => {
  flags = new Map();
  let after: string | null = null;
  do {
    const result: Awaited<ReturnType<typeof gw.query<Page>>> = await gw.query<Page>(
      `query ($after: String) { sessions(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
        edges { node { id isDlc isDlcSide isDlcEye isDlcFace isFacemap isAnnotated isSurfaceChannels
          surfaceChannelRecording { id } isWildtype isProduction } } } }`,
      { after },
    );
    // The task-file flags of a session whose task file is corrupt fail alone, as INVALID_DATA.
    for (const error of result.errors ?? []) {
      expect(error.extensions?.code, error.message).toBe('INVALID_DATA');
      expect(['isWildtype', 'isProduction']).toContain(error.path?.at(-1));
    }
    const page = result.data!.sessions;
    for (const { node } of page.edges) flags.set(node.id, node);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
});

interface Page {
  sessions: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Flags }[] };
}

const processes = (s: LabSession) =>
  assets.filter((a) => a.sessionId === s.id && a.kind === 'derived').map((a) => a.process);

describe('flags from derived assets', () => {
  it('the README session has every kind, and a surface-channel recording', () => {
    const readme = flags.get(`${EDGE.sameDaySubject}_${EDGE.sameDayDate}`);
    expect(readme).toMatchObject({
      isDlc: true,
      isDlcSide: true,
      isDlcEye: true,
      isDlcFace: true,
      isFacemap: true,
      isAnnotated: true,
      isSurfaceChannels: true,
      surfaceChannelRecording: { id: `${EDGE.sameDaySubject}_${EDGE.sameDayDate}_1` },
    });
    expect(flags.get(`${EDGE.sameDaySubject}_${EDGE.sameDayDate}_1`)).toMatchObject({
      isSurfaceChannels: false,
      surfaceChannelRecording: null,
    });
  });

  it('agree with the lab model for every session', () => {
    // Sessions known only by an ignored sheet row are not in the catalog (the reference skips them).
    const listed = lab.sessions.filter((s) => !(s.sheet?.ignore && !s.yaml && !s.aind));
    expect(flags.size).toBe(listed.length);
    for (const s of listed) {
      const f = flags.get(s.id)!;
      const made = processes(s);
      expect(f.isDlcSide, s.id).toBe(made.includes('dlc_side'));
      expect(f.isDlcEye, s.id).toBe(made.includes('dlc_eye'));
      expect(f.isDlcFace, s.id).toBe(made.includes('dlc_face'));
      expect(f.isFacemap, s.id).toBe(made.includes('facemap'));
      expect(f.isDlc, s.id).toBe(f.isDlcSide || f.isDlcEye || f.isDlcFace);
      expect(f.isAnnotated, s.id).toBe(made.includes('ibl-converted'));
      const sameDay = lab.sessions.some(
        (o) =>
          o.subject === s.subject &&
          o.date === s.date &&
          o.idx === s.idx + 1 &&
          o.aind?.platform === 'ecephys',
      );
      expect(f.isSurfaceChannels, s.id).toBe(s.aind?.platform === 'ecephys' && sameDay);
    }
  });
});

describe('npc_lims flags as fields', () => {
  it('isWildtype follows the genotype (true when unknown), isProduction defaults to true', () => {
    for (const s of lab.sessions) {
      const f = flags.get(s.id);
      if (!f || s.task?.broken) continue;
      const genotype = lab.subjects.find((x) => x.id === s.subject)?.genotype ?? '';
      if (genotype.includes('wt/wt')) expect(f.isWildtype, s.id).toBe(true);
      if (f.isProduction !== null)
        expect(f.isProduction, s.id).toBe(s.yaml?.sessionKwargs?.is_production ?? true);
    }
  });
});
