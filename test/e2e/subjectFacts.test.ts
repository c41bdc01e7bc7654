/**
 * Subject facts (sex, genotype, date of birth, species) and `Subject.disagreements` end to end over
 * real HTTP: on the committed fixture lab every subject's facts equal what the lab model says (DocDB's
 * `Male` and the sheet's `M` agree and both are served as the enum `MALE`, so the only disagreement is the deliberate genotype one); then on
 * a temp copy of the DocDB fixture with doctored subject sections, each comparison rule in turn —
 * sex by its first letter, dates by day, case and surrounding blanks ignored, a blank DocDB value
 * giving way to the sheet, several disagreements on one subject in field order.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSubject } from '../../fixtures/generator/lab.ts';
import { DEFAULT_FIXTURES_DIR } from '../../src/config.ts';
import { createEmbeddedDocDb } from '../../src/sources/docdb/index.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';

interface Disagreement {
  field: string;
  shown: string;
  shownSource: 'DOCDB' | 'TRACKED';
  other: string;
  otherSource: 'DOCDB' | 'TRACKED';
}

interface SubjectFacts {
  id: string;
  sex: string | null;
  genotype: string | null;
  dateOfBirth: string | null;
  species: string | null;
  disagreements: Disagreement[];
}

const FACTS =
  'id sex genotype dateOfBirth species disagreements { field shown shownSource other otherSource }';
const DOCDB_FILE = path.join(DEFAULT_FIXTURES_DIR, 'docdb', 'data_assets.jsonl');
const lab = buildLab();
const labSubject = new Map(lab.subjects.map((s) => [s.id, s]));
const storedLines = (await readFile(DOCDB_FILE, 'utf8')).split('\n').filter((line) => line.trim() !== '');
type StoredRecord = { subject?: Record<string, unknown> | null };
const storedRecords = storedLines.map((line) => JSON.parse(line) as StoredRecord);
/** Subjects with a DocDB subject section (not every subject the lab model puts in DocDB has one). */
const inDocdb = new Set(storedRecords.flatMap((r) => (r.subject ? [String(r.subject.subject_id)] : [])));

async function subjectFacts(gw: RunningGateway, id: string): Promise<SubjectFacts> {
  const result = await gw.query<{ subject: SubjectFacts }>(
    `query($id: String!) { subject(id: $id) { ${FACTS} } }`,
    { id },
  );
  expect(result.errors).toBeUndefined();
  return result.data?.subject as SubjectFacts;
}

/** What the API should say of a fixture subject: DocDB's subject section wins, the sheet fills in. */
function expectedFacts(subject: LabSubject): SubjectFacts {
  const genotype = subject.docdbDisagrees?.genotype ?? subject.genotype;
  if (!inDocdb.has(subject.id)) {
    return {
      id: subject.id,
      sex: subject.sex === 'M' ? 'MALE' : 'FEMALE',
      genotype: subject.genotype,
      dateOfBirth: subject.dateOfBirth,
      species: null,
      disagreements: [],
    };
  }
  return {
    id: subject.id,
    sex: subject.sex === 'M' ? 'MALE' : 'FEMALE',
    genotype,
    dateOfBirth: subject.dateOfBirth,
    species: 'Mus musculus',
    disagreements:
      subject.inSheets && genotype !== subject.genotype
        ? [
            {
              field: 'genotype',
              shown: genotype,
              shownSource: 'DOCDB',
              other: subject.genotype,
              otherSource: 'TRACKED',
            },
          ]
        : [],
  };
}

describe('subject facts on the committed fixture lab', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('every subject: DocDB first, the sheet filling in, the one genotype disagreement and no other', async () => {
    const result = await gw.query<{ subjects: { edges: { node: SubjectFacts }[] } }>(
      `{ subjects(first: 100) { edges { node { ${FACTS} } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const served = (result.data?.subjects.edges ?? []).map((edge) => edge.node);
    const expected = served.map(({ id }) => {
      const subject = labSubject.get(id);
      expect(subject, `subject ${id} is in the lab model`).toBeDefined();
      return expectedFacts(subject as LabSubject);
    });
    expect(served).toEqual(expected);
    // The lab model has subjects on both sides with `Male`/`M` and `Female`/`F`: the sex rule is exercised.
    const bothSides = lab.subjects.filter((s) => inDocdb.has(s.id) && s.inSheets);
    expect(new Set(bothSides.map((s) => s.sex))).toEqual(new Set(['M', 'F']));
    expect(served.filter((s) => s.disagreements.length > 0).map((s) => s.id)).toEqual([
      EDGE.genotypeDisagreementSubject,
    ]);
  });
});

// ---- Doctored DocDB subject sections, one rule per subject ------------------------------------------

/** Subjects in both DocDB and the sheet, with no disagreement of their own, to doctor one by one. */
const plain = lab.subjects.filter((s) => inDocdb.has(s.id) && s.inSheets && !s.docdbDisagrees);
const pick = (sex: 'M' | 'F', nth: number): LabSubject => {
  const subject = plain.filter((s) => s.sex === sex)[nth];
  if (!subject) throw new Error(`the fixture lab has no ${nth + 1}th plain subject of sex ${sex}`);
  return subject;
};

interface DoctorCase {
  name: string;
  subject: LabSubject;
  /** Replaces these keys of every DocDB subject section of the subject. */
  section: Record<string, unknown>;
  expected: (subject: LabSubject) => Omit<SubjectFacts, 'id' | 'species'>;
}

const docdb = (shown: string, field: string, other: string): Disagreement => ({
  field,
  shown,
  shownSource: 'DOCDB',
  other,
  otherSource: 'TRACKED',
});

const DOCTOR_CASES: DoctorCase[] = [
  {
    name: 'a different sex disagrees',
    subject: pick('M', 0),
    section: { sex: 'Female' },
    expected: (s) => ({
      sex: 'FEMALE',
      genotype: s.genotype,
      dateOfBirth: s.dateOfBirth,
      disagreements: [docdb('Female', 'sex', 'M')],
    }),
  },
  {
    name: 'sex compares by first letter, any case, blanks trimmed',
    subject: pick('M', 1),
    section: { sex: '  mALE ' },
    expected: (s) => ({ sex: 'MALE', genotype: s.genotype, dateOfBirth: s.dateOfBirth, disagreements: [] }),
  },
  {
    name: 'the sheet `F` agrees with DocDB `female`; a blank DocDB genotype gives way to the sheet',
    subject: pick('F', 0),
    section: { sex: 'female', genotype: '   ' },
    expected: (s) => ({ sex: 'FEMALE', genotype: s.genotype, dateOfBirth: s.dateOfBirth, disagreements: [] }),
  },
  {
    name: 'a date of birth with a time compares by day and is shown as the day',
    subject: pick('F', 1),
    section: { date_of_birth: '2020-02-02T23:30:00-08:00' },
    expected: (s) => ({
      sex: 'FEMALE',
      genotype: s.genotype,
      dateOfBirth: '2020-02-02',
      disagreements: [docdb('2020-02-02', 'dateOfBirth', s.dateOfBirth)],
    }),
  },
  {
    name: 'the same day with a time of day agrees',
    subject: pick('M', 2),
    section: { date_of_birth: `${pick('M', 2).dateOfBirth}T09:15:00-07:00` },
    expected: (s) => ({ sex: 'MALE', genotype: s.genotype, dateOfBirth: s.dateOfBirth, disagreements: [] }),
  },
  {
    name: 'genotype compares ignoring case and surrounding blanks; DocDB’s spelling is shown',
    subject: pick('M', 3),
    section: { genotype: ` ${pick('M', 3).genotype.toUpperCase()}\t` },
    expected: (s) => ({
      sex: 'MALE',
      genotype: s.genotype.toUpperCase(),
      dateOfBirth: s.dateOfBirth,
      disagreements: [],
    }),
  },
  {
    name: 'a sex that is neither male nor female is UNKNOWN (a subject only DocDB describes)',
    subject: labSubject.get(EDGE.templetonDuplicateSubject) as LabSubject,
    section: { sex: 'Unknown' },
    expected: (s) => ({
      sex: 'UNKNOWN',
      genotype: s.genotype,
      dateOfBirth: s.dateOfBirth,
      disagreements: [],
    }),
  },
  {
    name: 'several disagreements on one subject, in field order',
    subject: pick('F', 2),
    section: { sex: 'Male', date_of_birth: '1999-12-31', genotype: 'Ai14/wt' },
    expected: (s) => ({
      sex: 'MALE',
      genotype: 'Ai14/wt',
      dateOfBirth: '1999-12-31',
      disagreements: [
        docdb('Ai14/wt', 'genotype', s.genotype),
        docdb('Male', 'sex', 'F'),
        docdb('1999-12-31', 'dateOfBirth', s.dateOfBirth),
      ],
    }),
  },
];

describe('subject facts on doctored DocDB subject sections', () => {
  let gw: RunningGateway;
  let dir: string;
  beforeAll(async () => {
    expect(new Set(DOCTOR_CASES.map((c) => c.subject.id)).size).toBe(DOCTOR_CASES.length);
    const patchOf = new Map(DOCTOR_CASES.map((c) => [c.subject.id, c.section]));
    const doctored = storedRecords.map((record) => {
      const patch = record.subject ? patchOf.get(String(record.subject.subject_id)) : undefined;
      return JSON.stringify(patch ? { ...record, subject: { ...record.subject, ...patch } } : record);
    });
    dir = await mkdtemp(path.join(tmpdir(), 'labgraph-subject-facts-'));
    const file = path.join(dir, 'data_assets.jsonl');
    await writeFile(file, `${doctored.join('\n')}\n`);
    gw = await startGateway(EMBEDDED_ENV, {
      sources: { docdb: await createEmbeddedDocDb({ files: [file] }) },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(DOCTOR_CASES)('$name', async ({ subject, expected }) => {
    expect(await subjectFacts(gw, subject.id)).toEqual({
      id: subject.id,
      species: 'Mus musculus',
      ...expected(subject),
    });
  });

  it('a subject left alone keeps its facts (the deliberate genotype disagreement)', async () => {
    const subject = labSubject.get(EDGE.genotypeDisagreementSubject) as LabSubject;
    expect(await subjectFacts(gw, subject.id)).toEqual(expectedFacts(subject));
  });
});
