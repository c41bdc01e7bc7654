/**
 * exportManifest (slapp's segmentation_manifest over a stored selection): one entry per selected
 * session, in selection order, with its input file — the session's task file, or the registered
 * dataset the input names — and that file's frame count (src/services/manifestInputs.ts).
 * Per-entry failures (MISSING_RECORDS, INPUT_FILE_NOT_FOUND, AMBIGUOUS_INPUT_FILE,
 * FRAME_COUNT_MISMATCH, INPUT_FILE_UNREADABLE) fail the export unless `allowPartial`, which keeps
 * them in the manifest. The manifest's id is a hash of its content (the dataset asked for and each
 * entry's resolved dataset and revision included), so exporting the same content twice stores one row.
 */
import { canonicalJson, sha256Hex } from '../domain/canonicalJson.ts';
import {
  checkBinSize,
  DEFAULT_BIN_SIZE,
  type ManifestContent,
  type ManifestEntry,
  type ManifestFormat,
  type ManifestProblem,
  manifestBody,
  manifestId,
  missingRecords,
  problemAsUserError,
} from '../domain/manifest.ts';
import { canonicalDatasetRequest, checkDatasetRequest } from '../domain/manifestDataset.ts';
import { userError } from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { ManifestInput, ManifestRecord } from '../sources/registry/index.ts';
import { datasetEntry, taskFileEntry } from './manifestInputs.ts';
import { type MutationOutcome, type RegistryServiceDeps, runMutation } from './registryWrites.ts';
import { parseSelectionId } from './selections.ts';
import type { LookupContext } from './sessionList.ts';

export interface ExportManifestInput {
  selectionId: string;
  format?: ManifestFormat | null;
  binSize?: number | null;
  /** A registered dataset as every entry's input instead of the task file. */
  dataset?: { name: string; collection?: string | null; revision?: string | null } | null;
  allowPartial?: boolean | null;
  idempotencyKey?: string | null;
}

/** Exports (and stores) the manifest of a stored selection; the result is the manifest's id. */
export async function exportManifest(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: ExportManifestInput,
  lookup: LookupContext,
): Promise<MutationOutcome<{ manifestId: string }>> {
  const format = input.format ?? 'JSONL';
  const binSize = input.binSize ?? DEFAULT_BIN_SIZE;
  const badBin = checkBinSize(binSize);
  if (badBin) return { userErrors: [badBin] };
  const dataset = input.dataset
    ? {
        name: input.dataset.name,
        collection: input.dataset.collection ?? null,
        revision: input.dataset.revision ?? null,
      }
    : null;
  const badDataset = dataset && checkDatasetRequest(dataset);
  if (badDataset) return { userErrors: [badDataset] };
  const id = parseSelectionId(input.selectionId);
  const [selection] = id === null ? [] : await deps.registry.selections([id]);
  if (!selection) {
    const message = `no stored selection has id ${JSON.stringify(input.selectionId)} (ids look like sel-12)`;
    return { userErrors: [userError('SELECTION_NOT_FOUND', 'selectionId', message)] };
  }
  if (selection.unit !== 'SESSION') {
    const message = `${input.selectionId} drew subjects (unit SUBJECT); a manifest lists sessions`;
    return { userErrors: [userError('NOT_A_SESSION_SELECTION', 'selectionId', message)] };
  }
  const ids = [...new Set(selection.selectedIds)];
  const missing = ids.filter((sessionId) => !lookup.snapshot.sessionById.has(sessionId));
  const present = ids.flatMap((sessionId) => lookup.snapshot.sessionById.get(sessionId) ?? []);
  const outcomes = await Promise.all(
    present.map((session) =>
      dataset
        ? datasetEntry(session, lookup.reads, binSize, dataset)
        : taskFileEntry(session, lookup.reads, binSize),
    ),
  );
  const entries = outcomes.filter((o): o is ManifestEntry => 'inputUri' in o);
  const problems: ManifestProblem[] = [
    ...(missing.length > 0 ? [missingRecords(missing)] : []),
    ...outcomes.filter((o): o is ManifestProblem => 'code' in o),
  ];
  if (problems.length > 0 && !input.allowPartial) return { userErrors: problems.map(problemAsUserError) };
  const content: ManifestContent = {
    selectionId: selection.id,
    format,
    binSize,
    dataset: dataset && canonicalDatasetRequest(dataset),
    entries,
    problems,
  };
  const record = manifestInput(content, deps.gatewayVersion);
  return runMutation(deps, { operation: 'exportManifest', caller, input }, async (tx) => ({
    commit: { manifestId: (await tx.insertManifest(record, caller.user)).id },
  }));
}

/** What the registry stores of a manifest: its content as canonical JSON, its id and its bytes' SHA-256. */
export function manifestInput(content: ManifestContent, gatewayVersion: string): ManifestInput {
  return {
    id: manifestId(content),
    sha256: sha256Hex(manifestBody(content.format, content.entries)),
    selectionId: content.selectionId,
    format: content.format,
    binSize: content.binSize,
    dataset: content.dataset,
    entries: canonicalJson(content.entries.map((entry) => ({ ...entry }))),
    problems: canonicalJson(content.problems.map((p) => ({ ...p }))),
    gatewayVersion,
  };
}

/** A stored manifest's entries and problems, parsed. */
export function manifestContent(record: ManifestRecord): {
  entries: ManifestEntry[];
  problems: ManifestProblem[];
} {
  return {
    entries: JSON.parse(record.entries) as ManifestEntry[],
    problems: JSON.parse(record.problems) as ManifestProblem[],
  };
}
