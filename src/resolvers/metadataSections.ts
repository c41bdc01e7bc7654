/**
 * GraphQL types for the core documents of a DocDB record (v1 `Metadata`, reference §4.3): each
 * section's parsed value becomes a typed object with camelCase fields. Leaves are read tolerantly
 * (metadataValues.ts); whether a section is usable at all is decided in metadata.ts.
 */
import type {
  DataDescription,
  DocDbRecord,
  ProceduresSection,
  ProcessingSection,
  QualityControlSection,
  RigSection,
  SessionSection,
  SubjectSection,
} from '../sources/docdb/index.ts';
import { dataProcessesOf, sorterNameOf } from '../sources/docdb/index.ts';
import { builder } from './builder.ts';
import {
  dateTimeOf,
  dayOf,
  isPlainObject,
  jsonOf,
  type Named,
  namedListOf,
  namedOf,
  objectsOf,
  oneOf,
  textOf,
  textsOf,
} from './metadataValues.ts';

type DataStream = NonNullable<SessionSection['data_streams']>[number];
type StimulusEpoch = NonNullable<SessionSection['stimulus_epochs']>[number];
type SubjectProcedure = NonNullable<ProceduresSection['subject_procedures']>[number];
type QcEvaluation = NonNullable<QualityControlSection['evaluations']>[number];
/** sorterNameOf reads the whole record, so the processing object keeps it beside its section. */
export interface ProcessingParent {
  record: DocDbRecord;
  section: ProcessingSection;
}

const DATA_LEVELS = ['raw', 'derived'] as const;
const SEXES = ['Male', 'Female'] as const;
const QC_STAGES = ['Raw data', 'Processing', 'Analysis', 'Multi-asset'] as const;
const QC_STATUSES = ['Pass', 'Fail', 'Pending'] as const;

const DataLevel = builder.enumType('MetadataDataLevel', {
  description: 'aind-data-schema `data_level`: whether an asset holds acquired or computed data.',
  values: {
    RAW: { value: 'raw', description: '`raw`: data as acquired on the rig.' },
    DERIVED: {
      value: 'derived',
      description: '`derived`: the output of processing (sorting, NWB, video tracking…).',
    },
  } as const,
});

const Sex = builder.enumType('MetadataSex', {
  description: 'aind-data-schema `sex` of a subject.',
  values: {
    MALE: { value: 'Male', description: '`Male`.' },
    FEMALE: { value: 'Female', description: '`Female`.' },
  } as const,
});

const QcStage = builder.enumType('MetadataQcStage', {
  description: 'When in the data life cycle a quality-control evaluation was made.',
  values: {
    RAW_DATA: { value: 'Raw data', description: '`Raw data`: on the acquired data.' },
    PROCESSING: { value: 'Processing', description: '`Processing`: on a processing step (sorting…).' },
    ANALYSIS: { value: 'Analysis', description: '`Analysis`: on analysis results.' },
    MULTI_ASSET: { value: 'Multi-asset', description: '`Multi-asset`: across several data assets.' },
  } as const,
});

const QcStatus = builder.enumType('MetadataQcStatus', {
  description: 'Outcome of a quality-control evaluation or metric.',
  values: {
    PASS: { value: 'Pass', description: '`Pass`.' },
    FAIL: { value: 'Fail', description: '`Fail`.' },
    PENDING: { value: 'Pending', description: '`Pending`: awaiting a (manual) evaluator.' },
  } as const,
});

export const NamedRef = builder.objectRef<Named>('MetadataNamed').implement({
  description:
    'A controlled-vocabulary entry as aind-data-schema serialises it (platform, modality, organisation): full name and abbreviation.',
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description:
        'Full name, e.g. `Extracellular electrophysiology`, `Allen Institute for Neural Dynamics`.',
      resolve: (n) => n.name,
    }),
    abbreviation: t.string({
      nullable: true,
      description: 'Short form, e.g. `ecephys`, `behavior-videos`, `AIND`.',
      resolve: (n) => n.abbreviation,
    }),
  }),
});

const SpeciesRef = builder.objectRef<Record<string, unknown>>('MetadataSpecies').implement({
  description: "The subject's species, with its registry entry.",
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'Latin name, e.g. `Mus musculus`.',
      resolve: (s) => textOf(s.name),
    }),
    registryIdentifier: t.string({
      nullable: true,
      description: 'Id in the registry (NCBI taxonomy), e.g. `NCBI:txid10090`.',
      resolve: (s) => textOf(s.registry_identifier),
    }),
  }),
});

export const DataDescriptionRef = builder.objectRef<DataDescription>('MetadataDataDescription').implement({
  description: 'DocDB `data_description`: what the data asset is, whose, and who made it.',
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'Data asset name, e.g. `ecephys_676909_2023-12-13_13-43-40`.',
      resolve: (d) => d.name ?? null,
    }),
    label: t.string({
      nullable: true,
      description: 'Free-text label of the asset.',
      resolve: (d) => textOf(d.label),
    }),
    platform: t.field({
      type: NamedRef,
      nullable: true,
      description:
        'Acquisition platform, e.g. {Electrophysiology platform, ecephys} or {Behavior platform, behavior}.',
      resolve: (d) => namedOf(d.platform),
    }),
    subjectId: t.string({
      nullable: true,
      description: 'LabTracks MID of the subject (a string in DocDB).',
      resolve: (d) => d.subject_id ?? null,
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the data were created: the acquisition start for raw data, the processing time for derived data. Null when missing or unparseable.',
      resolve: (d) => dateTimeOf(d.creation_time),
    }),
    dataLevel: t.field({
      type: DataLevel,
      nullable: true,
      description: 'Raw or derived data; null when missing or not one of those.',
      resolve: (d) => oneOf(d.data_level, DATA_LEVELS),
    }),
    modalities: t.field({
      type: [NamedRef],
      description:
        'Data modalities (v1 `modality`, v2 `modalities`), e.g. {Extracellular electrophysiology, ecephys}, {Behavior videos, behavior-videos}.',
      resolve: (d) => namedListOf(d.modality ?? d.modalities),
    }),
    projectName: t.string({
      nullable: true,
      description: 'Project the data belong to, e.g. `Dynamic Routing`.',
      resolve: (d) => d.project_name ?? null,
    }),
    institution: t.field({
      type: NamedRef,
      nullable: true,
      description: 'Institution that owns the data, e.g. {Allen Institute for Neural Dynamics, AIND}.',
      resolve: (d) => namedOf(d.institution),
    }),
    investigators: t.stringList({
      description: 'Names of the investigators responsible for the data.',
      resolve: (d) => namedListOf(d.investigators).flatMap((i) => (i.name ? [i.name] : [])),
    }),
    fundingSource: t.stringList({
      description: 'Names of the funders (`funding_source[].funder`).',
      resolve: (d) => objectsOf(d.funding_source).flatMap((f) => namedOf(f.funder)?.name ?? []),
    }),
  }),
});

export const SubjectSectionRef = builder.objectRef<SubjectSection>('MetadataSubject').implement({
  description: 'DocDB `subject`: the animal as recorded by AIND (LabTracks).',
  fields: (t) => ({
    subjectId: t.string({
      nullable: true,
      description: 'LabTracks MID (6–7 digits, a string in DocDB).',
      resolve: (s) => s.subject_id ?? null,
    }),
    sex: t.field({
      type: Sex,
      nullable: true,
      description: 'Sex; null when missing or not Male/Female.',
      resolve: (s) => oneOf(s.sex, SEXES),
    }),
    dateOfBirth: t.field({
      type: 'Date',
      nullable: true,
      description: 'Date of birth; null when missing or unparseable.',
      resolve: (s) => dayOf(s.date_of_birth),
    }),
    genotype: t.string({
      nullable: true,
      description: 'Genotype as recorded in DocDB, e.g. `Pvalb-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt`.',
      resolve: (s) => s.genotype ?? null,
    }),
    species: t.field({
      type: SpeciesRef,
      nullable: true,
      description: 'Species, e.g. Mus musculus (NCBI:txid10090).',
      resolve: (s) => (isPlainObject(s.species) ? s.species : null),
    }),
    backgroundStrain: t.string({
      nullable: true,
      description: 'Background strain, e.g. `C57BL/6J`.',
      resolve: (s) => s.background_strain ?? null,
    }),
    breedingInfo: t.field({
      type: 'JSON',
      nullable: true,
      description:
        '`breeding_info` as stored: breeding_group, maternal_id, maternal_genotype, paternal_id, paternal_genotype.',
      resolve: (s) => jsonOf(s.breeding_info),
    }),
    alleles: t.field({
      type: 'JSON',
      nullable: true,
      description: '`alleles` as stored.',
      resolve: (s) => jsonOf(s.alleles),
    }),
  }),
});

const SubjectProcedureRef = builder.objectRef<SubjectProcedure>('MetadataSubjectProcedure').implement({
  description: 'One entry of `subject_procedures`: a surgery or other procedure on the living subject.',
  fields: (t) => ({
    procedureType: t.string({
      nullable: true,
      description: 'Kind of procedure, e.g. `Surgery`.',
      resolve: (p) => p.procedure_type ?? null,
    }),
    startDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'Day the procedure started; null when missing or unparseable.',
      resolve: (p) => dayOf(p.start_date),
    }),
    experimenterFullName: t.string({
      nullable: true,
      description: 'Who performed it (a name or an NSB id).',
      resolve: (p) => p.experimenter_full_name ?? null,
    }),
    protocolId: t.string({
      nullable: true,
      description: 'Protocol followed, usually a protocols.io DOI.',
      resolve: (p) => textOf(p.protocol_id),
    }),
    iacucProtocol: t.string({
      nullable: true,
      description: 'IACUC protocol number, e.g. `2104`.',
      resolve: (p) => textOf(p.iacuc_protocol),
    }),
    procedures: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The individual procedures as stored (headframe, craniotomy, injections…).',
      resolve: (p) => jsonOf(p.procedures),
    }),
  }),
});

export const ProceduresRef = builder.objectRef<ProceduresSection>('MetadataProcedures').implement({
  description: 'DocDB `procedures`: what was done to the subject (surgeries, injections…).',
  fields: (t) => ({
    subjectProcedures: t.field({
      type: [SubjectProcedureRef],
      description: 'Procedures on the living subject, in stored order.',
      resolve: (p) => p.subject_procedures ?? [],
    }),
    notes: t.string({ nullable: true, description: 'Free-text notes.', resolve: (p) => p.notes ?? null }),
  }),
});

const DataStreamRef = builder.objectRef<DataStream>('MetadataDataStream').implement({
  description: 'One data stream of a session: devices recording together over one time span.',
  fields: (t) => ({
    streamStartTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the stream started; null when missing or unparseable.',
      resolve: (d) => dateTimeOf(d.stream_start_time),
    }),
    streamEndTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the stream ended; null when missing or unparseable.',
      resolve: (d) => dateTimeOf(d.stream_end_time),
    }),
    modalities: t.field({
      type: [NamedRef],
      description: 'Modalities recorded in the stream (`stream_modalities`).',
      resolve: (d) => namedListOf(d.stream_modalities),
    }),
    daqNames: t.stringList({
      description: 'Names of the DAQs used, e.g. `Sync`, `NI-DAQ`.',
      resolve: (d) => textsOf(d.daq_names),
    }),
    cameraNames: t.stringList({
      description: 'Names of the cameras used, e.g. `Behavior`, `Eye`, `Face`.',
      resolve: (d) => textsOf(d.camera_names),
    }),
  }),
});

const StimulusEpochRef = builder.objectRef<StimulusEpoch>('MetadataStimulusEpoch').implement({
  description: 'One stimulus epoch of a session: a stimulus script run over one time span.',
  fields: (t) => ({
    stimulusStartTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the epoch started; null when missing or unparseable.',
      resolve: (e) => dateTimeOf(e.stimulus_start_time),
    }),
    stimulusEndTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the epoch ended; null when missing or unparseable.',
      resolve: (e) => dateTimeOf(e.stimulus_end_time),
    }),
    stimulusName: t.string({
      nullable: true,
      description: 'Stimulus name, e.g. `DynamicRouting1`, `Spontaneous`, `RFMapping`, `OptoTagging`.',
      resolve: (e) => e.stimulus_name ?? null,
    }),
  }),
});

export const SessionSectionRef = builder.objectRef<SessionSection>('MetadataSession').implement({
  description: 'DocDB `session` (v1; ecephys and behaviour): when, where and how the session was acquired.',
  fields: (t) => ({
    sessionStartTime: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Session start (written in Pacific wall time with its offset); null when missing or unparseable.',
      resolve: (s) => dateTimeOf(s.session_start_time),
    }),
    sessionEndTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Session end; null when missing or unparseable.',
      resolve: (s) => dateTimeOf(s.session_end_time),
    }),
    sessionType: t.string({
      nullable: true,
      description: 'Free-text session type, e.g. `DynamicRouting ephys`.',
      resolve: (s) => s.session_type ?? null,
    }),
    rigId: t.string({
      nullable: true,
      description:
        'Rig the session ran on, `<room>_<rig>_<YYYYMMDD of the rig file>`, e.g. `323_EPHYS1_20231003`.',
      resolve: (s) => s.rig_id ?? null,
    }),
    iacucProtocol: t.string({
      nullable: true,
      description: 'IACUC protocol number, e.g. `2109`.',
      resolve: (s) => textOf(s.iacuc_protocol),
    }),
    experimenterFullName: t.stringList({
      description: 'Names of the experimenters.',
      resolve: (s) => s.experimenter_full_name ?? [],
    }),
    mousePlatformName: t.string({
      nullable: true,
      description: 'What the mouse stood on, e.g. `Running Wheel`.',
      resolve: (s) => s.mouse_platform_name ?? null,
    }),
    dataStreams: t.field({
      type: [DataStreamRef],
      description: 'Data streams, in stored order.',
      resolve: (s) => s.data_streams ?? [],
    }),
    stimulusEpochs: t.field({
      type: [StimulusEpochRef],
      description: 'Stimulus epochs, in stored order.',
      resolve: (s) => s.stimulus_epochs ?? [],
    }),
    notes: t.string({ nullable: true, description: 'Free-text notes.', resolve: (s) => s.notes ?? null }),
  }),
});

export const RigRef = builder.objectRef<RigSection>('MetadataRig').implement({
  description: 'DocDB `rig` (v1; ecephys and behaviour): the rig description in force for the session.',
  fields: (t) => ({
    rigId: t.string({
      nullable: true,
      description: 'Rig id, `<room>_<rig>_<YYYYMMDD>`, e.g. `323_EPHYS1_20231003`.',
      resolve: (r) => r.rig_id ?? null,
    }),
    modificationDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'Day the rig description was last changed; null when missing or unparseable.',
      resolve: (r) => dayOf(r.modification_date),
    }),
  }),
});

/** Newer records keep a process's code URL and parameters under `code`. */
const codeOf = (process: Record<string, unknown>): Record<string, unknown> =>
  isPlainObject(process.code) ? process.code : {};

const isEmptyObject = (value: unknown) => isPlainObject(value) && Object.keys(value).length === 0;

const DataProcessRef = builder.objectRef<Record<string, unknown>>('MetadataDataProcess').implement({
  description: 'One data process of a processing pipeline (preprocessing, spike sorting, NWB packaging…).',
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'Process name, e.g. `Ephys preprocessing`, `Spike sorting`, `Video processing`, `Other`.',
      resolve: (p) => textOf(p.name),
    }),
    softwareVersion: t.string({
      nullable: true,
      description: 'Version of the software that ran.',
      resolve: (p) => textOf(p.software_version),
    }),
    startDateTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the process started; null when missing or unparseable.',
      resolve: (p) => dateTimeOf(p.start_date_time),
    }),
    endDateTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the process ended; null when missing or unparseable.',
      resolve: (p) => dateTimeOf(p.end_date_time),
    }),
    codeUrl: t.string({
      nullable: true,
      description: 'Repository of the code that ran: `code_url`, or `code.url` in newer records.',
      resolve: (p) => textOf(p.code_url) ?? textOf(codeOf(p).url),
    }),
    parameters: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'Parameters the process ran with, as stored: `parameters`, or `code.parameters` when `parameters` is absent or empty (newer records). Spike sorting names its sorter here (`sorter_name`).',
      resolve: (p) => {
        const nested = codeOf(p).parameters;
        return (p.parameters === undefined || isEmptyObject(p.parameters)) && nested !== undefined
          ? nested
          : jsonOf(p.parameters);
      },
    }),
  }),
});

export const ProcessingRef = builder.objectRef<ProcessingParent>('MetadataProcessing').implement({
  description:
    'DocDB `processing`: the pipeline that produced a derived asset (and preprocessing of raw ones).',
  fields: (t) => ({
    sorterName: t.string({
      nullable: true,
      description:
        'Spike sorter of a sorted asset, e.g. `kilosort2_5`, `kilosort4`, `spykingcircus2`: `sorter_name` of the first `Spike sorting…` process. Null when there is none (the sorting is likely incomplete).',
      resolve: (p) => sorterNameOf(p.record),
    }),
    dataProcesses: t.field({
      type: [DataProcessRef],
      description:
        'Every data process: `processing_pipeline.data_processes` then top-level `data_processes` (older records, whose nested lists are flattened).',
      resolve: ({ section }) => dataProcessesOf(section),
    }),
    processorFullName: t.string({
      nullable: true,
      description: 'Who ran the pipeline, e.g. `AIND Scientific Computing`.',
      resolve: ({ section }) =>
        section.processing_pipeline?.processor_full_name ?? textOf(section.processor_full_name),
    }),
    pipelineVersion: t.string({
      nullable: true,
      description: 'Version of the pipeline.',
      resolve: ({ section }) => section.processing_pipeline?.pipeline_version ?? null,
    }),
    pipelineUrl: t.string({
      nullable: true,
      description: 'Repository of the pipeline.',
      resolve: ({ section }) => textOf(section.processing_pipeline?.pipeline_url),
    }),
  }),
});

const QcEvaluationRef = builder.objectRef<QcEvaluation>('MetadataQcEvaluation').implement({
  description:
    'One quality-control evaluation: a named check of one modality at one stage, with its metrics.',
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'Evaluation name, e.g. `Probe yield`, `Drift map`.',
      resolve: (e) => e.name ?? null,
    }),
    description: t.string({
      nullable: true,
      description: 'What the evaluation checks.',
      resolve: (e) => textOf(e.description),
    }),
    stage: t.field({
      type: QcStage,
      nullable: true,
      description: 'Stage evaluated; null when missing or not a known stage.',
      resolve: (e) => oneOf(e.stage, QC_STAGES),
    }),
    modality: t.field({
      type: NamedRef,
      nullable: true,
      description: 'Modality evaluated, e.g. {Extracellular electrophysiology, ecephys}.',
      resolve: (e) => namedOf(e.modality),
    }),
    latestStatus: t.field({
      type: QcStatus,
      nullable: true,
      description: 'Current outcome (`latest_status`); null when missing or not Pass/Fail/Pending.',
      resolve: (e) => oneOf(e.latest_status, QC_STATUSES),
    }),
    created: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the evaluation was created; null when missing or unparseable.',
      resolve: (e) => dateTimeOf(e.created),
    }),
    tags: t.stringList({ description: 'Tags (none when not set).', resolve: (e) => textsOf(e.tags) }),
    notes: t.string({ nullable: true, description: 'Free-text notes.', resolve: (e) => e.notes ?? null }),
    metrics: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'The metrics as stored: each `{name, value, description, reference, status_history[{evaluator, status, timestamp}]}`.',
      resolve: (e) => jsonOf(e.metrics),
    }),
  }),
});

export const QualityControlRef = builder
  .objectRef<QualityControlSection>('MetadataQualityControl')
  .implement({
    description: 'DocDB `quality_control`: the quality-control evaluations of the asset.',
    fields: (t) => ({
      evaluations: t.field({
        type: [QcEvaluationRef],
        description: 'Evaluations, in stored order.',
        resolve: (q) => q.evaluations ?? [],
      }),
      notes: t.string({ nullable: true, description: 'Free-text notes.', resolve: (q) => q.notes ?? null }),
    }),
  });
