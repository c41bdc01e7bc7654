/**
 * The embedded DocDB: `fixtures/docdb/*.jsonl` loaded into memory, queried with mingo — real Mongo
 * query semantics over the very filter document the MongoDB and REST backends send. The same
 * evaluator serves the loopback test servers, so every backend answers a query the same way.
 */
import { readFile } from 'node:fs/promises';
import { Query } from 'mingo';
import type { Document } from 'mongodb';
import { SourceFileError } from '../../errors.ts';
import { type MongoFind, toMongoFilter, toMongoFind } from './filter.ts';
import { parseDocDbRecords } from './record.ts';
import type { DocDbCommonOptions, DocDbSource } from './types.ts';

/** Runs a find (filter → sort → skip → limit → projection, as MongoDB does) over documents in memory. */
export function evaluateFind(documents: readonly Document[], find: MongoFind): Document[] {
  let cursor = new Query(find.filter).find<Document>(documents, find.projection);
  if (Object.keys(find.sort).length > 0) cursor = cursor.sort(find.sort);
  if (find.skip > 0) cursor = cursor.skip(find.skip);
  if (find.limit > 0) cursor = cursor.limit(find.limit);
  return cursor.all();
}

export function evaluateCount(documents: readonly Document[], filter: Document): number {
  const query = new Query(filter);
  return documents.reduce((n, document) => (query.test(document) ? n + 1 : n), 0);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Reads JSON-lines files (blank lines skipped). A malformed line is an error naming file and line. */
export async function loadJsonLines(files: readonly string[]): Promise<Document[]> {
  const documents: Document[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new SourceFileError(file, `line ${index + 1}`, `not valid JSON (${(error as Error).message})`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new SourceFileError(file, `line ${index + 1}`, 'a DocDB record must be a JSON object');
      }
      documents.push(value as Document);
    });
  }
  return documents;
}

/** The embedded store's records are named `docdb://embedded/data_assets/<name>`. */
const EMBEDDED_STORE = { database: 'embedded', collection: 'data_assets' };

export interface EmbeddedDocDbOptions extends DocDbCommonOptions {
  /** JSON-lines files, one record per line, e.g. `fixtures/docdb/data_assets.jsonl`. */
  files: readonly string[];
}

export async function createEmbeddedDocDb(options: EmbeddedDocDbOptions): Promise<DocDbSource> {
  // Frozen: mingo hands back the stored objects when there is no projection.
  const documents = deepFreeze(await loadJsonLines(options.files));
  return {
    kind: 'embedded',
    describe: () => `embedded DocDB: ${documents.length} records from ${options.files.join(', ')}`,
    async find(query) {
      const find = toMongoFind(query);
      options.onRequest?.('find');
      return parseDocDbRecords(
        evaluateFind(documents, find),
        query.projection,
        options.onMalformedRecord,
        EMBEDDED_STORE,
      );
    },
    async count(filter) {
      const mongoFilter = toMongoFilter(filter);
      options.onRequest?.('count');
      return evaluateCount(documents, mongoFilter);
    },
    async close() {},
  };
}
