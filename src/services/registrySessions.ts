/**
 * registerSession, as ONE's RegistrationClient.register_session and §6 of the reference propose:
 * an upsert on (subject, date, number); with no number, the next one (max + 1, from 1) is
 * allocated inside the transaction under a per-subject-and-day lock — which is why that path needs
 * an idempotencyKey. The start time defaults to the session date's midnight (lab time zone).
 */
import { parseLabDateTime } from '../domain/labTime.ts';
import {
  LAST_SESSION_NUMBER,
  midProblem,
  registeredSessionId,
  sessionNumberProblem,
  sessionTimeProblems,
  type UserError,
  unknownNamesProblem,
  userError,
} from '../domain/registryRules.ts';
import type { Caller } from '../sources/identity/index.ts';
import type { JsonValue } from '../sources/registry/index.ts';
import { type MutationOutcome, problems, type RegistryServiceDeps, runMutation } from './registryWrites.ts';

export interface RegisterSessionInput {
  subject: string;
  /** `YYYY-MM-DD`, the session date in the lab's time zone. */
  date: string;
  number?: number | null;
  startTime?: string | null;
  endTime?: string | null;
  lab?: string | null;
  users?: string[] | null;
  projects?: string[] | null;
  procedures?: string[] | null;
  type?: string | null;
  taskProtocol?: string | null;
  location?: string | null;
  nTrials?: number | null;
  nCorrectTrials?: number | null;
  json?: JsonValue | null;
  idempotencyKey?: string | null;
}

/** What the idempotency record keeps: enough to find the session again. */
export interface RegisteredSession {
  [key: string]: JsonValue;
  sessionId: number;
  subject: string;
  date: string;
  number: number;
  lab: string;
  created: boolean;
}

/** A date-time input read in the lab zone, or the error that names the field. */
export function readDateTime(text: string, field: string, zone: string): Date | UserError {
  const parsed = parseLabDateTime(text, zone);
  return 'instant' in parsed
    ? parsed.instant
    : userError(
        'INVALID_DATETIME',
        field,
        `${parsed.problem}; give ISO 8601, naive times are read in ${zone}`,
      );
}

function countProblem(value: number | null | undefined, field: string): UserError | null {
  return value === null || value === undefined || (Number.isInteger(value) && value >= 0)
    ? null
    : userError('INVALID_VALUE', field, `${field} must be a whole number ≥ 0`);
}

export async function registerSession(
  deps: RegistryServiceDeps,
  caller: Caller,
  input: RegisterSessionInput,
): Promise<MutationOutcome<RegisteredSession>> {
  const { zone } = deps;
  const startTime = readDateTime(input.startTime ?? input.date, 'startTime', zone);
  const endTime = input.endTime ? readDateTime(input.endTime, 'endTime', zone) : null;
  const numberGiven = input.number !== null && input.number !== undefined;
  const early = problems(
    midProblem(input.subject, 'subject'),
    numberGiven ? sessionNumberProblem(input.number as number) : null,
    !numberGiven && !input.idempotencyKey
      ? userError(
          'IDEMPOTENCY_KEY_REQUIRED',
          'idempotencyKey',
          'without a number the next free one is allocated, which a retry would repeat: send an idempotencyKey (or a number)',
        )
      : null,
    countProblem(input.nTrials, 'nTrials'),
    countProblem(input.nCorrectTrials, 'nCorrectTrials'),
  );
  if (!(startTime instanceof Date)) return { userErrors: [...early, startTime] };
  if (endTime !== null && !(endTime instanceof Date)) return { userErrors: [...early, endTime] };
  early.push(...sessionTimeProblems({ date: input.date, startTime, endTime }, zone));
  if (early.length > 0) return { userErrors: early };

  return runMutation<RegisterSessionInput, RegisteredSession>(
    deps,
    {
      operation: 'registerSession',
      caller,
      input,
      // A new session joins the session lists; an updated one changes only itself and its subject.
      touches: (session) => [
        session.created
          ? { typename: 'Session' }
          : { typename: 'Session', id: registeredSessionId(session.subject, session.date, session.number) },
        { typename: 'Subject', id: session.subject },
      ],
    },
    async (tx) => {
      const [subject] = await tx.subjects([input.subject]);
      if (!subject) {
        return {
          rollback: [
            userError(
              'SUBJECT_NOT_FOUND',
              'subject',
              `the registry holds no subject ${input.subject}; register it with registerSubject`,
            ),
          ],
        };
      }
      const users = input.users ?? [caller.user];
      const refused = problems(
        input.lab && input.lab !== subject.lab
          ? userError(
              'LAB_MISMATCH',
              'lab',
              `lab '${input.lab}' does not match the subject's lab ('${subject.lab}')`,
            )
          : null,
        users.length === 0 ? userError('INVALID_VALUE', 'users', 'a session needs at least one user') : null,
        unknownNamesProblem('USER_NOT_FOUND', 'users', 'users', await tx.missing('users', users)),
        unknownNamesProblem(
          'UNKNOWN_PROJECT',
          'projects',
          'projects',
          await tx.missing('projects', input.projects ?? []),
        ),
        unknownNamesProblem(
          'UNKNOWN_PROCEDURE',
          'procedures',
          'procedures',
          await tx.missing('procedures', input.procedures ?? []),
        ),
      );
      if (refused.length > 0) return { rollback: refused };

      let number = input.number ?? null;
      if (number === null) {
        await tx.lock(`session-number/${subject.mid}/${input.date}`);
        number = await tx.nextSessionNumber(subject.mid, input.date);
        if (number > LAST_SESSION_NUMBER) {
          return {
            rollback: [
              userError(
                'SESSION_NUMBERS_EXHAUSTED',
                'number',
                `${subject.mid} already has session 999 on ${input.date}`,
              ),
            ],
          };
        }
      }
      const { session, created } = await tx.upsertSession(
        {
          subjectMid: subject.mid,
          date: input.date,
          number,
          lab: subject.lab,
          startTime,
          endTime,
          type: input.type ?? 'Experiment',
          taskProtocol: input.taskProtocol ?? null,
          location: input.location ?? null,
          nTrials: input.nTrials ?? null,
          nCorrectTrials: input.nCorrectTrials ?? null,
          json: input.json ?? null,
          users,
          projects: input.projects ?? [],
          procedures: input.procedures ?? [],
        },
        caller.user,
      );
      return {
        commit: {
          sessionId: session.id,
          subject: session.subjectMid,
          date: session.date,
          number: session.number,
          lab: session.lab,
          created,
        },
      };
    },
  );
}
