/**
 * CodeOcean's JSON shapes (snake_case, epoch seconds) and their conversion into the typed model.
 * Every backend validates here, at the boundary, so a malformed record becomes an InvalidDataError
 * naming codeocean and the record, not a crash somewhere downstream.
 */
import { z } from 'zod';
import { InvalidDataError } from '../../errors.ts';
import type { Computation, DataAsset, SourceBucket } from './types.ts';

const sourceBucketSchema = z.object({
  origin: z.enum(['aws', 'gcp', 'local']),
  bucket: z.string(),
  prefix: z.string().default(''),
  external: z.boolean().default(false),
});

const nullableString = z.string().nullish();

export const dataAssetWireSchema = z.object({
  id: z.string().min(1),
  created: z.number(),
  name: z.string(),
  type: z.enum(['dataset', 'result', 'combined', 'model']),
  state: z.string().default('ready'),
  mount: z.string().default(''),
  last_used: z.number().nullish(),
  files: z.number().nullish(),
  size: z.number().nullish(),
  description: nullableString,
  tags: z.array(z.string()).nullish(),
  custom_metadata: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
  provenance: z
    .object({
      capsule: nullableString,
      computation: nullableString,
      data_assets: z.array(z.string()).nullish(),
      commit: nullableString,
      run_script: nullableString,
      docker_image: nullableString,
    })
    .nullish(),
  source_bucket: sourceBucketSchema.nullish(),
  /** Pre-SDK API responses used camelCase here. */
  sourceBucket: sourceBucketSchema.nullish(),
  failure_reason: nullableString,
});
export type DataAssetWire = z.input<typeof dataAssetWireSchema>;

export const searchResponseWireSchema = z.object({
  has_more: z.boolean(),
  results: z.array(z.unknown()),
  next_token: z.string().nullish(),
});
export type SearchResponseWire = z.infer<typeof searchResponseWireSchema>;

export const computationWireSchema = z.object({
  id: z.string().min(1),
  created: z.number(),
  name: z.string(),
  run_time: z.number().default(0),
  state: z.enum(['initializing', 'running', 'finalizing', 'completed', 'failed']),
  end_status: nullableString,
  exit_code: z.number().nullish(),
  has_results: z.boolean().nullish(),
  data_assets: z.array(z.object({ id: z.string(), mount: z.string().default('') })).nullish(),
  parameters: z
    .array(
      z.object({
        name: nullableString,
        param_name: nullableString,
        value: z.union([z.string(), z.number()]),
      }),
    )
    .nullish(),
});
export type ComputationWire = z.input<typeof computationWireSchema>;

const fromEpochSeconds = (seconds: number) => new Date(seconds * 1000);

/** Why a value failed validation, short and without the value itself (it could be large). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}

function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  what: string,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidDataError(where, `codeocean: ${what} is malformed (${describeIssues(parsed.error)})`);
  }
  return parsed.data;
}

/** Validates one raw data-asset record and converts it. `where` names the endpoint or file it came from. */
export function toDataAsset(value: unknown, where: string): DataAsset {
  const w = parseOrThrow(dataAssetWireSchema, value, where, 'a data asset record');
  const bucket: SourceBucket | null = w.source_bucket ?? w.sourceBucket ?? null;
  return {
    id: w.id.toLowerCase(),
    name: w.name,
    created: fromEpochSeconds(w.created),
    type: w.type,
    state: w.state,
    mount: w.mount,
    lastUsed: w.last_used ? fromEpochSeconds(w.last_used) : null,
    files: w.files ?? null,
    size: w.size ?? null,
    description: w.description ?? '',
    tags: w.tags ?? [],
    customMetadata: w.custom_metadata ?? {},
    provenance: w.provenance
      ? {
          capsule: w.provenance.capsule ?? null,
          computation: w.provenance.computation ?? null,
          dataAssets: w.provenance.data_assets ?? [],
          commit: w.provenance.commit ?? null,
          runScript: w.provenance.run_script ?? null,
          dockerImage: w.provenance.docker_image ?? null,
        }
      : null,
    sourceBucket: bucket,
    failureReason: w.failure_reason ?? null,
  };
}

export function toSearchResponse(value: unknown, where: string): SearchResponseWire {
  return parseOrThrow(searchResponseWireSchema, value, where, 'a search response');
}

export function toComputation(value: unknown, where: string): Computation {
  const w = parseOrThrow(computationWireSchema, value, where, 'a computation record');
  return {
    id: w.id,
    created: fromEpochSeconds(w.created),
    name: w.name,
    runTime: w.run_time,
    state: w.state,
    endStatus: w.end_status ?? null,
    exitCode: w.exit_code ?? null,
    hasResults: w.has_results ?? null,
    dataAssets: w.data_assets ?? [],
    parameters: (w.parameters ?? []).map((p) => ({
      name: p.name ?? null,
      paramName: p.param_name ?? null,
      value: String(p.value),
    })),
  };
}

export function toComputations(value: unknown, where: string): Computation[] {
  const list = parseOrThrow(z.array(z.unknown()), value, where, 'a computation list');
  return list.map((item) => toComputation(item, where));
}
