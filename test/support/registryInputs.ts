/**
 * Registry write inputs for the registry tests: a subject and a session of the fixture lab's lab,
 * with every optional field empty; override what a case needs.
 */
import type { SessionInput, SubjectInput } from '../../src/sources/registry/index.ts';

export const subjectInput = (overrides: Partial<SubjectInput> & Pick<SubjectInput, 'mid'>): SubjectInput => ({
  lab: 'dynamic-routing',
  responsibleUser: 'alice',
  sex: 'M',
  species: 'mouse',
  birthDate: null,
  deathDate: null,
  strain: null,
  genotype: null,
  projects: [],
  ...overrides,
});

export const sessionInput = (
  overrides: Partial<SessionInput> & Pick<SessionInput, 'subjectMid' | 'date' | 'number'>,
): SessionInput => ({
  lab: 'dynamic-routing',
  startTime: new Date('2023-12-13T21:43:40Z'),
  endTime: null,
  type: 'Experiment',
  taskProtocol: null,
  location: null,
  nTrials: null,
  nCorrectTrials: null,
  json: null,
  users: ['alice'],
  projects: [],
  procedures: [],
  ...overrides,
});
