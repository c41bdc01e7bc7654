/**
 * Session.metadata: the session's DocDB record (reference §4.3) as typed sub-objects, plus the record
 * exactly as stored. Each section fails alone: a malformed section fails only its own field with
 * INVALID_DATA; an absent one is null; the rest of the record (and the query) still resolves.
 */
import type { Config } from '../config.ts';
import { InvalidDataError } from '../errors.ts';
import { codeOceanIdsOf, type DocDbRecord, type RecordSections } from '../sources/docdb/index.ts';
import type { RecordSection } from '../sources/docdb/types.ts';
import { builder } from './builder.ts';
import {
  DataDescriptionRef,
  ProceduresRef,
  ProcessingRef,
  QualityControlRef,
  RigRef,
  SessionSectionRef,
  SubjectSectionRef,
} from './metadataSections.ts';
import { dateTimeOf, oneOf } from './metadataValues.ts';
import { SessionRef } from './refs.ts';

const METADATA_STATUSES = ['Valid', 'Invalid', 'Missing', 'Unknown'] as const;

const MetadataStatus = builder.enumType('MetadataStatus', {
  description: "DocDB's own verdict on the record (`metadata_status`) against aind-data-schema.",
  values: {
    VALID: { value: 'Valid', description: '`Valid`: every core document validates.' },
    INVALID: { value: 'Invalid', description: '`Invalid`: some core document does not validate.' },
    MISSING: {
      value: 'Missing',
      description: '`Missing`: a required core document (e.g. subject) is missing.',
    },
    UNKNOWN: {
      value: 'Unknown',
      description: '`Unknown`, or a status labgraph does not recognise, or none recorded.',
    },
  } as const,
});

type SectionValue<K extends RecordSection> = Extract<RecordSections[K], { state: 'present' }>['value'];

/**
 * Where a record section lives, for INVALID_DATA errors:
 * `docdb://<database>/<collection>/<record name>#<section>`, e.g.
 * `docdb://metadata_index/data_assets/ecephys_676909_2023-12-13_13-43-40#subject`. The embedded
 * store (JSON lines under fixtures/) is database `embedded`, collection `data_assets`.
 */
export function sectionUri(docdb: Config['docdb'], recordName: string, section: RecordSection): string {
  const [database, collection] =
    docdb.backend === 'embedded' ? ['embedded', 'data_assets'] : [docdb.database, docdb.collection];
  return `docdb://${database}/${collection}/${encodeURIComponent(recordName)}#${section}`;
}

/** A section's value; null when absent (or not fetched); InvalidDataError when malformed. */
function sectionOf<K extends RecordSection>(
  record: DocDbRecord,
  section: K,
  config: Config,
): SectionValue<K> | null {
  const result = record.sections[section];
  if (result.state === 'invalid') {
    throw new InvalidDataError(
      sectionUri(config.docdb, record.name, section),
      `DocDB record ${record.name}: ${result.error}`,
    );
  }
  return result.state === 'present' ? (result.value as SectionValue<K>) : null;
}

export const SessionMetadataRef = builder.objectRef<DocDbRecord>('SessionMetadata').implement({
  description:
    "A session's DocDB metadata record (aind-data-schema v1 `Metadata`): typed views of its core documents, and the record as stored in `raw`. A malformed document fails only its own field (INVALID_DATA); a missing one is null.",
  fields: (t) => ({
    docdbId: t.string({
      description: "DocDB's own id of the record (`_id`, a UUID). Not a CodeOcean asset id.",
      resolve: (r) => r._id,
    }),
    name: t.string({
      description: 'Record (data asset) name, e.g. `ecephys_676909_2023-12-13_13-43-40`.',
      resolve: (r) => r.name,
    }),
    location: t.string({
      nullable: true,
      description: "Where the asset's data live, `s3://bucket/name`. Not checked for existence.",
      resolve: (r) => r.location,
    }),
    created: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the record was created (ISO-8601 UTC in DocDB); null when missing or unparseable.',
      resolve: (r) => dateTimeOf(r.raw.created),
    }),
    lastModified: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the record last changed (`last_modified`); null when missing or unparseable.',
      resolve: (r) => dateTimeOf(r.raw.last_modified),
    }),
    metadataStatus: t.field({
      type: MetadataStatus,
      description:
        'DocDB `metadata_status` (Valid|Invalid|Missing|Unknown); UNKNOWN when absent or unrecognised.',
      resolve: (r) => oneOf(r.metadata_status, METADATA_STATUSES) ?? 'Unknown',
    }),
    schemaVersion: t.string({
      nullable: true,
      description: 'aind-data-schema version of the `Metadata` document, e.g. `1.1.3`.',
      resolve: (r) => r.schema_version,
    }),
    codeOceanAssetIds: t.idList({
      description:
        'CodeOcean data-asset UUIDs linked from the record\'s `external_links`, read from both formats: the dict `{"Code Ocean": [uuid…]}` (since Sep 2024) and the legacy list `[{"Code Ocean": uuid}…]`.',
      resolve: (r) => codeOceanIdsOf(r),
    }),
    dataDescription: t.field({
      type: DataDescriptionRef,
      nullable: true,
      description: '`data_description`: platform, modalities, project, data level, creation time.',
      resolve: (r, _args, ctx) => sectionOf(r, 'data_description', ctx.config),
    }),
    subject: t.field({
      type: SubjectSectionRef,
      nullable: true,
      description:
        '`subject`: sex, birth date, genotype, species. Null when the record has none (metadata_status Missing).',
      resolve: (r, _args, ctx) => sectionOf(r, 'subject', ctx.config),
    }),
    procedures: t.field({
      type: ProceduresRef,
      nullable: true,
      description: '`procedures`: surgeries and other procedures on the subject.',
      resolve: (r, _args, ctx) => sectionOf(r, 'procedures', ctx.config),
    }),
    session: t.field({
      type: SessionSectionRef,
      nullable: true,
      description: '`session` (v1, ecephys and behaviour): start/end, rig, data streams, stimulus epochs.',
      resolve: (r, _args, ctx) => sectionOf(r, 'session', ctx.config),
    }),
    rig: t.field({
      type: RigRef,
      nullable: true,
      description: '`rig` (v1, ecephys and behaviour): the rig description.',
      resolve: (r, _args, ctx) => sectionOf(r, 'rig', ctx.config),
    }),
    processing: t.field({
      type: ProcessingRef,
      nullable: true,
      description: '`processing`: the pipeline and data processes that made a derived asset.',
      resolve: (r, _args, ctx) => {
        const section = sectionOf(r, 'processing', ctx.config);
        return section && { record: r, section };
      },
    }),
    qualityControl: t.field({
      type: QualityControlRef,
      nullable: true,
      description: '`quality_control`: the QC evaluations of the asset.',
      resolve: (r, _args, ctx) => sectionOf(r, 'quality_control', ctx.config),
    }),
    acquisition: t.field({
      type: 'JSON',
      nullable: true,
      description:
        '`acquisition` as stored: used for imaging (SmartSPIM/exaSPIM), and in v2 in place of `session`.',
      resolve: (r, _args, ctx) => sectionOf(r, 'acquisition', ctx.config),
    }),
    instrument: t.field({
      type: 'JSON',
      nullable: true,
      description: '`instrument` as stored: used for imaging, and in v2 in place of `rig`.',
      resolve: (r, _args, ctx) => sectionOf(r, 'instrument', ctx.config),
    }),
    raw: t.field({
      type: 'JSON',
      description: 'The whole record exactly as DocDB stores it (snake_case keys).',
      resolve: (r) => r.raw,
    }),
  }),
});

builder.objectFields(SessionRef, (t) => ({
  metadata: t.field({
    type: SessionMetadataRef,
    nullable: true,
    description:
      "The session's DocDB metadata record: the newest record named after the session's AIND name (the first of its AIND names that has one). Null when DocDB has no record for the session.",
    resolve: async (s, _args, ctx) => {
      const records = await Promise.all(s.aindNames.map((name) => ctx.loaders.recordByName.load(name)));
      return records.find((record) => record !== null) ?? null;
    },
  }),
}));
