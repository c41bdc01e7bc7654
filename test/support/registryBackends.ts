/**
 * The registry backends the contract suite runs against: PGlite always (in memory), and a real
 * PostgreSQL server when LABGRAPH_TEST_POSTGRES_URL is set (`.ci/run` sets it). Each PostgreSQL
 * use gets a fresh schema, selected through the URL's `options=-c search_path=…`, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RegistryConfig } from '../../src/sources/registry/index.ts';

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

/** A registry backend a contract suite runs on: how to open it, and how to clean up after. */
export interface ContractBackend {
  name: 'pglite' | 'postgres';
  open(): Promise<RegistryConfig>;
  cleanup(): Promise<void>;
}

function pgliteBackend(): ContractBackend {
  return {
    name: 'pglite',
    open: async () => ({ backend: 'pglite', dir: undefined }),
    cleanup: async () => {},
  };
}

function postgresBackend(serverUrl: string): ContractBackend {
  let scratch: ScratchSchema | undefined;
  return {
    name: 'postgres',
    async open() {
      scratch = await createScratchSchema(serverUrl);
      return { backend: 'postgres', url: scratch.url };
    },
    cleanup: async () => scratch?.drop(),
  };
}

/** PGlite in memory, plus real PostgreSQL when LABGRAPH_TEST_POSTGRES_URL is set (warning otherwise). */
export function contractBackends(suite: string): ContractBackend[] {
  if (!TEST_POSTGRES_URL) console.warn(`${suite}: ${POSTGRES_SKIP_REASON}`);
  return [pgliteBackend(), ...(TEST_POSTGRES_URL ? [postgresBackend(TEST_POSTGRES_URL)] : [])];
}
