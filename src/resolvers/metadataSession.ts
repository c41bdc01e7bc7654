/** GraphQL types for DocDB `session` and `rig` (v1; ecephys and behaviour): the acquisition. */
import type { DataStreamView, RigView, SessionView, StimulusEpochView } from '../sources/docdb/index.ts';
import { builder } from './builder.ts';
import { NamedRef } from './metadataDescription.ts';

const DataStreamRef = builder.objectRef<DataStreamView>('MetadataDataStream').implement({
  description: 'One data stream of a session: devices recording together over one time span.',
  fields: (t) => ({
    streamStartTime: t.expose('streamStartTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the stream started; null when missing or unparseable.',
    }),
    streamEndTime: t.expose('streamEndTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the stream ended; null when missing or unparseable.',
    }),
    modalities: t.expose('modalities', {
      type: [NamedRef],
      description: 'Modalities recorded in the stream (`stream_modalities`).',
    }),
    daqNames: t.exposeStringList('daqNames', {
      description: 'Names of the DAQs used, e.g. `Sync`, `NI-DAQ`.',
    }),
    cameraNames: t.exposeStringList('cameraNames', {
      description: 'Names of the cameras used, e.g. `Behavior`, `Eye`, `Face`.',
    }),
  }),
});

const StimulusEpochRef = builder.objectRef<StimulusEpochView>('MetadataStimulusEpoch').implement({
  description: 'One stimulus epoch of a session: a stimulus script run over one time span.',
  fields: (t) => ({
    stimulusStartTime: t.expose('stimulusStartTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the epoch started; null when missing or unparseable.',
    }),
    stimulusEndTime: t.expose('stimulusEndTime', {
      type: 'DateTime',
      nullable: true,
      description: 'When the epoch ended; null when missing or unparseable.',
    }),
    stimulusName: t.exposeString('stimulusName', {
      nullable: true,
      description: 'Stimulus name, e.g. `DynamicRouting1`, `Spontaneous`, `RFMapping`, `OptoTagging`.',
    }),
  }),
});

export const SessionSectionRef = builder.objectRef<SessionView>('MetadataSession').implement({
  description: 'DocDB `session` (v1; ecephys and behaviour): when, where and how the session was acquired.',
  fields: (t) => ({
    sessionStartTime: t.expose('sessionStartTime', {
      type: 'DateTime',
      nullable: true,
      description:
        'Session start (written in Pacific wall time with its offset); null when missing or unparseable.',
    }),
    sessionEndTime: t.expose('sessionEndTime', {
      type: 'DateTime',
      nullable: true,
      description: 'Session end; null when missing or unparseable.',
    }),
    sessionType: t.exposeString('sessionType', {
      nullable: true,
      description: 'Free-text session type, e.g. `DynamicRouting ephys`.',
    }),
    rigId: t.exposeString('rigId', {
      nullable: true,
      description:
        'Rig the session ran on, `<room>_<rig>_<YYYYMMDD of the rig file>`, e.g. `323_EPHYS1_20231003`.',
    }),
    iacucProtocol: t.exposeString('iacucProtocol', {
      nullable: true,
      description: 'IACUC protocol number, e.g. `2109`.',
    }),
    experimenterFullName: t.exposeStringList('experimenterFullName', {
      description: 'Names of the experimenters.',
    }),
    mousePlatformName: t.exposeString('mousePlatformName', {
      nullable: true,
      description: 'What the mouse stood on, e.g. `Running Wheel`.',
    }),
    dataStreams: t.expose('dataStreams', {
      type: [DataStreamRef],
      description: 'Data streams, in stored order.',
    }),
    stimulusEpochs: t.expose('stimulusEpochs', {
      type: [StimulusEpochRef],
      description: 'Stimulus epochs, in stored order.',
    }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free-text notes.' }),
  }),
});

export const RigRef = builder.objectRef<RigView>('MetadataRig').implement({
  description: 'DocDB `rig` (v1; ecephys and behaviour): the rig description in force for the session.',
  fields: (t) => ({
    rigId: t.exposeString('rigId', {
      nullable: true,
      description: 'Rig id, `<room>_<rig>_<YYYYMMDD>`, e.g. `323_EPHYS1_20231003`.',
    }),
    modificationDate: t.expose('modificationDate', {
      type: 'Date',
      nullable: true,
      description: 'Day the rig description was last changed; null when missing or unparseable.',
    }),
  }),
});
