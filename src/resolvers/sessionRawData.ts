/**
 * Session fields on the layout of its raw data in S3: modalities, the paths one level inside each
 * modality folder, the ecephys clipped/compressed folders, and the session's cloud path. Each field
 * calls one function of src/services/rawData.ts (one-level listings through the request's loaders).
 */
import { cloudPath, ecephysDataUri, modalities, rawDataPaths } from '../services/rawData.ts';
import { builder } from './builder.ts';
import { SessionObject } from './refs.ts';

const LISTED = ' Listed one folder level at a time (S3 delimiter listings), never every key.';

builder.objectFields(SessionObject, (t) => ({
  modalities: t.stringList({
    nullable: true,
    description:
      'Sub-folders of the raw data folder, e.g. behavior, behavior_videos, ecephys (ecephys_compressed/clipped count as ecephys; metadata folders are left out). Empty when not uploaded.',
    resolve: (s, _args, ctx) => modalities(s, ctx.loaders),
  }),
  rawDataPaths: t.stringList({
    nullable: true,
    description: `What each folder of the raw data root holds, one level down, as URIs (npc_lims' raw_data_paths), e.g. \`s3://aind-ephys-data/ecephys_676909_2023-12-13_13-43-40/behavior/20231213T134340.h5\`; folders end with \`/\`. Empty when there are no raw data.${LISTED}`,
    resolve: (s, _args, ctx) => rawDataPaths(s, ctx.loaders),
  }),
  clippedUri: t.string({
    nullable: true,
    description: `The ecephys \`ecephys_clipped\` folder of the raw data: \`ecephys/ecephys_clipped\` (newer layout) before \`ecephys_clipped\` at the root; null when neither exists.${LISTED}`,
    resolve: (s, _args, ctx) => ecephysDataUri(s, ctx.loaders, 'clipped'),
  }),
  compressedUri: t.string({
    nullable: true,
    description: `The ecephys \`ecephys_compressed\` folder of the raw data: \`ecephys/ecephys_compressed\` (newer layout) before \`ecephys_compressed\` at the root; null when neither exists.${LISTED}`,
    resolve: (s, _args, ctx) => ecephysDataUri(s, ctx.loaders, 'compressed'),
  }),
  cloudPath: t.string({
    nullable: true,
    description:
      "Where the session's data live in the cloud (npc_lims' cloud_path): the AIND raw data root when uploaded (Session.rawDataUri), else the subject's task-file folder in the scratch bucket (LABGRAPH_TASK_BUCKET / LABGRAPH_TASK_PREFIX), so training sessions have one too.",
    resolve: (s, _args, ctx) => cloudPath(s, ctx.loaders, ctx.config.taskFiles),
  }),
}));
