/** `subject`: the animal as recorded by AIND (LabTracks). */
import { z } from 'zod';
import { dayOf, idText, isPlainObject, jsonOf, named, oneOf, text, textOf } from './leaves.ts';

export const SEXES = ['Male', 'Female'] as const;
export type Sex = (typeof SEXES)[number];

export interface SpeciesView {
  /** Latin name, e.g. `Mus musculus`. */
  name: string | null;
  /** NCBI taxonomy id, e.g. `NCBI:txid10090`. */
  registryIdentifier: string | null;
}

export interface SubjectView {
  subjectId: string | null;
  /** `Male`/`Female` in any case; null otherwise. */
  sex: Sex | null;
  /** `sex` as DocDB spells it (Subject.sex shows it beside the sheet's `M`/`F`). */
  sexAsWritten: string | null;
  /** `YYYY-MM-DD`; null when missing or not a real day. */
  dateOfBirth: string | null;
  genotype: string | null;
  species: SpeciesView | null;
  backgroundStrain: string | null;
  /** As stored (JSON). */
  breedingInfo: unknown;
  alleles: unknown;
}

export const subjectSection = z
  .looseObject({
    schema_version: text,
    subject_id: idText,
    sex: text,
    date_of_birth: text,
    genotype: text,
    species: named.nullish(),
    background_strain: text,
  })
  .transform(
    (s): SubjectView => ({
      subjectId: s.subject_id ?? null,
      sex: oneOf(s.sex, SEXES),
      sexAsWritten: s.sex ?? null,
      dateOfBirth: dayOf(s.date_of_birth),
      genotype: s.genotype ?? null,
      species: isPlainObject(s.species)
        ? { name: textOf(s.species.name), registryIdentifier: textOf(s.species.registry_identifier) }
        : null,
      backgroundStrain: s.background_strain ?? null,
      breedingInfo: jsonOf(s.breeding_info),
      alleles: jsonOf(s.alleles),
    }),
  );
