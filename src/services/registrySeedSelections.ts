/**
 * The seed file's stored selections and manifests (fixtures/registry/seed.yaml): each selection
 * carries its queries' candidate snapshots, as a selection stored long ago would, and is drawn with
 * today's algorithm; each manifest carries its entries' input files and frame counts. Both are stored
 * exactly as createSelection and exportManifest store theirs.
 */
import { z } from 'zod';
import { GATEWAY_VERSION } from '../config.ts';
import { binCount, type ManifestEntry } from '../domain/manifest.ts';
import type { SessionFilterInput } from '../domain/sessionFilter.ts';
import type { RegistryWriter } from '../sources/registry/index.ts';
import { manifestInput } from './manifests.ts';
import { assembleDraft } from './selections.ts';

const text = z.string().trim().min(1);

export const seedSelectionsSchema = {
  selections: z
    .array(
      z.object({
        comment: z.string().default(''),
        seed: z.number().int().min(0).max(0xffff_ffff).default(42),
        unit: z.enum(['SESSION', 'SUBJECT']).default('SESSION'),
        dedupeAcrossQueries: z.boolean().default(false),
        queries: z
          .array(
            z.object({
              label: z.string().nullish(),
              filter: z.record(z.string(), z.unknown()),
              count: z.number().int().min(0),
              candidateIds: z.array(text),
            }),
          )
          .min(1),
      }),
    )
    .default([]),
  manifests: z
    .array(
      z.object({
        /** 1-based place of the selection in `selections`. */
        selection: z.number().int().min(1),
        format: z.enum(['JSONL', 'SEGMENTATION_V1']).default('JSONL'),
        binSize: z.number().int().positive().default(115),
        entries: z.array(
          z.object({
            sessionId: text,
            alfPath: z.string().nullish(),
            inputUri: text,
            frameCount: z.number().int().min(1),
          }),
        ),
      }),
    )
    .default([]),
};

const seedSelections = z.object(seedSelectionsSchema);
type SeedSelections = z.infer<typeof seedSelections>;

export async function applySeedSelections(
  tx: RegistryWriter,
  seed: SeedSelections,
  by: string,
): Promise<void> {
  const ids: number[] = [];
  for (const selection of seed.selections) {
    const queries = selection.queries.map((query) => ({
      ...query,
      filter: query.filter as SessionFilterInput,
    }));
    const draft = assembleDraft(queries, queries, {
      seed: selection.seed,
      unit: selection.unit,
      dedupe: selection.dedupeAcrossQueries,
    });
    const stored = await tx.insertSelection(
      { ...draft, comment: selection.comment, gatewayVersion: GATEWAY_VERSION },
      by,
    );
    ids.push(stored.id);
  }
  for (const manifest of seed.manifests) {
    const selectionId = ids[manifest.selection - 1];
    if (selectionId === undefined)
      throw new Error(`seed manifest names selection ${manifest.selection}, which the seed lacks`);
    const entries: ManifestEntry[] = manifest.entries.map((entry) => ({
      sessionId: entry.sessionId,
      alfPath: entry.alfPath ?? null,
      datasetId: null,
      resolvedRevision: null,
      inputUri: entry.inputUri,
      frameCount: entry.frameCount,
      nbinned: binCount(entry.frameCount, manifest.binSize),
    }));
    const content = {
      selectionId,
      format: manifest.format,
      binSize: manifest.binSize,
      dataset: null,
      entries,
      problems: [],
    };
    await tx.insertManifest(manifestInput(content, GATEWAY_VERSION), by);
  }
}
