/**
 * Reference data: users, labs, projects, procedures, water types and data repositories. Each is keyed
 * by its name; an upsert is one `INSERT … ON CONFLICT (name) DO UPDATE`, keeping who created it first.
 */
import { type Kysely, sql } from 'kysely';
import type { RegistryTables } from './tables.ts';
import type {
  DataRepositoryInput,
  DataRepositoryRecord,
  LabInput,
  LabRecord,
  NamedInput,
  NamedKind,
  NamedRecord,
  ReferenceKind,
  UserInput,
  UserRecord,
} from './types.ts';

type Db = Kysely<RegistryTables>;

const USER_COLUMNS = [
  'username',
  'email',
  'first_name as firstName',
  'last_name as lastName',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;
const LAB_COLUMNS = [
  'name',
  'institution',
  'timezone',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;
const NAMED_COLUMNS = ['name', 'description', 'created_at as createdAt', 'created_by as createdBy'] as const;
const REPOSITORY_COLUMNS = [
  'name',
  'data_url as dataUrl',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

const KEY_COLUMN: Record<ReferenceKind, string> = {
  users: 'username',
  labs: 'name',
  projects: 'name',
  procedures: 'name',
  water_types: 'name',
  data_repositories: 'name',
  tags: 'name',
};

export function referenceQueries(db: Db) {
  return {
    users: (): Promise<UserRecord[]> =>
      db.selectFrom('users').select(USER_COLUMNS).orderBy('username').execute(),
    labs: (): Promise<LabRecord[]> => db.selectFrom('labs').select(LAB_COLUMNS).orderBy('name').execute(),
    named: (kind: NamedKind): Promise<NamedRecord[]> =>
      db.selectFrom(kind).select(NAMED_COLUMNS).orderBy('name').execute(),
    dataRepositories: (): Promise<DataRepositoryRecord[]> =>
      db.selectFrom('data_repositories').select(REPOSITORY_COLUMNS).orderBy('name').execute(),

    async missing(kind: ReferenceKind, names: readonly string[]): Promise<string[]> {
      const wanted = [...new Set(names)];
      if (wanted.length === 0) return [];
      const key = sql.ref(KEY_COLUMN[kind]);
      const { rows } = await sql<{ name: string }>`
        select ${key} as name from ${sql.table(kind)} where ${key} = any(${wanted})`.execute(db);
      const found = new Set(rows.map((row) => row.name));
      return wanted.filter((name) => !found.has(name));
    },

    upsertUser: (input: UserInput, createdBy: string): Promise<UserRecord> =>
      db
        .insertInto('users')
        .values({
          username: input.username,
          email: input.email,
          first_name: input.firstName,
          last_name: input.lastName,
          created_by: createdBy,
        })
        .onConflict((conflict) =>
          conflict.column('username').doUpdateSet((eb) => ({
            email: eb.ref('excluded.email'),
            first_name: eb.ref('excluded.first_name'),
            last_name: eb.ref('excluded.last_name'),
          })),
        )
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow(),

    upsertLab: (input: LabInput, createdBy: string): Promise<LabRecord> =>
      db
        .insertInto('labs')
        .values({ ...input, created_by: createdBy })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet((eb) => ({
            institution: eb.ref('excluded.institution'),
            timezone: eb.ref('excluded.timezone'),
          })),
        )
        .returning(LAB_COLUMNS)
        .executeTakeFirstOrThrow(),

    upsertNamed: (kind: NamedKind, input: NamedInput, createdBy: string): Promise<NamedRecord> =>
      db
        .insertInto(kind)
        .values({ ...input, created_by: createdBy })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet((eb) => ({ description: eb.ref('excluded.description') })),
        )
        .returning(NAMED_COLUMNS)
        .executeTakeFirstOrThrow(),

    upsertDataRepository: (input: DataRepositoryInput, createdBy: string): Promise<DataRepositoryRecord> =>
      db
        .insertInto('data_repositories')
        .values({ name: input.name, data_url: input.dataUrl, created_by: createdBy })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet((eb) => ({ data_url: eb.ref('excluded.data_url') })),
        )
        .returning(REPOSITORY_COLUMNS)
        .executeTakeFirstOrThrow(),
  };
}
