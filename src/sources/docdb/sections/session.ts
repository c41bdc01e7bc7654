/** `session` (v1; ecephys and behaviour): when, where and how the session was acquired. */
import { z } from 'zod';
import {
  idText,
  list,
  type Named,
  named,
  namedListOf,
  type Timestamp,
  text,
  textOf,
  textsOf,
  timestampOf,
} from './leaves.ts';

export interface DataStreamView {
  streamStartTime: Timestamp | null;
  streamEndTime: Timestamp | null;
  /** `stream_modalities`. */
  modalities: Named[];
  daqNames: string[];
  cameraNames: string[];
}

export interface StimulusEpochView {
  stimulusStartTime: Timestamp | null;
  stimulusEndTime: Timestamp | null;
  stimulusName: string | null;
}

export interface SessionView {
  sessionStartTime: Timestamp | null;
  sessionEndTime: Timestamp | null;
  sessionType: string | null;
  rigId: string | null;
  subjectId: string | null;
  iacucProtocol: string | null;
  experimenterFullName: string[];
  mousePlatformName: string | null;
  dataStreams: DataStreamView[];
  stimulusEpochs: StimulusEpochView[];
  notes: string | null;
}

const dataStream = z
  .looseObject({ stream_start_time: text, stream_end_time: text, stream_modalities: list(named) })
  .transform(
    (d): DataStreamView => ({
      streamStartTime: timestampOf(d.stream_start_time),
      streamEndTime: timestampOf(d.stream_end_time),
      modalities: namedListOf(d.stream_modalities),
      daqNames: textsOf(d.daq_names),
      cameraNames: textsOf(d.camera_names),
    }),
  );

const stimulusEpoch = z
  .looseObject({ stimulus_start_time: text, stimulus_end_time: text, stimulus_name: text })
  .transform(
    (e): StimulusEpochView => ({
      stimulusStartTime: timestampOf(e.stimulus_start_time),
      stimulusEndTime: timestampOf(e.stimulus_end_time),
      stimulusName: e.stimulus_name ?? null,
    }),
  );

export const sessionSection = z
  .looseObject({
    schema_version: text,
    session_start_time: text,
    session_end_time: text,
    session_type: text,
    rig_id: text,
    subject_id: idText,
    experimenter_full_name: list(z.string()),
    mouse_platform_name: text,
    data_streams: list(dataStream),
    stimulus_epochs: list(stimulusEpoch),
    notes: text,
  })
  .transform(
    (s): SessionView => ({
      sessionStartTime: timestampOf(s.session_start_time),
      sessionEndTime: timestampOf(s.session_end_time),
      sessionType: s.session_type ?? null,
      rigId: s.rig_id ?? null,
      subjectId: s.subject_id ?? null,
      iacucProtocol: textOf(s.iacuc_protocol),
      experimenterFullName: s.experimenter_full_name ?? [],
      mousePlatformName: s.mouse_platform_name ?? null,
      dataStreams: s.data_streams ?? [],
      stimulusEpochs: s.stimulus_epochs ?? [],
      notes: s.notes ?? null,
    }),
  );
