/** Weighings and water administrations: append-only records of a subject, read newest first. */
import { type Kysely, sql } from 'kysely';
import type { RegistryTables } from './tables.ts';
import type {
  TimeRange,
  WaterAdministrationInput,
  WaterAdministrationRecord,
  WeighingInput,
  WeighingRecord,
} from './types.ts';

type Db = Kysely<RegistryTables>;

const WEIGHING_COLUMNS = [
  'id',
  'subject_mid as subjectMid',
  'date_time as dateTime',
  'weight_g as weightG',
  'username',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

const WATER_COLUMNS = [
  'id',
  'subject_mid as subjectMid',
  'date_time as dateTime',
  'volume_ml as volumeMl',
  'water_type as waterType',
  'adlib',
  'session_id as sessionId',
  'username',
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

/** The value column each record kind compares for duplicates. */
const VALUE_COLUMN = { weighings: 'weight_g', water_administrations: 'volume_ml' } as const;

export function recordQueries(db: Db) {
  const weighingsIn = (mids: readonly string[], range: TimeRange) => {
    let query = db
      .selectFrom('weighings')
      .select(WEIGHING_COLUMNS)
      .where('subject_mid', 'in', [...mids]);
    if (range.from) query = query.where('date_time', '>=', range.from);
    if (range.to) query = query.where('date_time', '<=', range.to);
    return query;
  };

  return {
    async weighings(mids: readonly string[], range: TimeRange = {}): Promise<WeighingRecord[]> {
      if (mids.length === 0) return [];
      return weighingsIn(mids, range).orderBy('date_time', 'desc').orderBy('id', 'desc').execute();
    },

    async latestWeighings(mids: readonly string[]): Promise<WeighingRecord[]> {
      if (mids.length === 0) return [];
      return weighingsIn(mids, {})
        .distinctOn('subject_mid')
        .orderBy('subject_mid')
        .orderBy('date_time', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    async waterAdministrations(
      mids: readonly string[],
      range: TimeRange = {},
    ): Promise<WaterAdministrationRecord[]> {
      if (mids.length === 0) return [];
      let query = db
        .selectFrom('water_administrations')
        .select(WATER_COLUMNS)
        .where('subject_mid', 'in', [...mids]);
      if (range.from) query = query.where('date_time', '>=', range.from);
      if (range.to) query = query.where('date_time', '<=', range.to);
      return query.orderBy('date_time', 'desc').orderBy('id', 'desc').execute();
    },

    insertWeighing: (input: WeighingInput, createdBy: string): Promise<WeighingRecord> =>
      db
        .insertInto('weighings')
        .values({
          subject_mid: input.subjectMid,
          date_time: input.dateTime,
          weight_g: input.weightG,
          username: input.username,
          created_by: createdBy,
        })
        .returning(WEIGHING_COLUMNS)
        .executeTakeFirstOrThrow(),

    insertWaterAdministration: (
      input: WaterAdministrationInput,
      createdBy: string,
    ): Promise<WaterAdministrationRecord> =>
      db
        .insertInto('water_administrations')
        .values({
          subject_mid: input.subjectMid,
          date_time: input.dateTime,
          volume_ml: input.volumeMl,
          water_type: input.waterType,
          adlib: input.adlib,
          session_id: input.sessionId,
          username: input.username,
          created_by: createdBy,
        })
        .returning(WATER_COLUMNS)
        .executeTakeFirstOrThrow(),

    async recentDuplicates(
      kind: 'weighings' | 'water_administrations',
      record: { subjectMid: string; dateTime: Date; value: number | null; username: string },
      seconds: number,
    ): Promise<number[]> {
      const { rows } = await sql<{ id: number }>`
        select id from ${sql.table(kind)}
        where subject_mid = ${record.subjectMid} and date_time = ${record.dateTime}
          and ${sql.ref(VALUE_COLUMN[kind])} is not distinct from ${record.value}
          and username = ${record.username}
          and created_at >= now() - make_interval(secs => ${seconds})
        order by id`.execute(db);
      return rows.map((row) => row.id);
    },
  };
}
