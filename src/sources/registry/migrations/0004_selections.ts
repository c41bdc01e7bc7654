/**
 * Stored selections (issue 12): one row per selection and one per query, holding everything needed
 * to reproduce it without today's data — the algorithm's name, the seed, each query's canonical
 * filter (as text, so its bytes and SHA-256 never change) and its full candidate snapshot, and the
 * picks. Rows are immutable except `comment`: triggers refuse any other change and any delete, so
 * no code path can rewrite history (slapp's experiment_selection row, made tamper-proof).
 */
import { type Kysely, sql } from 'kysely';

const SHA256_HEX = sql`~ '^[0-9a-f]{64}$'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('selections')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('gateway_version', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('seed', 'bigint', (c) => c.notNull().check(sql`seed between 0 and 4294967295`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('SESSION', 'SUBJECT')`))
    .addColumn('dedupe', 'boolean', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('selected_ids', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('selections_created_at').on('selections').column('created_at').execute();

  await db.schema
    .createTable('selection_queries')
    .addColumn('selection_id', 'integer', (c) => c.notNull().references('selections.id'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 0`))
    .addColumn('label', 'text')
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('filter_sha256', 'text', (c) => c.notNull().check(sql`filter_sha256 ${SHA256_HEX}`))
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
    .addColumn('candidate_ids', 'jsonb', (c) => c.notNull())
    .addColumn('selected_ids', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('selection_queries_pk', ['selection_id', 'position'])
    .execute();

  await sql`create function selections_immutable() returns trigger language plpgsql as $$
    declare probe selections;
    begin
      if tg_op = 'DELETE' then raise exception 'stored selections cannot be deleted'; end if;
      probe := new;
      probe.comment := old.comment;
      if probe is distinct from old then
        raise exception 'stored selections are immutable except their comment';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger selections_immutable before update or delete on selections
    for each row execute function selections_immutable()`.execute(db);
  await sql`create function selection_queries_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'the queries of a stored selection are immutable';
    end $$`.execute(db);
  await sql`create trigger selection_queries_immutable before update or delete on selection_queries
    for each row execute function selection_queries_immutable()`.execute(db);
}
