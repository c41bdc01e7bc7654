/**
 * Which source's value a subject fact shows: DocDB wins when both have a value (it is the curated
 * record); where the two disagree the losing value is kept, so the API can say so rather than hide
 * the sheet's value. Pure: the values come from src/services/subject.ts.
 */

type FactSource = 'docdb' | 'tracked';

export interface Fact {
  value: string | null;
  source: FactSource | null;
  /** The losing source's different value, if any. */
  conflict: { value: string; source: FactSource } | null;
}

export interface SubjectFacts {
  genotype: Fact;
  sex: Fact;
  dateOfBirth: Fact;
  species: Fact;
}

export interface Disagreement {
  field: string;
  shown: string;
  shownSource: FactSource;
  other: string;
  otherSource: FactSource;
}

/** `M` and `Male` are the same sex; dates compare by day. */
const comparable = (field: keyof SubjectFacts, value: string) => {
  const v = value.trim().toLowerCase();
  if (field === 'sex') return v.charAt(0);
  if (field === 'dateOfBirth') return v.slice(0, 10);
  return v;
};

export function fact(
  field: keyof SubjectFacts,
  docdb: string | null | undefined,
  sheet: string | null | undefined,
): Fact {
  const d = docdb?.trim() || null;
  const t = sheet?.trim() || null;
  if (d === null) return { value: t, source: t === null ? null : 'tracked', conflict: null };
  const conflict =
    t !== null && comparable(field, d) !== comparable(field, t)
      ? { value: t, source: 'tracked' as const }
      : null;
  return { value: field === 'dateOfBirth' ? d.slice(0, 10) : d, source: 'docdb', conflict };
}

export function disagreementsOf(facts: SubjectFacts): Disagreement[] {
  return (Object.entries(facts) as [keyof SubjectFacts, Fact][]).flatMap(([field, f]) =>
    f.conflict && f.value !== null && f.source !== null
      ? [
          {
            field,
            shown: f.value,
            shownSource: f.source,
            other: f.conflict.value,
            otherSource: f.conflict.source,
          },
        ]
      : [],
  );
}
