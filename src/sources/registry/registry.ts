/**
 * The registry source over an open database (either backend): reads, and writes as units of work
 * that commit together with their idempotency record.
 *
 * Idempotency without read-then-write: the transaction first INSERTs its (caller, key) row with
 * ON CONFLICT DO NOTHING. If another transaction holds or committed the key, PostgreSQL makes this
 * insert wait for it and then insert nothing; the stored row then decides between a replay and
 * IDEMPOTENCY_KEY_REUSED. The result is written into the claimed row before the commit, so a
 * claimed row with no result is never visible to anyone else.
 */
import type { Kysely, Transaction } from 'kysely';
import { upstreamRetries } from '../../metrics.ts';
import type { RegistryDatabase } from './connect.ts';
import { datasetQueries } from './datasetQueries.ts';
import { datasetTypeQueries } from './datasetTypeQueries.ts';
import { recordQueries } from './recordQueries.ts';
import { referenceQueries } from './referenceQueries.ts';
import { selectionQueries } from './selectionQueries.ts';
import { subjectSessionQueries } from './subjectSessionQueries.ts';
import type { RegistryTables } from './tables.ts';
import type {
  IdempotencyClaim,
  JsonValue,
  RegistrySource,
  RegistryWriter,
  WorkOutcome,
  WriteResult,
} from './types.ts';

/** SQLSTATEs after which rerunning the whole unit of work is safe and likely to succeed. */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '23505', // unique_violation: a concurrent writer took the key this attempt computed
]);
const MAX_ATTEMPTS = 8;

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Carries a rollback decision out of Kysely's transaction callback (throwing is how it rolls back). */
class RollbackSignal<R> extends Error {
  constructor(readonly reason: R) {
    super('unit of work rolled back');
  }
}

export function queriesOn(db: Kysely<RegistryTables>): RegistryWriter {
  return {
    ...referenceQueries(db),
    ...datasetTypeQueries(db),
    ...subjectSessionQueries(db),
    ...recordQueries(db),
    ...selectionQueries(db),
    ...datasetQueries(db),
  };
}

async function claimKey<T extends JsonValue>(
  trx: Transaction<RegistryTables>,
  caller: string,
  claim: IdempotencyClaim,
): Promise<WriteResult<T, never> | null> {
  const claimed = await trx
    .insertInto('idempotency_records')
    .values({ caller, key: claim.key, input_sha256: claim.inputSha256, result: null })
    .onConflict((conflict) => conflict.columns(['caller', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (claimed) return null;
  const stored = await trx
    .selectFrom('idempotency_records')
    .select(['input_sha256', 'result'])
    .where('caller', '=', caller)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  if (stored.input_sha256 !== claim.inputSha256) return { status: 'keyReused' };
  return { status: 'replayed', value: stored.result as T };
}

export function createRegistrySource(database: RegistryDatabase): RegistrySource {
  const { db } = database;
  const reader = queriesOn(db);

  async function attempt<T extends JsonValue, R>(
    caller: string,
    claim: IdempotencyClaim | null,
    work: (tx: RegistryWriter) => Promise<WorkOutcome<T, R>>,
  ): Promise<WriteResult<T, R>> {
    try {
      return await db.transaction().execute(async (trx): Promise<WriteResult<T, R>> => {
        if (claim) {
          const earlier = await claimKey<T>(trx, caller, claim);
          if (earlier) return earlier;
        }
        const outcome = await work(queriesOn(trx));
        if ('rollback' in outcome) throw new RollbackSignal(outcome.rollback);
        if (claim) {
          await trx
            .updateTable('idempotency_records')
            .set({ result: JSON.stringify(outcome.commit) })
            .where('caller', '=', caller)
            .where('key', '=', claim.key)
            .execute();
        }
        return { status: 'committed', value: outcome.commit };
      });
    } catch (error) {
      if (error instanceof RollbackSignal) return { status: 'rolledBack', reason: error.reason as R };
      throw error;
    }
  }

  return {
    ...reader,
    kind: database.backend,
    describe: () => database.description,
    connections: () => database.connections(),

    async write(caller, claim, work) {
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return await attempt(caller, claim, work);
        } catch (error) {
          const state = sqlState(error);
          if (!state || !TRANSIENT_SQLSTATES.has(state) || attemptNumber >= MAX_ATTEMPTS) throw error;
          upstreamRetries.inc({ source: 'registry', backend: database.backend, operation: 'transaction' });
        }
      }
    },

    async isEmpty() {
      const row = await db.selectFrom('users').select('username').limit(1).executeTakeFirst();
      return row === undefined;
    },

    close: () => db.destroy(),
  };
}
