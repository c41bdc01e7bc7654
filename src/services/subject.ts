/**
 * Subjects: a subject's facts from DocDB's subject record, the registry and the all-mice training sheet, with the
 * precedence and disagreement rules of src/domain/subjectFacts.ts.
 */
import { fact, type SubjectFacts, type SubjectSex, subjectSex } from '../domain/subjectFacts.ts';
import { sectionValue } from '../sources/docdb/index.ts';
import type { CatalogSubject } from './catalog.ts';
import type { RequestReads } from './reads.ts';

/**
 * Genotype, sex, date of birth and species: DocDB's subject record first, then the registry's
 * (registerSubject), then the training sheet.
 */
export async function subjectFacts(
  subject: CatalogSubject,
  reads: Pick<RequestReads, 'subjectRecord' | 'registrySubject'>,
): Promise<SubjectFacts> {
  const [record, registered] = await Promise.all([
    reads.subjectRecord.load(subject.id),
    reads.registrySubject.load(subject.id),
  ]);
  const docdb = record ? sectionValue(record, 'subject') : null;
  const sheet = subject.training;
  return {
    genotype: fact('genotype', docdb?.genotype, sheet?.genotype, registered?.genotype),
    // Alyx's `U` (unknown) is no value to compare.
    sex: fact('sex', docdb?.sexAsWritten, sheet?.sex, registered?.sex === 'U' ? null : registered?.sex),
    dateOfBirth: fact('dateOfBirth', docdb?.dateOfBirth, sheet?.dateOfBirth, registered?.birthDate),
    // The registry's species is a common name (`mouse`), DocDB's a Latin one: not compared.
    species: fact('species', docdb?.species?.name, null),
  };
}

/** Subject.genotype: DocDB's subject record, else the registry's, else the training sheet. */
export async function genotypeOf(
  subject: CatalogSubject,
  reads: Pick<RequestReads, 'subjectRecord' | 'registrySubject'>,
): Promise<string | null> {
  return (await subjectFacts(subject, reads)).genotype.value;
}

/** Subject.sex: the shown source's value in one vocabulary (MALE, FEMALE, UNKNOWN). */
export async function sexOf(
  subject: CatalogSubject,
  reads: Pick<RequestReads, 'subjectRecord' | 'registrySubject'>,
): Promise<SubjectSex> {
  return subjectSex((await subjectFacts(subject, reads)).sex.value);
}
