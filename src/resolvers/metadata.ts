/**
 * Session.metadata: the session's DocDB record (reference §4.3) as typed sub-objects, plus the record
 * exactly as stored. The record arrives parsed (src/sources/docdb/); the rules — which record, and
 * that a malformed section fails only its own field with INVALID_DATA — are src/services/metadata.ts.
 */

import { assetRecord, metadataRecordOf, recordSection, sessionRecord } from '../services/metadata.ts';
import type { DocDbRecord } from '../sources/docdb/index.ts';
import { builder } from './builder.ts';
import { DataDescriptionRef } from './metadataDescription.ts';
import { ProcessingRef, QualityControlRef } from './metadataProcessing.ts';
import { RigRef, SessionSectionRef } from './metadataSession.ts';
import { ProceduresRef, SubjectSectionRef } from './metadataSubject.ts';
import { DataAssetObject, SessionObject } from './refs.ts';

const MetadataStatusEnum = builder.enumType('MetadataStatus', {
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

export const SessionMetadataRef = builder.objectRef<DocDbRecord>('SessionMetadata').implement({
  description:
    'A DocDB metadata record (aind-data-schema v1 `Metadata`) of a session or any data asset (raw, sorted, derived): typed views of its core documents — processing and quality control included — and the record as stored in `raw`. A malformed document fails only its own field (INVALID_DATA); a missing one is null.',
  fields: (t) => ({
    docdbId: t.exposeString('docdbId', {
      description: "DocDB's own id of the record (`_id`, a UUID). Not a CodeOcean asset id.",
    }),
    name: t.exposeString('name', {
      description: 'Record (data asset) name, e.g. `ecephys_676909_2023-12-13_13-43-40`.',
    }),
    location: t.exposeString('location', {
      nullable: true,
      description: "Where the asset's data live, `s3://bucket/name`. Not checked for existence.",
    }),
    created: t.expose('createdAsWritten', {
      type: 'DateTime',
      nullable: true,
      description: 'When the record was created (ISO-8601 UTC in DocDB); null when missing or unparseable.',
    }),
    lastModified: t.expose('lastModifiedAsWritten', {
      type: 'DateTime',
      nullable: true,
      description: 'When the record last changed (`last_modified`); null when missing or unparseable.',
    }),
    metadataStatus: t.expose('metadataStatus', {
      type: MetadataStatusEnum,
      description:
        'DocDB `metadata_status` (Valid|Invalid|Missing|Unknown); UNKNOWN when absent or unrecognised.',
    }),
    schemaVersion: t.exposeString('schemaVersion', {
      nullable: true,
      description: 'aind-data-schema version of the `Metadata` document, e.g. `1.1.3`.',
    }),
    codeOceanAssetIds: t.exposeIDList('codeOceanAssetIds', {
      description:
        'CodeOcean data-asset UUIDs linked from the record\'s `external_links`, read from both formats: the dict `{"Code Ocean": [uuid…]}` (since Sep 2024) and the legacy list `[{"Code Ocean": uuid}…]`.',
    }),
    dataDescription: t.field({
      type: DataDescriptionRef,
      nullable: true,
      description: '`data_description`: platform, modalities, project, data level, creation time.',
      resolve: (r) => recordSection(r, 'data_description'),
    }),
    subject: t.field({
      type: SubjectSectionRef,
      nullable: true,
      description:
        '`subject`: sex, birth date, genotype, species. Null when the record has none (metadata_status Missing).',
      resolve: (r) => recordSection(r, 'subject'),
    }),
    procedures: t.field({
      type: ProceduresRef,
      nullable: true,
      description: '`procedures`: surgeries and other procedures on the subject.',
      resolve: (r) => recordSection(r, 'procedures'),
    }),
    session: t.field({
      type: SessionSectionRef,
      nullable: true,
      description: '`session` (v1, ecephys and behaviour): start/end, rig, data streams, stimulus epochs.',
      resolve: (r) => recordSection(r, 'session'),
    }),
    rig: t.field({
      type: RigRef,
      nullable: true,
      description: '`rig` (v1, ecephys and behaviour): the rig description.',
      resolve: (r) => recordSection(r, 'rig'),
    }),
    processing: t.field({
      type: ProcessingRef,
      nullable: true,
      description: '`processing`: the pipeline and data processes that made a derived asset.',
      resolve: (r) => recordSection(r, 'processing'),
    }),
    qualityControl: t.field({
      type: QualityControlRef,
      nullable: true,
      description: '`quality_control`: the QC evaluations of the asset.',
      resolve: (r) => recordSection(r, 'quality_control'),
    }),
    acquisition: t.field({
      type: 'JSON',
      nullable: true,
      description:
        '`acquisition` as stored: used for imaging (SmartSPIM/exaSPIM), and in v2 in place of `session`.',
      resolve: (r) => recordSection(r, 'acquisition')?.document ?? null,
    }),
    instrument: t.field({
      type: 'JSON',
      nullable: true,
      description: '`instrument` as stored: used for imaging, and in v2 in place of `rig`.',
      resolve: (r) => recordSection(r, 'instrument')?.document ?? null,
    }),
    raw: t.expose('raw', {
      type: 'JSON',
      description: 'The whole record exactly as DocDB stores it (snake_case keys).',
    }),
  }),
});

builder.objectFields(DataAssetObject, (t) => ({
  metadata: t.field({
    type: SessionMetadataRef,
    nullable: true,
    description:
      "The asset's own DocDB record (sorted and derived assets too, so their processing and QC are reachable): the newest record named like the asset, else the newest linking its id. Null when DocDB has none.",
    resolve: (asset, _args, ctx) => assetRecord(asset, ctx.loaders),
  }),
}));

builder.queryFields((t) => ({
  metadataRecord: t.field({
    type: SessionMetadataRef,
    nullable: true,
    description:
      'A DocDB metadata record by its name (e.g. `ecephys_676909_2023-12-13_13-43-40_sorted_2023-12-16_05-21-39`) or by the CodeOcean asset id it describes (linked in `external_links`, else named like that asset). Null when DocDB has none.',
    args: {
      nameOrAssetId: t.arg.string({
        required: true,
        description: 'A record name or a CodeOcean data-asset UUID.',
      }),
    },
    resolve: (_root, { nameOrAssetId }, ctx) => metadataRecordOf(nameOrAssetId, ctx.loaders),
  }),
}));

builder.objectFields(SessionObject, (t) => ({
  metadata: t.field({
    type: SessionMetadataRef,
    nullable: true,
    description:
      "The session's DocDB metadata record: the newest record named after the session's AIND name (the first of its AIND names that has one). Null when DocDB has no record for the session.",
    resolve: (s, _args, ctx) => sessionRecord(s.aindNames, ctx.loaders),
  }),
}));
