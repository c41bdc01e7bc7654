/** `instrument` (v2 in place of `rig`, and imaging): the apparatus. */
import { z } from 'zod';
import { text } from './leaves.ts';

export interface InstrumentView {
  instrumentId: string | null;
  /** The section as stored (JSON): the gateway exposes it whole. */
  document: Record<string, unknown>;
}

export const instrumentSection = z
  .looseObject({ instrument_id: text })
  .transform((i): InstrumentView => ({ instrumentId: i.instrument_id ?? null, document: i }));
