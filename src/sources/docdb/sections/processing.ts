/**
 * `processing`: the pipeline that produced a derived asset (and preprocessing of raw ones). Data
 * processes come in several shapes — nested lists in older records, `code.url`/`code.parameters` in
 * newer ones — so each entry is read tolerantly into one view.
 */
import { z } from 'zod';
import { isPlainObject, jsonOf, list, type Timestamp, text, textOf, timestampOf } from './leaves.ts';

export interface DataProcessView {
  name: string | null;
  softwareVersion: string | null;
  startDateTime: Timestamp | null;
  endDateTime: Timestamp | null;
  /** `code_url`, or `code.url` in newer records. */
  codeUrl: string | null;
  /** `parameters`, or `code.parameters` when `parameters` is absent or empty (newer records); JSON. */
  parameters: unknown;
}

export interface ProcessingView {
  /**
   * The spike sorter (reference §1.5 `get_sorter_name`, step 1): `sorter_name` of the first process
   * named `Spike sorting…` that carries one in `parameters` or `code.parameters`. null when there is
   * none (the sorting is likely incomplete).
   */
  sorterName: string | null;
  /** `processing_pipeline.data_processes` then top-level `data_processes`, nested lists flattened. */
  dataProcesses: DataProcessView[];
  processorFullName: string | null;
  pipelineVersion: string | null;
  pipelineUrl: string | null;
}

/** Newer records keep a process's code URL and parameters under `code`. */
const codeOf = (process: Record<string, unknown>): Record<string, unknown> =>
  isPlainObject(process.code) ? process.code : {};

const isEmptyObject = (value: unknown) => isPlainObject(value) && Object.keys(value).length === 0;

const flattenProcesses = (entries: unknown): Record<string, unknown>[] =>
  Array.isArray(entries) ? entries.flatMap(flattenProcesses) : isPlainObject(entries) ? [entries] : [];

function sorterNameIn(process: Record<string, unknown>): string | null {
  const { parameters } = process;
  if (isPlainObject(parameters) && typeof parameters.sorter_name === 'string') return parameters.sorter_name;
  const nested = codeOf(process).parameters;
  return isPlainObject(nested) && typeof nested.sorter_name === 'string' ? nested.sorter_name : null;
}

function sorterNameAmong(processes: readonly Record<string, unknown>[]): string | null {
  for (const process of processes) {
    if (typeof process.name !== 'string' || !process.name.startsWith('Spike sorting')) continue;
    const sorter = sorterNameIn(process);
    if (sorter) return sorter;
  }
  return null;
}

function dataProcessView(process: Record<string, unknown>): DataProcessView {
  const nested = codeOf(process).parameters;
  const useNested =
    (process.parameters === undefined || isEmptyObject(process.parameters)) && nested !== undefined;
  return {
    name: textOf(process.name),
    softwareVersion: textOf(process.software_version),
    startDateTime: timestampOf(process.start_date_time),
    endDateTime: timestampOf(process.end_date_time),
    codeUrl: textOf(process.code_url) ?? textOf(codeOf(process).url),
    parameters: useNested ? nested : jsonOf(process.parameters),
  };
}

export const processingSection = z
  .looseObject({
    processing_pipeline: z
      .looseObject({ data_processes: list(z.unknown()), processor_full_name: text, pipeline_version: text })
      .nullish(),
    data_processes: list(z.unknown()),
    analyses: list(z.unknown()),
  })
  .transform((p): ProcessingView => {
    const pipeline = p.processing_pipeline;
    const processes = flattenProcesses([pipeline?.data_processes, p.data_processes]);
    return {
      sorterName: sorterNameAmong(processes),
      dataProcesses: processes.map(dataProcessView),
      processorFullName: pipeline?.processor_full_name ?? textOf(p.processor_full_name),
      pipelineVersion: pipeline?.pipeline_version ?? null,
      pipelineUrl: textOf(pipeline?.pipeline_url),
    };
  });
