/**
 * Subjects: a subject's facts from DocDB's subject record, the registry and the all-mice training sheet, with the
 * precedence and disagreement rules of src/domain/subjectFacts.ts.
 */
import { fact, type SubjectFacts, type SubjectSex, subjectSex } from '../domain/subjectFacts.ts';
import { sectionValue } from '../sources/docdb/index.ts';
import type { CatalogSubject } from './catalog.ts';
import type { RequestReads } from './reads.ts';

type FactReads = Pick<RequestReads, 'subjectRecord' | 'registrySubject'>;

/** What each source says of the subject: DocDB's subject section, the registry's record, the sheet row. */
async function factSources(subject: CatalogSubject, reads: FactReads) {
  const [record, registered] = await Promise.all([
    reads.subjectRecord.load(subject.id),
    reads.registrySubject.load(subject.id),
  ]);
  return { docdb: record ? sectionValue(record, 'subject') : null, registered, sheet: subject.training };
}

const genotypeFact = ({ docdb, registered, sheet }: Awaited<ReturnType<typeof factSources>>) =>
  fact('genotype', docdb?.genotype, sheet?.genotype, registered?.genotype);

/**
 * Genotype, sex, date of birth and species: DocDB's subject record first, then the registry's
 * (registerSubject), then the training sheet.
 */
export async function subjectFacts(subject: CatalogSubject, reads: FactReads): Promise<SubjectFacts> {
  const said = await factSources(subject, reads);
  const { docdb, registered, sheet } = said;
  return {
    genotype: genotypeFact(said),
    // Alyx's `U` (unknown) is no value to compare.
    sex: fact('sex', docdb?.sexAsWritten, sheet?.sex, registered?.sex === 'U' ? null : registered?.sex),
    dateOfBirth: fact('dateOfBirth', docdb?.dateOfBirth, sheet?.dateOfBirth, registered?.birthDate),
    // The registry's species is a common name (`mouse`), DocDB's a Latin one: not compared.
    species: fact('species', docdb?.species?.name, null),
  };
}

/** Subject.genotype: DocDB's subject record, else the registry's, else the training sheet (only that fact). */
export async function genotypeOf(subject: CatalogSubject, reads: FactReads): Promise<string | null> {
  return genotypeFact(await factSources(subject, reads)).value;
}

/** Subject.sex: the shown source's value in one vocabulary (MALE, FEMALE, UNKNOWN). */
export async function sexOf(subject: CatalogSubject, reads: FactReads): Promise<SubjectSex> {
  return subjectSex((await subjectFacts(subject, reads)).sex.value);
}
