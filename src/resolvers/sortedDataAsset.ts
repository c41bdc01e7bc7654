/**
 * SortedDataAsset: what a spike-sorting result holds (aind-session's `SortedDataAsset`), reached as
 * `DataAsset.sorting` on sorted assets. Each field calls one function of src/services/sortedAsset.ts.
 */

import {
  isSortingAnalyzer,
  outputLogOf,
  sortedProbesOf,
  sorterOf,
  sortingErrorReason,
  sortingOf,
} from '../services/sortedAsset.ts';
import type { DataAsset } from '../sources/codeocean/index.ts';
import { builder } from './builder.ts';
import { DataAssetObject } from './refs.ts';

const SortedDataAsset = builder.objectRef<DataAsset>('SortedDataAsset').implement({
  description:
    "A spike-sorting result as aind-session's SortedDataAsset describes it: sorter, probes, SortingAnalyzer, failure and output log. Read from the asset's folder (one folder level at a time) and its DocDB processing record.",
  fields: (t) => ({
    sorterName: t.string({
      nullable: true,
      description:
        'The spike sorter (kilosort2_5, kilosort4, spykingcircus2), from the DocDB processing record; null when there is none (the sorting is likely incomplete).',
      resolve: (asset, _args, ctx) => sorterOf(asset, ctx.loaders),
    }),
    sortedProbes: t.stringList({
      description:
        'Probes sorted, e.g. [ProbeA, ProbeB]: the per-probe folders of `curated/` (else the legacy `sorting_precurated/`), `…#Neuropix-PXI-100.ProbeF-AP_recording1` → ProbeF. Empty when neither folder exists.',
      resolve: (asset, _args, ctx) => sortedProbesOf(asset, ctx.loaders),
    }),
    isSortingAnalyzer: t.boolean({
      description: 'A SortingAnalyzer was saved: a `.zarr` one folder down in the asset (`*/*.zarr`).',
      resolve: (asset, _args, ctx) => isSortingAnalyzer(asset, ctx.loaders),
    }),
    isError: t.boolean({
      description:
        'The sorting run failed: no `output` file, an error marker in it, or sorting-pipeline output without an NWB file.',
      resolve: async (asset, _args, ctx) => (await sortingErrorReason(asset, ctx.loaders)) !== null,
    }),
    errorReason: t.string({
      nullable: true,
      description:
        'Why isError is true, e.g. `the output reports an error: "Out of memory."` or `no output file in the asset folder`; null when the run did not fail.',
      resolve: (asset, _args, ctx) => sortingErrorReason(asset, ctx.loaders),
    }),
    outputLog: t.string({
      nullable: true,
      description:
        "The text of the run's `output` file (the pipeline log), fetched when asked for; null when the file is missing.",
      resolve: (asset, _args, ctx) => outputLogOf(asset, ctx.loaders),
    }),
  }),
});

builder.objectFields(DataAssetObject, (t) => ({
  sorting: t.field({
    type: SortedDataAsset,
    nullable: true,
    description:
      'For sorted assets (kind SORTED): what the sorting holds and whether it failed; null otherwise.',
    resolve: (asset) => sortingOf(asset),
  }),
}));
