/**
 * One schema per core document of a v1 record (reference §4.3). Each validates the keys its section
 * promises and yields a typed camelCase view, with every tolerant transform (odd shapes, legacy field
 * names, string/number leniency) applied here, at the source boundary.
 */
import type { z } from 'zod';
import { acquisitionSection } from './acquisition.ts';
import { dataDescriptionSection } from './dataDescription.ts';
import { instrumentSection } from './instrument.ts';
import { proceduresSection } from './procedures.ts';
import { processingSection } from './processing.ts';
import { qualityControlSection } from './qualityControl.ts';
import { rigSection } from './rig.ts';
import { sessionSection } from './session.ts';
import { subjectSection } from './subject.ts';

/** The core documents of a v1 record (each nullable in DocDB). */
export const RECORD_SECTIONS = [
  'data_description',
  'subject',
  'procedures',
  'session',
  'rig',
  'processing',
  'quality_control',
  'acquisition',
  'instrument',
] as const;
export type RecordSection = (typeof RECORD_SECTIONS)[number];

export const SECTION_SCHEMAS = {
  data_description: dataDescriptionSection,
  subject: subjectSection,
  procedures: proceduresSection,
  session: sessionSection,
  rig: rigSection,
  processing: processingSection,
  quality_control: qualityControlSection,
  acquisition: acquisitionSection,
  instrument: instrumentSection,
} as const satisfies Record<RecordSection, z.ZodType>;

/** The view each section yields. */
export type SectionView<K extends RecordSection> = z.output<(typeof SECTION_SCHEMAS)[K]>;

export type { AcquisitionView } from './acquisition.ts';
export { DATA_LEVELS, type DataDescriptionView, type DataLevel } from './dataDescription.ts';
export type { InstrumentView } from './instrument.ts';
export type { Named, Timestamp } from './leaves.ts';
export type { ProceduresView, SubjectProcedureView } from './procedures.ts';
export type { DataProcessView, ProcessingView } from './processing.ts';
export {
  QC_STAGES,
  QC_STATUSES,
  type QcEvaluationView,
  type QcStage,
  type QcStatus,
  type QualityControlView,
} from './qualityControl.ts';
export type { RigView } from './rig.ts';
export type { DataStreamView, SessionView, StimulusEpochView } from './session.ts';
export { SEXES, type Sex, type SpeciesView, type SubjectView } from './subject.ts';
