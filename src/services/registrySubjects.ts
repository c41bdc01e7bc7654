/**
 * registerSubject and the reference-data upserts (admin). A subject is registered once (its MID is
 * the key, by constraint); its lab, responsible user and projects must exist.
 */
import {
  deathBeforeBirthProblem,
  midProblem,
  referenceNameProblem,
  unknownNamesProblem,
  userError,
} from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { NamedKind, RegistryWriter, Sex } from '../sources/registry/index.ts';
import { type MutationOutcome, problems, type RegistryServiceDeps, runMutation } from './registryWrites.ts';

export interface RegisterSubjectInput {
  mid: string;
  lab: string;
  responsibleUser?: string | null;
  sex: Sex;
  species?: string | null;
  dateOfBirth?: string | null;
  deathDate?: string | null;
  strain?: string | null;
  genotype?: string | null;
  projects?: string[] | null;
  idempotencyKey?: string | null;
}

export async function registerSubject(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: RegisterSubjectInput,
): Promise<MutationOutcome<{ mid: string }>> {
  const early = problems(
    midProblem(input.mid, 'mid'),
    deathBeforeBirthProblem(input.dateOfBirth ?? null, input.deathDate ?? null),
  );
  if (early.length > 0) return { userErrors: early };
  const responsibleUser = input.responsibleUser ?? caller.user;
  return runMutation<RegisterSubjectInput, { mid: string }>(
    deps,
    // A new subject joins the subject lists: every response holding a subject is dropped.
    { operation: 'registerSubject', caller, input, touches: () => [{ typename: 'Subject' }] },
    async (tx) => {
      const refused = problems(
        (await tx.missing('labs', [input.lab])).length > 0
          ? userError('LAB_NOT_FOUND', 'lab', `unknown lab '${input.lab}'`)
          : null,
        unknownNamesProblem(
          'USER_NOT_FOUND',
          'responsibleUser',
          'users',
          await tx.missing('users', [responsibleUser]),
        ),
        unknownNamesProblem(
          'UNKNOWN_PROJECT',
          'projects',
          'projects',
          await tx.missing('projects', input.projects ?? []),
        ),
      );
      if (refused.length > 0) return { rollback: refused };
      const subject = await tx.insertSubject(
        {
          mid: input.mid,
          lab: input.lab,
          responsibleUser,
          sex: input.sex,
          species: (input.species ?? 'mouse').toLowerCase(),
          birthDate: input.dateOfBirth ?? null,
          deathDate: input.deathDate ?? null,
          strain: input.strain ?? null,
          genotype: input.genotype ?? null,
          projects: input.projects ?? [],
        },
        caller.user,
      );
      if (!subject) {
        return {
          rollback: [
            userError('SUBJECT_ALREADY_REGISTERED', 'mid', `the registry already holds subject ${input.mid}`),
          ],
        };
      }
      return { commit: { mid: subject.mid } };
    },
  );
}

/** The reference tables an admin upserts, with the name of each input's key field. */
export type ReferenceUpsert =
  | {
      kind: 'users';
      input: { username: string; email?: string | null; firstName?: string | null; lastName?: string | null };
    }
  | { kind: 'labs'; input: { name: string; institution?: string | null; timezone?: string | null } }
  | { kind: NamedKind; input: { name: string; description?: string | null } }
  | { kind: 'data_repositories'; input: { name: string; dataUrl?: string | null } };

const OPERATION: Record<ReferenceUpsert['kind'], string> = {
  users: 'upsertUser',
  labs: 'upsertLab',
  projects: 'upsertProject',
  procedures: 'upsertProcedure',
  water_types: 'upsertWaterType',
  data_repositories: 'upsertDataRepository',
};

async function applyUpsert(tx: RegistryWriter, upsert: ReferenceUpsert, by: string): Promise<string> {
  switch (upsert.kind) {
    case 'users': {
      const { username, email = null, firstName = null, lastName = null } = upsert.input;
      return (await tx.upsertUser({ username, email, firstName, lastName }, by)).username;
    }
    case 'labs': {
      const { name, institution = null, timezone = null } = upsert.input;
      return (await tx.upsertLab({ name, institution, timezone }, by)).name;
    }
    case 'data_repositories':
      return (
        await tx.upsertDataRepository({ name: upsert.input.name, dataUrl: upsert.input.dataUrl ?? null }, by)
      ).name;
    default:
      return (
        await tx.upsertNamed(
          upsert.kind,
          { name: upsert.input.name, description: upsert.input.description ?? null },
          by,
        )
      ).name;
  }
}

export async function upsertReference(
  deps: RegistryServiceDeps,
  caller: Caller,
  upsert: ReferenceUpsert & { idempotencyKey?: string | null },
): Promise<MutationOutcome<{ name: string }>> {
  const invalid =
    upsert.kind === 'users'
      ? referenceNameProblem(upsert.input.username, 'username')
      : referenceNameProblem(upsert.input.name, 'name');
  if (invalid) return { userErrors: [invalid] };
  const input = { ...upsert.input, idempotencyKey: upsert.idempotencyKey };
  return runMutation<typeof input, { name: string }>(
    deps,
    { operation: OPERATION[upsert.kind], caller, input },
    async (tx) => ({
      commit: { name: await applyUpsert(tx, upsert, caller.user) },
    }),
  );
}
