/**
 * Subjects and sessions. A session is unique on (subject, date, number) by constraint; `upsertSession`
 * is one `INSERT … ON CONFLICT DO UPDATE` that also says whether it inserted (`xmax = 0`).
 */
import { type Kysely, sql } from 'kysely';
import type { RegistryTables } from './tables.ts';
import type { SessionInput, SessionRecord, SubjectInput, SubjectRecord } from './types.ts';

type Db = Kysely<RegistryTables>;

/** A JSON array of one link column for the row in scope, sorted (empty array when none). */
function linked(table: string, column: string, owner: string, ownerColumn: string) {
  return sql<string[]>`coalesce((select jsonb_agg(l.${sql.ref(column)} order by l.${sql.ref(column)})
    from ${sql.table(table)} l where l.${sql.ref(ownerColumn)} = ${sql.ref(owner)}), '[]'::jsonb)`;
}

const SUBJECT_COLUMNS = [
  'mid',
  'lab',
  'responsible_user as responsibleUser',
  'sex',
  'species',
  'birth_date as birthDate',
  'death_date as deathDate',
  'strain',
  'genotype',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

const SESSION_COLUMNS = [
  'id',
  'subject_mid as subjectMid',
  'date',
  'number',
  'lab',
  'start_time as startTime',
  'end_time as endTime',
  'type',
  'task_protocol as taskProtocol',
  'location',
  'n_trials as nTrials',
  'n_correct_trials as nCorrectTrials',
  'json',
  'updated_at as updatedAt',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

/** Session link tables, what they hold, and the input field that sets them. */
const SESSION_LINKS = [
  { table: 'session_users', column: 'username', field: 'users' },
  { table: 'session_projects', column: 'project', field: 'projects' },
  { table: 'session_procedures', column: 'procedure', field: 'procedures' },
] as const;

export function subjectSessionQueries(db: Db) {
  const subjects = async (mids?: readonly string[]): Promise<SubjectRecord[]> => {
    if (mids?.length === 0) return [];
    let query = db
      .selectFrom('subjects')
      .select(SUBJECT_COLUMNS)
      .select(linked('subject_projects', 'project', 'subjects.mid', 'subject_mid').as('projects'));
    if (mids) query = query.where('mid', 'in', [...mids]);
    return query.orderBy('mid').execute();
  };

  const sessions = async (
    filter: { subjectMids?: readonly string[]; ids?: readonly number[] } = {},
  ): Promise<SessionRecord[]> => {
    if (filter.subjectMids?.length === 0 || filter.ids?.length === 0) return [];
    let query = db
      .selectFrom('sessions')
      .select(SESSION_COLUMNS)
      .select(
        SESSION_LINKS.map(({ table, column, field }) =>
          linked(table, column, 'sessions.id', 'session_id').as(field),
        ),
      );
    if (filter.subjectMids) query = query.where('subject_mid', 'in', [...filter.subjectMids]);
    if (filter.ids) query = query.where('id', 'in', [...filter.ids]);
    return query.orderBy('subject_mid').orderBy('date').orderBy('number').execute();
  };

  return {
    subjects,
    sessions,

    async sessionByKey(subjectMid: string, date: string, number: number): Promise<SessionRecord | null> {
      const row = await db
        .selectFrom('sessions')
        .select('id')
        .where('subject_mid', '=', subjectMid)
        .where('date', '=', date)
        .where('number', '=', number)
        .executeTakeFirst();
      return row ? ((await sessions({ ids: [row.id] }))[0] ?? null) : null;
    },

    async insertSubject(input: SubjectInput, createdBy: string): Promise<SubjectRecord | null> {
      const inserted = await db
        .insertInto('subjects')
        .values({
          mid: input.mid,
          lab: input.lab,
          responsible_user: input.responsibleUser,
          sex: input.sex,
          species: input.species,
          birth_date: input.birthDate,
          death_date: input.deathDate,
          strain: input.strain,
          genotype: input.genotype,
          created_by: createdBy,
        })
        .onConflict((conflict) => conflict.column('mid').doNothing())
        .returning('mid')
        .executeTakeFirst();
      if (!inserted) return null;
      const projects = [...new Set(input.projects)];
      if (projects.length > 0) {
        await db
          .insertInto('subject_projects')
          .values(projects.map((project) => ({ subject_mid: input.mid, project })))
          .execute();
      }
      return (await subjects([input.mid]))[0] ?? null;
    },

    async lock(scope: string): Promise<void> {
      await sql`select pg_advisory_xact_lock(hashtextextended(${scope}, 0))`.execute(db);
    },

    async nextSessionNumber(subjectMid: string, date: string): Promise<number> {
      const row = await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.max('number').as('highest'))
        .where('subject_mid', '=', subjectMid)
        .where('date', '=', date)
        .executeTakeFirst();
      return (row?.highest ?? 0) + 1;
    },

    async upsertSession(
      input: SessionInput,
      createdBy: string,
    ): Promise<{ session: SessionRecord; created: boolean }> {
      const values = {
        subject_mid: input.subjectMid,
        date: input.date,
        number: input.number,
        lab: input.lab,
        start_time: input.startTime,
        end_time: input.endTime,
        type: input.type,
        task_protocol: input.taskProtocol,
        location: input.location,
        n_trials: input.nTrials,
        n_correct_trials: input.nCorrectTrials,
        json: input.json === null ? null : JSON.stringify(input.json),
        updated_at: new Date(),
        created_by: createdBy,
      };
      const { id, created } = await db
        .insertInto('sessions')
        .values(values)
        .onConflict((conflict) =>
          conflict.columns(['subject_mid', 'date', 'number']).doUpdateSet((eb) => ({
            lab: eb.ref('excluded.lab'),
            start_time: eb.ref('excluded.start_time'),
            end_time: eb.ref('excluded.end_time'),
            type: eb.ref('excluded.type'),
            task_protocol: eb.ref('excluded.task_protocol'),
            location: eb.ref('excluded.location'),
            n_trials: eb.ref('excluded.n_trials'),
            n_correct_trials: eb.ref('excluded.n_correct_trials'),
            json: eb.ref('excluded.json'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        // Postgres sets xmax only on the updated version of a row: 0 means this statement inserted it.
        .returning(['id', sql<boolean>`xmax = 0`.as('created')])
        .executeTakeFirstOrThrow();
      for (const { table, column, field } of SESSION_LINKS) {
        await sql`delete from ${sql.table(table)} where session_id = ${id}`.execute(db);
        const names = [...new Set(input[field])];
        if (names.length === 0) continue;
        await sql`insert into ${sql.table(table)} (session_id, ${sql.ref(column)})
          select ${id}, unnest(${names}::text[])`.execute(db);
      }
      const session = (await sessions({ ids: [id] }))[0];
      if (!session) throw new Error(`registry session ${id} vanished inside its own transaction`);
      return { session, created };
    },
  };
}
