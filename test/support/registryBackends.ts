/**
 * The registry backends the contract suite runs against: PGlite always (in memory), and a real
 * PostgreSQL server when LABGRAPH_TEST_POSTGRES_URL is set (`.ci/run` sets it). Each PostgreSQL
 * use gets a fresh schema, selected through the URL's `options=-c search_path=…`, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env.LABGRAPH_TEST_POSTGRES_URL?.trim() || undefined;

export const POSTGRES_SKIP_REASON =
  'LABGRAPH_TEST_POSTGRES_URL is not set: the registry suite runs on PGlite only (.ci/run sets it up)';

export interface ScratchSchema {
  /** The server URL with the scratch schema first on its search path. */
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty schema on the test server; `drop` removes it and everything in it. */
export async function createScratchSchema(serverUrl: string): Promise<ScratchSchema> {
  const schema = `labgraph_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
