/**
 * Manifests exported from stored selections (issue 12). The id is a content hash, so the same content
 * is one row (inserted once, ON CONFLICT DO NOTHING); `entries` and `problems` are canonical JSON kept
 * as text, so the served bytes never change. Rows are immutable: a trigger refuses updates and deletes.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifests')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^mf-[0-9a-f]{24}$'`))
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('selection_id', 'integer', (c) => c.notNull().references('selections.id'))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('JSONL', 'SEGMENTATION_V1')`))
    .addColumn('bin_size', 'integer', (c) => c.notNull().check(sql`bin_size > 0`))
    .addColumn('dataset', 'text')
    .addColumn('entries', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('gateway_version', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manifests_selection').on('manifests').column('selection_id').execute();
  await sql`create function manifests_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'stored manifests are immutable';
    end $$`.execute(db);
  await sql`create trigger manifests_immutable before update or delete on manifests
    for each row execute function manifests_immutable()`.execute(db);
}
