/** `rig` (v1; ecephys and behaviour): the rig description in force for the session. */
import { z } from 'zod';
import { dayOf, text } from './leaves.ts';

export interface RigView {
  /** `<room>_<rig>_<YYYYMMDD>`, e.g. `323_EPHYS1_20231003`. */
  rigId: string | null;
  /** `YYYY-MM-DD`; null when missing or not a real day. */
  modificationDate: string | null;
}

export const rigSection = z
  .looseObject({ rig_id: text, modification_date: text })
  .transform((r): RigView => ({ rigId: r.rig_id ?? null, modificationDate: dayOf(r.modification_date) }));
