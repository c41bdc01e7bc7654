/**
 * Which source's value a subject fact shows: DocDB wins when it has a value (it is the curated
 * record), then labgraph's registry (registerSubject), then the training sheet; where a losing source
 * has a different value it is kept, so the API can say so rather than hide it. Pure: the values come
 * from src/services/subject.ts.
 */

type FactSource = 'docdb' | 'registry' | 'tracked';

export interface Fact {
  value: string | null;
  source: FactSource | null;
  /** The first losing source (in precedence order) with a different value, if any. */
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
  registry: string | null | undefined = null,
): Fact {
  const candidates = (
    [
      ['docdb', docdb],
      ['registry', registry],
      ['tracked', sheet],
    ] as const
  ).flatMap(([source, raw]) => {
    const value = raw?.trim() || null;
    return value === null ? [] : [{ source, value }];
  });
  const [shown, ...others] = candidates;
  if (!shown) return { value: null, source: null, conflict: null };
  const conflict = others.find((o) => comparable(field, o.value) !== comparable(field, shown.value)) ?? null;
  // DocDB's date of birth is a date-time; the day is the fact.
  const value = field === 'dateOfBirth' && shown.source === 'docdb' ? shown.value.slice(0, 10) : shown.value;
  return { value, source: shown.source, conflict };
}

/** A subject's sex as the API serves it, whichever source's spelling (`M`, `Male`, `female`, `U`…). */
export type SubjectSex = 'MALE' | 'FEMALE' | 'UNKNOWN';

/**
 * One vocabulary for sex: the sheets write `M`/`F`, DocDB `Male`/`Female`, the registry `M`/`F`/`U`;
 * by first letter, any case. Anything else, and no value at all, is UNKNOWN. The source's own spelling
 * stays in `disagreements`.
 */
export function subjectSex(value: string | null): SubjectSex {
  const first = comparable('sex', value ?? '');
  return first === 'm' ? 'MALE' : first === 'f' ? 'FEMALE' : 'UNKNOWN';
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
