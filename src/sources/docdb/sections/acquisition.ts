/** `acquisition` (v2 in place of `session`, and imaging): when the data were acquired. */
import { z } from 'zod';
import { idText, type Timestamp, text, timestampOf } from './leaves.ts';

export interface AcquisitionView {
  acquisitionStartTime: Timestamp | null;
  acquisitionEndTime: Timestamp | null;
  instrumentId: string | null;
  subjectId: string | null;
  /** The section as stored (JSON, `subject_id` as text): the gateway exposes it whole. */
  document: Record<string, unknown>;
}

export const acquisitionSection = z
  .looseObject({
    acquisition_start_time: text,
    acquisition_end_time: text,
    instrument_id: text,
    subject_id: idText,
  })
  .transform(
    (a): AcquisitionView => ({
      acquisitionStartTime: timestampOf(a.acquisition_start_time),
      acquisitionEndTime: timestampOf(a.acquisition_end_time),
      instrumentId: a.instrument_id ?? null,
      subjectId: a.subject_id ?? null,
      document: a,
    }),
  );
