/** GraphQL types for DocDB `processing` and `quality_control`: what was computed and how it was judged. */
import type {
  DataProcessView,
  ProcessingView,
  QcEvaluationView,
  QualityControlView,
} from '../sources/docdb/index.ts';
import { builder } from './builder.ts';
import { NamedRef } from './metadataDescription.ts';

const DataProcessRef = builder.objectRef<DataProcessView>('MetadataDataProcess').implement({
  description: 'One data process of a processing pipeline (preprocessing, spike sorting, NWB packaging…).',
  fields: (t) => ({
    name: t.exposeString('name', {
      nullable: true,
      description: 'Process name, e.g. `Ephys preprocessing`, `Spike sorting`, `Video processing`, `Other`.',
    }),
    softwareVersion: t.exposeString('softwareVersion', {
      nullable: true,
      description: 'Version of the software that ran.',
    }),
    startDateTime: t.expose('startDateTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the process started; null when missing or unparseable.',
    }),
    endDateTime: t.expose('endDateTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the process ended; null when missing or unparseable.',
    }),
    codeUrl: t.exposeString('codeUrl', {
      nullable: true,
      description: 'Repository of the code that ran: `code_url`, or `code.url` in newer records.',
    }),
    parameters: t.expose('parameters', {
      type: 'JSON',
      nullable: true,
      description:
        'Parameters the process ran with, as stored: `parameters`, or `code.parameters` when `parameters` is absent or empty (newer records). Spike sorting names its sorter here (`sorter_name`).',
    }),
  }),
});

export const ProcessingRef = builder.objectRef<ProcessingView>('MetadataProcessing').implement({
  description:
    'DocDB `processing`: the pipeline that produced a derived asset (and preprocessing of raw ones).',
  fields: (t) => ({
    sorterName: t.exposeString('sorterName', {
      nullable: true,
      description:
        'Spike sorter of a sorted asset, e.g. `kilosort2_5`, `kilosort4`, `spykingcircus2`: `sorter_name` of the first `Spike sorting…` process. Null when there is none (the sorting is likely incomplete).',
    }),
    dataProcesses: t.expose('dataProcesses', {
      type: [DataProcessRef],
      description:
        'Every data process: `processing_pipeline.data_processes` then top-level `data_processes` (older records, whose nested lists are flattened).',
    }),
    processorFullName: t.exposeString('processorFullName', {
      nullable: true,
      description: 'Who ran the pipeline, e.g. `AIND Scientific Computing`.',
    }),
    pipelineVersion: t.exposeString('pipelineVersion', {
      nullable: true,
      description: 'Version of the pipeline.',
    }),
    pipelineUrl: t.exposeString('pipelineUrl', {
      nullable: true,
      description: 'Repository of the pipeline.',
    }),
  }),
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

const QcEvaluationRef = builder.objectRef<QcEvaluationView>('MetadataQcEvaluation').implement({
  description:
    'One quality-control evaluation: a named check of one modality at one stage, with its metrics.',
  fields: (t) => ({
    name: t.exposeString('name', {
      nullable: true,
      description: 'Evaluation name, e.g. `Probe yield`, `Drift map`.',
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the evaluation checks.',
    }),
    stage: t.expose('stage', {
      type: QcStage,
      nullable: true,
      description: 'Stage evaluated; null when missing or not a known stage.',
    }),
    modality: t.expose('modality', {
      type: NamedRef,
      nullable: true,
      description: 'Modality evaluated, e.g. {Extracellular electrophysiology, ecephys}.',
    }),
    latestStatus: t.expose('latestStatus', {
      type: QcStatus,
      nullable: true,
      description: 'Current outcome (`latest_status`); null when missing or not Pass/Fail/Pending.',
    }),
    created: t.expose('created', {
      type: 'DateTime',
      nullable: true,
      description: 'When the evaluation was created; null when missing or unparseable.',
    }),
    tags: t.exposeStringList('tags', { description: 'Tags (none when not set).' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free-text notes.' }),
    metrics: t.expose('metrics', {
      type: 'JSON',
      nullable: true,
      description:
        'The metrics as stored: each `{name, value, description, reference, status_history[{evaluator, status, timestamp}]}`.',
    }),
  }),
});

export const QualityControlRef = builder.objectRef<QualityControlView>('MetadataQualityControl').implement({
  description: 'DocDB `quality_control`: the quality-control evaluations of the asset.',
  fields: (t) => ({
    evaluations: t.expose('evaluations', {
      type: [QcEvaluationRef],
      description: 'Evaluations, in stored order.',
    }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free-text notes.' }),
  }),
});
