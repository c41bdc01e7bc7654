/**
 * The first registry schema: reference data (users, labs, projects, procedures, water types, data
 * repositories), subjects, sessions with their users/projects/procedures, weighings, water
 * administrations and idempotency records. Every uniqueness rule the mutations rely on is a
 * constraint here, never a read-then-write in code. Migrations are append-only: change the schema
 * with a new file, never by editing this one.
 */
import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

/** Reference tables keyed by a unique name (Alyx: water type, project, procedure names are unique). */
const NAMED_REFERENCE_TABLES = ['projects', 'procedures', 'water_types'] as const;

/** Who wrote a row and when: every table a caller writes has these. */
const audited = <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) =>
  table
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull());

export async function up(db: Kysely<unknown>): Promise<void> {
  await audited(
    db.schema
      .createTable('users')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text')
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text'),
  ).execute();

  await audited(
    db.schema
      .createTable('labs')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('institution', 'text')
      .addColumn('timezone', 'text'),
  ).execute();

  for (const name of NAMED_REFERENCE_TABLES) {
    await audited(
      db.schema
        .createTable(name)
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text'),
    ).execute();
  }

  await audited(
    db.schema
      .createTable('data_repositories')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('data_url', 'text'),
  ).execute();

  await audited(
    db.schema
      .createTable('subjects')
      .addColumn('mid', 'text', (c) => c.primaryKey().check(sql`mid ~ '^[0-9]{6,7}$'`))
      .addColumn('lab', 'text', (c) => c.notNull().references('labs.name'))
      .addColumn('responsible_user', 'text', (c) => c.notNull().references('users.username'))
      .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('M', 'F', 'U')`))
      .addColumn('species', 'text', (c) => c.notNull().defaultTo('mouse'))
      .addColumn('birth_date', 'date')
      .addColumn('death_date', 'date')
      .addColumn('strain', 'text')
      .addColumn('genotype', 'text')
      .addCheckConstraint(
        'subjects_death_after_birth',
        sql`death_date is null or birth_date is null or death_date >= birth_date`,
      ),
  ).execute();

  await db.schema
    .createTable('subject_projects')
    .addColumn('subject_mid', 'text', (c) => c.notNull().references('subjects.mid').onDelete('cascade'))
    .addColumn('project', 'text', (c) => c.notNull().references('projects.name'))
    .addPrimaryKeyConstraint('subject_projects_pk', ['subject_mid', 'project'])
    .execute();

  await audited(
    db.schema
      .createTable('sessions')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('subject_mid', 'text', (c) => c.notNull().references('subjects.mid'))
      .addColumn('date', 'date', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull().check(sql`number between 1 and 999`))
      .addColumn('lab', 'text', (c) => c.notNull().references('labs.name'))
      .addColumn('start_time', 'timestamptz', (c) => c.notNull())
      .addColumn('end_time', 'timestamptz')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('task_protocol', 'text')
      .addColumn('location', 'text')
      .addColumn('n_trials', 'integer', (c) => c.check(sql`n_trials >= 0`))
      .addColumn('n_correct_trials', 'integer', (c) => c.check(sql`n_correct_trials >= 0`))
      .addColumn('json', 'jsonb')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // ONE's register_session upserts on (subject, date, number); Alyx has no such constraint, we do.
      .addUniqueConstraint('sessions_subject_date_number', ['subject_mid', 'date', 'number'])
      .addCheckConstraint('sessions_end_after_start', sql`end_time is null or end_time > start_time`),
  ).execute();

  const sessionLinks = [
    ['session_users', 'username', 'users.username'],
    ['session_projects', 'project', 'projects.name'],
    ['session_procedures', 'procedure', 'procedures.name'],
  ] as const;
  for (const [table, column, target] of sessionLinks) {
    await db.schema
      .createTable(table)
      .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn(column, 'text', (c) => c.notNull().references(target))
      .addPrimaryKeyConstraint(`${table}_pk`, ['session_id', column])
      .execute();
  }

  await audited(
    db.schema
      .createTable('weighings')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('subject_mid', 'text', (c) => c.notNull().references('subjects.mid'))
      .addColumn('date_time', 'timestamptz', (c) => c.notNull())
      .addColumn('weight_g', 'double precision', (c) => c.notNull().check(sql`weight_g > 0`))
      .addColumn('username', 'text', (c) => c.notNull().references('users.username')),
  ).execute();
  await db.schema
    .createIndex('weighings_subject_time')
    .on('weighings')
    .columns(['subject_mid', 'date_time'])
    .execute();

  await audited(
    db.schema
      .createTable('water_administrations')
      .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('subject_mid', 'text', (c) => c.notNull().references('subjects.mid'))
      .addColumn('date_time', 'timestamptz', (c) => c.notNull())
      .addColumn('volume_ml', 'double precision')
      .addColumn('water_type', 'text', (c) => c.notNull().references('water_types.name'))
      .addColumn('adlib', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
      .addColumn('username', 'text', (c) => c.notNull().references('users.username'))
      // Alyx allows a null volume; we allow it only for ad-lib water, and never ≤ 0.
      .addCheckConstraint(
        'water_volume_positive_or_adlib',
        sql`(volume_ml is not null and volume_ml > 0) or (volume_ml is null and adlib)`,
      ),
  ).execute();
  await db.schema
    .createIndex('water_administrations_subject_time')
    .on('water_administrations')
    .columns(['subject_mid', 'date_time'])
    .execute();

  await db.schema
    .createTable('idempotency_records')
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('input_sha256', 'text', (c) => c.notNull().check(sql`input_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('result', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_records_pk', ['caller', 'key'])
    .execute();
}
