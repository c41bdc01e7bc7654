/** `data_description`: what the data asset is, whose, and who made it. */
import { z } from 'zod';
import {
  idText,
  list,
  type Named,
  named,
  namedListOf,
  namedOf,
  objectsOf,
  oneOf,
  type Timestamp,
  text,
  textOf,
  timestampOf,
} from './leaves.ts';

export const DATA_LEVELS = ['raw', 'derived'] as const;
export type DataLevel = (typeof DATA_LEVELS)[number];

export interface DataDescriptionView {
  name: string | null;
  label: string | null;
  platform: Named | null;
  subjectId: string | null;
  /** The acquisition start for raw data, the processing time for derived data. */
  creationTime: Timestamp | null;
  /** null when missing or neither `raw` nor `derived` (any case). */
  dataLevel: DataLevel | null;
  /** v1 `modality`, else v2 `modalities`. */
  modalities: Named[];
  projectName: string | null;
  institution: Named | null;
  investigators: string[];
  /** Names of the funders (`funding_source[].funder`, an object or a bare name). */
  fundingSource: string[];
}

export const dataDescriptionSection = z
  .looseObject({
    schema_version: text,
    name: text,
    platform: named.nullish(),
    subject_id: idText,
    creation_time: text,
    institution: named.nullish(),
    data_level: text,
    project_name: text,
    /** v1 */
    modality: list(named),
    /** v2 */
    modalities: list(named),
    investigators: list(z.looseObject({ name: text })),
  })
  .transform(
    (d): DataDescriptionView => ({
      name: d.name ?? null,
      label: textOf(d.label),
      platform: namedOf(d.platform),
      subjectId: d.subject_id ?? null,
      creationTime: timestampOf(d.creation_time),
      dataLevel: oneOf(d.data_level, DATA_LEVELS),
      modalities: namedListOf(d.modality ?? d.modalities),
      projectName: d.project_name ?? null,
      institution: namedOf(d.institution),
      investigators: namedListOf(d.investigators).flatMap((i) => (i.name ? [i.name] : [])),
      fundingSource: objectsOf(d.funding_source).flatMap((f) => namedOf(f.funder)?.name ?? []),
    }),
  );
