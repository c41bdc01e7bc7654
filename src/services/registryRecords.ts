/**
 * recordWaterAdministration and recordWeight (ONE's register_water_administration and
 * register_weight, stricter): values > 0 rounded to 4 significant figures and echoed back rounded;
 * the subject, user, water type and session must exist; nothing after the subject's death date; a
 * weight above the species' plausible maximum is refused. Without an idempotencyKey, an identical
 * record (subject, time, value, user) written in the last 60 s is refused as DUPLICATE_RECORD —
 * checked under a per-subject lock, so two identical concurrent calls cannot both pass.
 */

import {
  afterDeathProblem,
  DUPLICATE_WINDOW_SECONDS,
  midProblem,
  roundSignificant,
  type UserError,
  unknownNamesProblem,
  userError,
  volumeProblem,
  weightProblem,
} from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { JsonValue, RegistryWriter, SubjectRecord } from '../sources/registry/index.ts';
import { registrySessionOf } from './registrySessionRef.ts';
import { readDateTime } from './registrySessions.ts';
import { type MutationOutcome, problems, type RegistryServiceDeps, runMutation } from './registryWrites.ts';

export interface RecordWeightInput {
  subject: string;
  weightG: number;
  dateTime?: string | null;
  user?: string | null;
  idempotencyKey?: string | null;
}

export interface RecordWaterInput {
  subject: string;
  volumeMl?: number | null;
  adlib?: boolean | null;
  dateTime?: string | null;
  waterType?: string | null;
  user?: string | null;
  /** Any session reference; it must name a registry session of the same subject. */
  session?: string | null;
  idempotencyKey?: string | null;
}

/** The idempotency record keeps the new row's id. */
export interface RecordedRow {
  [key: string]: JsonValue;
  id: number;
}

type Checked = { subject: SubjectRecord } | { rollback: UserError[] };

/** Subject and user exist; nothing after death. */
async function checkSubjectAndUser(
  tx: RegistryWriter,
  mid: string,
  user: string,
  at: Date,
  zone: string,
): Promise<Checked> {
  const [subject] = await tx.subjects([mid]);
  if (!subject) {
    return { rollback: [userError('SUBJECT_NOT_FOUND', 'subject', `the registry holds no subject ${mid}`)] };
  }
  const refused = problems(
    unknownNamesProblem('USER_NOT_FOUND', 'user', 'users', await tx.missing('users', [user])),
    afterDeathProblem(at, subject.deathDate, zone, 'dateTime'),
  );
  return refused.length > 0 ? { rollback: refused } : { subject };
}

function duplicateError(kind: string): UserError {
  return userError(
    'DUPLICATE_RECORD',
    null,
    `an identical ${kind} (subject, time, value, user) was recorded less than ${DUPLICATE_WINDOW_SECONDS} s ago; send an idempotencyKey to retry safely`,
  );
}

/** When a record was taken: its `dateTime` read in the lab's zone, else now. */
function recordTime(deps: RegistryServiceDeps, dateTime: string | null | undefined): Date | UserError {
  return dateTime ? readDateTime(dateTime, 'dateTime', deps.zone) : (deps.now?.() ?? new Date());
}

export async function recordWeight(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: RecordWeightInput,
): Promise<MutationOutcome<RecordedRow>> {
  const at = recordTime(deps, input.dateTime);
  const weightG = roundSignificant(input.weightG);
  const early = problems(
    midProblem(input.subject, 'subject'),
    at instanceof Date ? null : at,
    // ≤ 0 now; the species limit once the subject is read.
    weightProblem(input.weightG, '', {}),
  );
  if (early.length > 0 || !(at instanceof Date)) return { userErrors: early };
  const user = input.user ?? caller.user;

  return runMutation<RecordWeightInput, RecordedRow>(
    deps,
    { operation: 'recordWeight', caller, input, touches: () => [{ typename: 'Subject', id: input.subject }] },
    async (tx) => {
      const checked = await checkSubjectAndUser(tx, input.subject, user, at, deps.zone);
      if ('rollback' in checked) return checked;
      const implausible = weightProblem(weightG, checked.subject.species, deps.maxWeightG);
      if (implausible) return { rollback: [implausible] };
      if (!input.idempotencyKey) {
        await tx.lock(`records/${input.subject}`);
        const record = { subjectMid: input.subject, dateTime: at, value: weightG, username: user };
        if ((await tx.recentDuplicates('weighings', record, DUPLICATE_WINDOW_SECONDS)).length > 0) {
          return { rollback: [duplicateError('weighing')] };
        }
      }
      const row = await tx.insertWeighing(
        { subjectMid: input.subject, dateTime: at, weightG, username: user },
        caller.user,
      );
      return { commit: { id: row.id } };
    },
  );
}

/** The registry session a reference names, checked against the record's subject. */
async function sessionOfRecord(
  tx: RegistryWriter,
  reference: string,
  mid: string,
): Promise<{ sessionId: number } | { rollback: UserError[] }> {
  const session = await registrySessionOf(tx, reference, 'session');
  if (!('id' in session)) return { rollback: [session] };
  if (session.subjectMid !== mid) {
    return {
      rollback: [
        userError(
          'SESSION_SUBJECT_MISMATCH',
          'session',
          `that session belongs to subject ${session.subjectMid}, not ${mid}`,
        ),
      ],
    };
  }
  return { sessionId: session.id };
}

export async function recordWaterAdministration(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: RecordWaterInput,
): Promise<MutationOutcome<RecordedRow>> {
  const at = recordTime(deps, input.dateTime);
  const adlib = input.adlib ?? false;
  const volumeMl =
    input.volumeMl === null || input.volumeMl === undefined ? null : roundSignificant(input.volumeMl);
  const early = problems(
    midProblem(input.subject, 'subject'),
    at instanceof Date ? null : at,
    volumeProblem(input.volumeMl ?? null, adlib),
  );
  if (early.length > 0 || !(at instanceof Date)) return { userErrors: early };
  const user = input.user ?? caller.user;
  const waterType = input.waterType ?? 'Water';

  return runMutation<RecordWaterInput, RecordedRow>(
    deps,
    {
      operation: 'recordWaterAdministration',
      caller,
      input,
      touches: () => [{ typename: 'Subject', id: input.subject }],
    },
    async (tx) => {
      const checked = await checkSubjectAndUser(tx, input.subject, user, at, deps.zone);
      if ('rollback' in checked) return checked;
      const unknownType = await tx.missing('water_types', [waterType]);
      if (unknownType.length > 0) {
        return {
          rollback: [userError('WATER_TYPE_NOT_FOUND', 'waterType', `unknown water type '${waterType}'`)],
        };
      }
      const session = input.session
        ? await sessionOfRecord(tx, input.session, input.subject)
        : { sessionId: null };
      if ('rollback' in session) return session;
      if (!input.idempotencyKey) {
        await tx.lock(`records/${input.subject}`);
        const record = { subjectMid: input.subject, dateTime: at, value: volumeMl, username: user };
        if (
          (await tx.recentDuplicates('water_administrations', record, DUPLICATE_WINDOW_SECONDS)).length > 0
        ) {
          return { rollback: [duplicateError('water administration')] };
        }
      }
      const row = await tx.insertWaterAdministration(
        {
          subjectMid: input.subject,
          dateTime: at,
          volumeMl,
          waterType,
          adlib,
          sessionId: session.sessionId,
          username: user,
        },
        caller.user,
      );
      return { commit: { id: row.id } };
    },
  );
}
