/**
 * Subjects: a subject's facts from DocDB's subject record and the all-mice training sheet, with the
 * precedence and disagreement rules of src/domain/subjectFacts.ts.
 */
import { fact, type SubjectFacts } from '../domain/subjectFacts.ts';
import { sectionValue } from '../sources/docdb/index.ts';
import type { CatalogSubject } from './catalog.ts';
import type { RequestReads } from './reads.ts';

/** Genotype, sex, date of birth and species: DocDB's subject record first, then the training sheet. */
export async function subjectFacts(
  subject: CatalogSubject,
  reads: Pick<RequestReads, 'subjectRecord'>,
): Promise<SubjectFacts> {
  const record = await reads.subjectRecord.load(subject.id);
  const docdb = record ? sectionValue(record, 'subject') : null;
  const sheet = subject.training;
  return {
    genotype: fact('genotype', docdb?.genotype, sheet?.genotype),
    sex: fact('sex', docdb?.sexAsWritten, sheet?.sex),
    dateOfBirth: fact('dateOfBirth', docdb?.dateOfBirth, sheet?.dateOfBirth),
    species: fact('species', docdb?.species?.name, null),
  };
}

/** Subject.genotype: DocDB's subject record, else the training sheet. */
export async function genotypeOf(
  subject: CatalogSubject,
  reads: Pick<RequestReads, 'subjectRecord'>,
): Promise<string | null> {
  return (await subjectFacts(subject, reads)).genotype.value;
}
