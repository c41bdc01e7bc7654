/**
 * CodeOcean computations (pipeline and capsule runs), as a scientist checks them when "is it sorted
 * yet?" has no answer: the run that made a result asset (its provenance), the sorting-pipeline runs
 * that took a raw asset as input (aind-session's `search_computations` on the pipeline, filtered by
 * the attached asset on our side, as CodeOcean's API lists runs only per capsule), and whether one
 * is still in progress. One capsule listing serves every session (cached a minute).
 */
import { type Computation, type DataAsset, IN_PROGRESS_STATES } from '../sources/codeocean/index.ts';
import type { Sources } from '../sources/index.ts';
import type { CatalogSession } from './catalog.ts';
import { settleEach } from './partial.ts';
import type { RequestReads } from './reads.ts';
import { rawDataAsset } from './session.ts';

/** A run and the capsule or pipeline it ran (the listing it came from, or the result's provenance). */
export interface CapsuleRun {
  computation: Computation;
  capsuleId: string | null;
}

export const isInProgress = (run: CapsuleRun): boolean => IN_PROGRESS_STATES.includes(run.computation.state);

/** When a finished run ended: its start plus its run time; null while in progress. */
export function endTimeOf(run: CapsuleRun): Date | null {
  if (isInProgress(run)) return null;
  return new Date(run.computation.created.getTime() + run.computation.runTime * 1000);
}

const newestFirst = (a: CapsuleRun, b: CapsuleRun) =>
  b.computation.created.getTime() - a.computation.created.getTime();

/** The sorting pipeline's runs with `assetId` attached, newest first. */
async function pipelineRunsOn(
  assetId: string,
  pipelineId: string,
  reads: RequestReads,
): Promise<CapsuleRun[]> {
  const runs = await reads.capsuleComputations.load(pipelineId);
  return runs
    .filter((c) => c.dataAssets.some((input) => input.id === assetId))
    .map((computation) => ({ computation, capsuleId: pipelineId }))
    .sort(newestFirst);
}

/**
 * DataAsset.computations: for a result, the run that made it (`provenance.computation`); for raw
 * data and other datasets, the sorting pipeline's runs that took it as input. Newest first.
 */
export async function computationsOfAsset(
  asset: DataAsset,
  reads: RequestReads,
  sortingPipelineId: string,
): Promise<CapsuleRun[]> {
  const made = asset.provenance?.computation;
  if (asset.type === 'result') {
    if (!made) return [];
    const computation = await reads.computation.load(made);
    return computation ? [{ computation, capsuleId: asset.provenance?.capsule ?? null }] : [];
  }
  return pipelineRunsOn(asset.id, sortingPipelineId, reads);
}

/** Session.sortingComputations: the sorting pipeline's runs on the session's raw asset, newest first. */
export async function sortingComputationsOf(
  session: CatalogSession,
  reads: RequestReads,
  sortingPipelineId: string,
): Promise<CapsuleRun[]> {
  const raw = await rawDataAsset(session, reads);
  return raw ? pipelineRunsOn(raw.id, sortingPipelineId, reads) : [];
}

/** Session.isSortingInProgress: a sorting run on the raw asset is initializing, running or finalizing. */
export async function isSortingInProgress(
  session: CatalogSession,
  reads: RequestReads,
  sortingPipelineId: string,
): Promise<boolean> {
  return (await sortingComputationsOf(session, reads, sortingPipelineId)).some(isInProgress);
}

// Batch reads (the loaders' batch functions): one source call per batch.

/** Each capsule's or pipeline's runs, oldest first: one listing per capsule (cached a minute). */
export const runsOfCapsules = (sources: Sources, capsules: readonly string[]) =>
  settleEach(capsules, (capsule) => sources.codeocean.listCapsuleComputations(capsule));

/** Runs by id (null for ids that do not exist): CodeOcean's per-id reads. */
export const computationsById = (sources: Sources, ids: readonly string[]) =>
  sources.codeocean.getComputations(ids);

/** Computation.inputAssets: the attached data assets (one batched GET per distinct id). */
export async function inputAssetsOf(run: CapsuleRun, reads: RequestReads): Promise<DataAsset[]> {
  const assets = await reads.asset.loadMany(run.computation.dataAssets.map((a) => a.id));
  return assets.filter((a): a is DataAsset => a !== null && !(a instanceof Error));
}
