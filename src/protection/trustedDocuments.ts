/**
 * Trusted documents (persisted operations): every `*.graphql` file in schema/operations/
 * (LABGRAPH_PERSISTED_OPERATIONS_DIR) is served by its hash, through Yoga's persisted-operations
 * plugin. The hash is the SHA-256, in lower-case hex, of the file's bytes exactly as committed
 * (`sha256sum schema/operations/recentSessions.graphql`; `labgraph operations` prints them all).
 * Clients send it instead of `query`, in the Apollo form the plugin reads,
 * `"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}`, or as
 * `"documentId": "sha256:<hex>"` (the trusted-documents form of GraphQL Codegen and graphql-over-http).
 * With LABGRAPH_PERSISTED_ONLY=true any other document is refused with PERSISTED_QUERY_ONLY; an
 * unknown hash is PERSISTED_QUERY_NOT_FOUND either way. Files are read once, at startup.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  defaultExtractPersistedOperationId,
  usePersistedOperations,
} from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../errors.ts';
import { codedGraphQLError } from '../resolvers/errors.ts';

export interface TrustedDocument {
  /** The file's name in the operations directory. */
  file: string;
  text: string;
}

/** hash → document. */
export type TrustedDocumentStore = ReadonlyMap<string, TrustedDocument>;

/** The hash a client sends for a document: SHA-256 of its UTF-8 bytes, lower-case hex. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Every `*.graphql` file of `dir`, by hash. */
export function loadTrustedDocuments(dir: string): TrustedDocumentStore {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.graphql'));
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new ConfigError('LABGRAPH_PERSISTED_OPERATIONS_DIR', `cannot list ${dir} (${reason})`);
  }
  const store = new Map<string, TrustedDocument>();
  for (const file of files.sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    store.set(documentHash(text), { file, text });
  }
  return store;
}

const HASH = /^[0-9a-f]{64}$/;

type ExtractArgs = Parameters<typeof defaultExtractPersistedOperationId>;

/** `extensions.persistedQuery.sha256Hash`, else `documentId` as `sha256:<hex>` (or bare hex). */
function requestedHash(...[params, request, context]: ExtractArgs): string | null {
  const apollo = defaultExtractPersistedOperationId(params, request, context);
  if (apollo !== null) return apollo.toLowerCase();
  const documentId = (params as { documentId?: unknown }).documentId;
  if (typeof documentId !== 'string') return null;
  return documentId.replace(/^sha256:/, '').toLowerCase();
}

const SEND_ONE = `send a hash as extensions.persistedQuery {"version": 1, "sha256Hash": "<sha256 hex>"} or documentId "sha256:<hex>"`;

export function trustedDocuments(store: TrustedDocumentStore, options: { only: boolean }): Plugin {
  if (options.only && store.size === 0) {
    throw new ConfigError(
      'LABGRAPH_PERSISTED_ONLY',
      'no trusted documents were found (LABGRAPH_PERSISTED_OPERATIONS_DIR holds no .graphql file)',
    );
  }
  const known = [...store.values()].map((d) => d.file).join(', ');
  return usePersistedOperations({
    allowArbitraryOperations: !options.only,
    extractPersistedOperationId: requestedHash,
    getPersistedOperation: (hash) => (HASH.test(hash) ? (store.get(hash)?.text ?? null) : null),
    customErrors: {
      notFound: ({ params, request, context }) =>
        codedGraphQLError(
          {
            code: 'PERSISTED_QUERY_NOT_FOUND',
            message: `No trusted document has the hash ${JSON.stringify(String(requestedHash(params, request, context)).slice(0, 80))}. Trusted documents are the SHA-256 (hex) of each file in schema/operations/: ${known}.`,
            extensions: {},
          },
          { requestError: true },
        ),
      persistedQueryOnly: () =>
        codedGraphQLError(
          {
            code: 'PERSISTED_QUERY_ONLY',
            message: `This gateway runs only its trusted documents (LABGRAPH_PERSISTED_ONLY): ${SEND_ONE}. Known: ${known}.`,
            extensions: {},
          },
          { requestError: true },
        ),
      keyNotFound: () =>
        codedGraphQLError(
          {
            code: options.only ? 'PERSISTED_QUERY_ONLY' : 'BAD_REQUEST',
            message: options.only
              ? `No document hash in the request: ${SEND_ONE}.`
              : `The request has neither a query nor a document hash: send "query", or ${SEND_ONE}.`,
            extensions: {},
          },
          { requestError: true },
        ),
    },
  });
}
