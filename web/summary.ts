/**
 * What the dashboard derives from the API's answers for display (no science beyond averaging):
 * a session's summary over its blocks, and the kind a session is marked with.
 */

export interface BlockValues {
  crossModalityDprime: number | null;
  hitRate: number | null;
  falseAlarmRate: number | null;
}

export interface SessionSummary {
  /** Mean over the blocks of the per-block cross-modality d′ (blocks where it is NaN left out). */
  dprime: number | null;
  /** Mean over the blocks of the per-block hit rate. */
  hitRate: number | null;
  /** Mean over the blocks of the per-block false-alarm rate. */
  falseAlarmRate: number | null;
}

/** Mean of the non-null values; null when there are none. */
export function meanOf(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return present.length === 0 ? null : present.reduce((sum, v) => sum + v, 0) / present.length;
}

export function summarise(blocks: readonly BlockValues[]): SessionSummary {
  return {
    dprime: meanOf(blocks.map((b) => b.crossModalityDprime)),
    hitRate: meanOf(blocks.map((b) => b.hitRate)),
    falseAlarmRate: meanOf(blocks.map((b) => b.falseAlarmRate)),
  };
}

export const SESSION_KINDS = ['training', 'habituation', 'ephys', 'opto', 'other'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export interface KindFlags {
  isEphys: boolean | null;
  isOpto: boolean | null;
  isHab: boolean | null;
  isTraining: boolean | null;
  trackedPlatform?: string | null;
}

/**
 * Opto first (an opto ephys day is marked opto), then ephys, habituation, training. The task-file
 * flags are null without a task file; a training-sheet row is then still a training day.
 */
export function sessionKind(flags: KindFlags): SessionKind {
  if (flags.isOpto) return 'opto';
  if (flags.isEphys) return 'ephys';
  if (flags.isHab) return 'habituation';
  if (flags.isTraining || flags.trackedPlatform === 'TRAINING_SHEET') return 'training';
  return 'other';
}
