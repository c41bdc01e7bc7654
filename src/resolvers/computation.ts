/**
 * Computation: a CodeOcean capsule or pipeline run (read only), reached from DataAsset.computations
 * and Session.sortingComputations / isSortingInProgress. Each field calls one function of
 * src/services/computations.ts.
 */
import {
  type CapsuleRun,
  computationsOfAsset,
  endTimeOf,
  inputAssetsOf,
  isSortingInProgress,
  sortingComputationsOf,
} from '../services/computations.ts';
import { builder } from './builder.ts';
import { DataAssetObject, SessionObject } from './refs.ts';

const ComputationState = builder.enumType('ComputationState', {
  description: 'Where a CodeOcean run is (its `state`).',
  values: {
    INITIALIZING: { value: 'initializing', description: 'Queued or starting.' },
    RUNNING: { value: 'running', description: 'Running.' },
    FINALIZING: { value: 'finalizing', description: 'Saving its results.' },
    COMPLETED: { value: 'completed', description: 'Finished; see endStatus for how.' },
    FAILED: { value: 'failed', description: 'Failed to run.' },
  } as const,
});

const ComputationObject = builder.objectRef<CapsuleRun>('Computation').implement({
  description:
    'A CodeOcean capsule or pipeline run (`GET computations/{id}`, `GET capsules/{id}/computations`), read only.',
  fields: (t) => ({
    id: t.id({ description: 'The run id (a UUID).', resolve: (run) => run.computation.id }),
    name: t.string({
      description: 'Run name, e.g. `Run With Parameters 4689084`.',
      resolve: (run) => run.computation.name,
    }),
    state: t.field({
      type: ComputationState,
      description: 'Where the run is: INITIALIZING, RUNNING, FINALIZING (in progress), COMPLETED or FAILED.',
      resolve: (run) => run.computation.state,
    }),
    endStatus: t.string({
      nullable: true,
      description: 'How a finished run ended: `succeeded`, `failed` or `stopped`; null while in progress.',
      resolve: (run) => run.computation.endStatus,
    }),
    exitCode: t.int({
      nullable: true,
      description: 'Exit code of a finished run.',
      resolve: (run) => run.computation.exitCode,
    }),
    hasResults: t.boolean({
      nullable: true,
      description: 'The run saved results.',
      resolve: (run) => run.computation.hasResults,
    }),
    startTime: t.field({
      type: 'DateTime',
      description: 'When the run was created (CodeOcean `created`).',
      resolve: (run) => run.computation.created,
    }),
    endTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a finished run ended: startTime plus its run time; null while in progress.',
      resolve: (run) => endTimeOf(run),
    }),
    runTimeSeconds: t.int({
      description: 'Seconds the run has taken so far (CodeOcean `run_time`).',
      resolve: (run) => run.computation.runTime,
    }),
    capsuleId: t.string({
      nullable: true,
      description:
        'The capsule or pipeline that ran: the listing it was found in (the sorting pipeline for sorting runs) or the result’s provenance.',
      resolve: (run) => run.capsuleId,
    }),
    parameters: t.stringList({
      description: 'Its parameters as given, positional ones as `value`, named ones as `name=value`.',
      resolve: (run) =>
        run.computation.parameters.map((p) => (p.paramName ? `${p.paramName}=${p.value}` : p.value)),
    }),
    inputAssets: t.field({
      type: [DataAssetObject],
      description: 'The data assets attached as inputs (ones that no longer exist are left out).',
      resolve: (run, _args, ctx) => inputAssetsOf(run, ctx.loaders),
    }),
  }),
});

builder.objectFields(DataAssetObject, (t) => ({
  computations: t.field({
    type: [ComputationObject],
    nullable: true,
    description:
      'Runs of this asset, newest first: for a result, the run that made it (its provenance); for raw data, the sorting pipeline’s runs that took it as input (LABGRAPH_SORTING_PIPELINE_ID).',
    resolve: (asset, _args, ctx) => computationsOfAsset(asset, ctx.loaders, ctx.config.sortingPipelineId),
  }),
}));

builder.objectFields(SessionObject, (t) => ({
  sortingComputations: t.field({
    type: [ComputationObject],
    nullable: true,
    description:
      'The spike-sorting pipeline’s runs on the session’s raw data asset, newest first, in any state (what to check when “is it sorted yet?” has no answer). Empty without a raw asset.',
    resolve: (s, _args, ctx) => sortingComputationsOf(s, ctx.loaders, ctx.config.sortingPipelineId),
  }),
  isSortingInProgress: t.boolean({
    nullable: true,
    description:
      'A sorting-pipeline run on the raw asset is initializing, running or finalizing (aind-session’s `current_sorting_pipeline_computations`).',
    resolve: (s, _args, ctx) => isSortingInProgress(s, ctx.loaders, ctx.config.sortingPipelineId),
  }),
}));
