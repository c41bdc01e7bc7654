/**
 * Session flags from its derived assets and same-day recordings (npc_lims' `is_dlc_*`,
 * `is_facemap`, `is_annotated`, `is_surface_channels`). Each field calls one function of
 * src/services/derivedAssets.ts.
 */
import type { VideoProcessing } from '../domain/derivedAssets.ts';
import {
  hasAnyDlc,
  hasVideoProcessing,
  isAnnotated,
  isSurfaceChannels,
  surfaceChannelRecording,
} from '../services/derivedAssets.ts';
import { builder } from './builder.ts';
import { SessionObject } from './refs.ts';

const OVERRIDE = ' A tracked `session_kwargs` value of the same name overrides it.';

const VIDEO_FIELDS: Record<`is${Capitalize<VideoProcessing>}`, [VideoProcessing, string]> = {
  isDlcSide: [
    'dlcSide',
    'DeepLabCut ran on the side camera: a `…_dlc_side_…` derived asset exists (`is_dlc_side`).',
  ],
  isDlcEye: [
    'dlcEye',
    'DeepLabCut ran on the eye camera: a `…_dlc_eye_…` derived asset exists (`is_dlc_eye`).',
  ],
  isDlcFace: [
    'dlcFace',
    'DeepLabCut ran on the face camera: a `…_dlc_face_…` derived asset exists (`is_dlc_face`).',
  ],
  isFacemap: ['facemap', 'Facemap ran: a `…_facemap_…` derived asset exists (`is_facemap`).'],
};

builder.objectFields(SessionObject, (t) => ({
  ...Object.fromEntries(
    Object.entries(VIDEO_FIELDS).map(([field, [kind, description]]) => [
      field,
      t.boolean({
        nullable: true,
        description: `${description}${OVERRIDE}`,
        resolve: (s, _args, ctx) => hasVideoProcessing(s, kind, ctx.loaders),
      }),
    ]),
  ),
  isDlc: t.boolean({
    nullable: true,
    description: 'Any DeepLabCut result: isDlcSide, isDlcEye or isDlcFace.',
    resolve: (s, _args, ctx) => hasAnyDlc(s, ctx.loaders),
  }),
  isAnnotated: t.boolean({
    nullable: true,
    description: `CCF/IBL probe annotations exist (\`is_annotated\`): a derived asset of the session carries an IBL probe alignment in its DocDB quality control (\`Probe Alignment for …<session>…\`, the query of aind-session's get_latest_ibl_annotations).${OVERRIDE}`,
    resolve: (s, _args, ctx) => isAnnotated(s, ctx.loaders),
  }),
  isSurfaceChannels: t.boolean({
    description: `The session has a surface-channel recording (\`is_surface_channels\`): the subject's next ecephys recording that day (aind-session: the second raw ecephys recording of the day).${OVERRIDE}`,
    resolve: async (s, _args, ctx) => isSurfaceChannels(s, await ctx.catalog.snapshot()),
  }),
  surfaceChannelRecording: t.field({
    type: SessionObject,
    nullable: true,
    description:
      "The session's surface-channel recording (the subject's next ecephys session that day, idx + 1); null when there is none.",
    resolve: async (s, _args, ctx) => surfaceChannelRecording(s, await ctx.catalog.snapshot()),
  }),
}));
