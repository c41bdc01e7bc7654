/** GraphQL types for DocDB `data_description`, and the controlled-vocabulary entries sections share. */
import type { DataDescriptionView, Named } from '../sources/docdb/index.ts';
import { builder } from './builder.ts';

const DataLevel = builder.enumType('MetadataDataLevel', {
  description: 'aind-data-schema `data_level`: whether an asset holds acquired or computed data.',
  values: {
    RAW: { value: 'raw', description: '`raw`: data as acquired on the rig.' },
    DERIVED: {
      value: 'derived',
      description: '`derived`: the output of processing (sorting, NWB, video tracking…).',
    },
  } as const,
});

export const NamedRef = builder.objectRef<Named>('MetadataNamed').implement({
  description:
    'A controlled-vocabulary entry as aind-data-schema serialises it (platform, modality, organisation): full name and abbreviation.',
  fields: (t) => ({
    name: t.exposeString('name', {
      nullable: true,
      description:
        'Full name, e.g. `Extracellular electrophysiology`, `Allen Institute for Neural Dynamics`.',
    }),
    abbreviation: t.exposeString('abbreviation', {
      nullable: true,
      description: 'Short form, e.g. `ecephys`, `behavior-videos`, `AIND`.',
    }),
  }),
});

export const DataDescriptionRef = builder
  .objectRef<DataDescriptionView>('MetadataDataDescription')
  .implement({
    description: 'DocDB `data_description`: what the data asset is, whose, and who made it.',
    fields: (t) => ({
      name: t.exposeString('name', {
        nullable: true,
        description: 'Data asset name, e.g. `ecephys_676909_2023-12-13_13-43-40`.',
      }),
      label: t.exposeString('label', { nullable: true, description: 'Free-text label of the asset.' }),
      platform: t.expose('platform', {
        type: NamedRef,
        nullable: true,
        description:
          'Acquisition platform, e.g. {Electrophysiology platform, ecephys} or {Behavior platform, behavior}.',
      }),
      subjectId: t.exposeString('subjectId', {
        nullable: true,
        description: 'LabTracks MID of the subject (a string in DocDB).',
      }),
      creationTime: t.expose('creationTime', {
        type: 'DateTime',
        nullable: true,
        description:
          'When the data were created: the acquisition start for raw data, the processing time for derived data. Null when missing or unparseable.',
      }),
      dataLevel: t.expose('dataLevel', {
        type: DataLevel,
        nullable: true,
        description: 'Raw or derived data; null when missing or not one of those.',
      }),
      modalities: t.expose('modalities', {
        type: [NamedRef],
        description:
          'Data modalities (v1 `modality`, v2 `modalities`), e.g. {Extracellular electrophysiology, ecephys}, {Behavior videos, behavior-videos}.',
      }),
      projectName: t.exposeString('projectName', {
        nullable: true,
        description: 'Project the data belong to, e.g. `Dynamic Routing`.',
      }),
      institution: t.expose('institution', {
        type: NamedRef,
        nullable: true,
        description: 'Institution that owns the data, e.g. {Allen Institute for Neural Dynamics, AIND}.',
      }),
      investigators: t.exposeStringList('investigators', {
        description: 'Names of the investigators responsible for the data.',
      }),
      fundingSource: t.exposeStringList('fundingSource', {
        description: 'Names of the funders (`funding_source[].funder`).',
      }),
    }),
  });
