/** GraphQL types for DocDB `subject` and `procedures`: the animal and what was done to it. */
import type {
  ProceduresView,
  SpeciesView,
  SubjectProcedureView,
  SubjectView,
} from '../sources/docdb/index.ts';
import { builder } from './builder.ts';

const Sex = builder.enumType('MetadataSex', {
  description: 'aind-data-schema `sex` of a subject.',
  values: {
    MALE: { value: 'Male', description: '`Male`.' },
    FEMALE: { value: 'Female', description: '`Female`.' },
  } as const,
});

const SpeciesRef = builder.objectRef<SpeciesView>('MetadataSpecies').implement({
  description: "The subject's species, with its registry entry.",
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'Latin name, e.g. `Mus musculus`.' }),
    registryIdentifier: t.exposeString('registryIdentifier', {
      nullable: true,
      description: 'Id in the registry (NCBI taxonomy), e.g. `NCBI:txid10090`.',
    }),
  }),
});

export const SubjectSectionRef = builder.objectRef<SubjectView>('MetadataSubject').implement({
  description: 'DocDB `subject`: the animal as recorded by AIND (LabTracks).',
  fields: (t) => ({
    subjectId: t.exposeString('subjectId', {
      nullable: true,
      description: 'LabTracks MID (6–7 digits, a string in DocDB).',
    }),
    sex: t.expose('sex', {
      type: Sex,
      nullable: true,
      description: 'Sex; null when missing or not Male/Female.',
    }),
    dateOfBirth: t.expose('dateOfBirth', {
      type: 'Date',
      nullable: true,
      description: 'Date of birth; null when missing or unparseable.',
    }),
    genotype: t.exposeString('genotype', {
      nullable: true,
      description: 'Genotype as recorded in DocDB, e.g. `Pvalb-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt`.',
    }),
    species: t.expose('species', {
      type: SpeciesRef,
      nullable: true,
      description: 'Species, e.g. Mus musculus (NCBI:txid10090).',
    }),
    backgroundStrain: t.exposeString('backgroundStrain', {
      nullable: true,
      description: 'Background strain, e.g. `C57BL/6J`.',
    }),
    breedingInfo: t.expose('breedingInfo', {
      type: 'JSON',
      nullable: true,
      description:
        '`breeding_info` as stored: breeding_group, maternal_id, maternal_genotype, paternal_id, paternal_genotype.',
    }),
    alleles: t.expose('alleles', { type: 'JSON', nullable: true, description: '`alleles` as stored.' }),
  }),
});

const SubjectProcedureRef = builder.objectRef<SubjectProcedureView>('MetadataSubjectProcedure').implement({
  description: 'One entry of `subject_procedures`: a surgery or other procedure on the living subject.',
  fields: (t) => ({
    procedureType: t.exposeString('procedureType', {
      nullable: true,
      description: 'Kind of procedure, e.g. `Surgery`.',
    }),
    startDate: t.expose('startDate', {
      type: 'Date',
      nullable: true,
      description: 'Day the procedure started; null when missing or unparseable.',
    }),
    experimenterFullName: t.exposeString('experimenterFullName', {
      nullable: true,
      description: 'Who performed it (a name or an NSB id).',
    }),
    protocolId: t.exposeString('protocolId', {
      nullable: true,
      description: 'Protocol followed, usually a protocols.io DOI.',
    }),
    iacucProtocol: t.exposeString('iacucProtocol', {
      nullable: true,
      description: 'IACUC protocol number, e.g. `2104`.',
    }),
    procedures: t.expose('procedures', {
      type: 'JSON',
      nullable: true,
      description: 'The individual procedures as stored (headframe, craniotomy, injections…).',
    }),
  }),
});

export const ProceduresRef = builder.objectRef<ProceduresView>('MetadataProcedures').implement({
  description: 'DocDB `procedures`: what was done to the subject (surgeries, injections…).',
  fields: (t) => ({
    subjectProcedures: t.expose('subjectProcedures', {
      type: [SubjectProcedureRef],
      description: 'Procedures on the living subject, in stored order.',
    }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free-text notes.' }),
  }),
});
