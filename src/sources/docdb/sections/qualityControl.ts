/** `quality_control`: the QC evaluations of the asset. */
import { z } from 'zod';
import {
  jsonOf,
  list,
  type Named,
  named,
  namedOf,
  oneOf,
  type Timestamp,
  text,
  textOf,
  textsOf,
  timestampOf,
} from './leaves.ts';

export const QC_STAGES = ['Raw data', 'Processing', 'Analysis', 'Multi-asset'] as const;
export type QcStage = (typeof QC_STAGES)[number];
export const QC_STATUSES = ['Pass', 'Fail', 'Pending'] as const;
export type QcStatus = (typeof QC_STATUSES)[number];

export interface QcEvaluationView {
  name: string | null;
  description: string | null;
  /** null when missing or not a known stage (any case). */
  stage: QcStage | null;
  modality: Named | null;
  /** `latest_status`; null when missing or not Pass/Fail/Pending (any case). */
  latestStatus: QcStatus | null;
  created: Timestamp | null;
  tags: string[];
  notes: string | null;
  /** The metrics as stored (JSON). */
  metrics: unknown;
}

export interface QualityControlView {
  evaluations: QcEvaluationView[];
  notes: string | null;
}

const evaluation = z
  .looseObject({
    name: text,
    stage: text,
    modality: named.nullish(),
    latest_status: text,
    created: text,
    metrics: list(z.looseObject({ name: text, value: z.unknown() })),
    notes: text,
  })
  .transform(
    (e): QcEvaluationView => ({
      name: e.name ?? null,
      description: textOf(e.description),
      stage: oneOf(e.stage, QC_STAGES),
      modality: namedOf(e.modality),
      latestStatus: oneOf(e.latest_status, QC_STATUSES),
      created: timestampOf(e.created),
      tags: textsOf(e.tags),
      notes: e.notes ?? null,
      metrics: jsonOf(e.metrics),
    }),
  );

export const qualityControlSection = z
  .looseObject({ evaluations: list(evaluation), notes: text })
  .transform((q): QualityControlView => ({ evaluations: q.evaluations ?? [], notes: q.notes ?? null }));
