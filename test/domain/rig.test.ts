import { describe, expect, it } from 'vitest';
import { normaliseRigName } from '../../src/domain/rig.ts';

describe('normaliseRigName', () => {
  it.each([
    // reference §2 and npc_session doctests
    ['NP0', 'NP.0'],
    ['NP.0', 'NP.0'],
    ['BEH.B', 'BEHDEV.B-UNKNOWN'],
    ['D2', 'BEHNSB.D-2'],
    ['BEH.D-Box2', 'BEHNSB.D-2'],
    ['BEH.D-Box1', 'BEHNSB.D-1'],
    ['BEHNSB.D-1', 'BEHNSB.D-1'],
    ['342_BEHDEV.B-2_240401', 'BEHDEV.B-2'],
    ['342_BEHDEV.B-UNKNOWN_240401', 'BEHDEV.B-UNKNOWN'],
    ['UNKNOWN_BEHDEV.B-UNKNOWN', 'BEHDEV.B-UNKNOWN'],
    ['unknown_BEHDEV.B-UNKNOWN', 'BEHDEV.B-UNKNOWN'],
    ['unknown_BEHDEV.B-unknown', 'BEHDEV.B-UNKNOWN'],
    ['NSB.F-2', 'BEHNSB.F-2'],
    ['346_SAM.B-UNKNOWN_20240401', 'BEHDEV.B-UNKNOWN'],
    // names the task writes (§3: rigName `B2`/`NP3`/`BEH.E`)
    ['B2', 'BEHDEV.B-2'],
    ['NP3', 'NP.3'],
    ['BEH.E', 'BEHNSB.E-UNKNOWN'],
    ['E6', 'BEHNSB.E-6'],
    ['A1', 'BEHNSB.A-1'],
    ['np1', 'NP.1'],
    ['  NP2 ', 'NP.2'],
    ['beh.g-box3', 'BEHNSB.G-3'],
    ['G', 'BEHNSB.G-UNKNOWN'],
    ['342_NP.3_20240401', 'NP.3'],
  ])('%j → %s', (raw, normal) => {
    expect(normaliseRigName(raw)).toBe(normal);
  });

  it.each([
    ['a cluster computer index outside 1–6', 'BEH.D-Box7'],
    ['computer index 0', 'D0'],
    ['NP rigs are 0–3', 'NP4'],
    ['NP rigs have no computer index', 'NP3-1'],
    ['NP with a letter', 'NPX'],
    ['a bare digit', '3'],
    ['an AIND ephys rig id', '323_EPHYS1_20231003'],
    ['empty', ''],
    ['NaN written by the task', 'NaN'],
    ['unknown', 'unknown'],
    ['free text', 'the rig by the window'],
  ])('null for %s: %j', (_why, raw) => {
    expect(normaliseRigName(raw)).toBeNull();
  });
});
