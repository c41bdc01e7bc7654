/** The DocDB source: one interface, three backends (MongoDB driver, REST gateway, embedded JSON lines). */
export { withDocDbCache } from './cached.ts';
export { createEmbeddedDocDb, type EmbeddedDocDbOptions } from './embeddedBackend.ts';
export { codeOceanIdsFromLinks, normalizeUuid } from './externalLinks.ts';
export { escapeRegex, toMongoFilter, toMongoFind, toMongoProjection, toMongoSort } from './filter.ts';
export {
  createMongoDocDb,
  DEFAULT_MONGO_TIMEOUTS,
  type MongoDocDbOptions,
  type MongoDocDbTimeouts,
} from './mongoBackend.ts';
export {
  AIND_STORE,
  type DocDbRecord,
  METADATA_STATUSES,
  type MetadataStatus,
  parseDocDbRecord,
  type RecordSections,
  type RecordStore,
  type SectionResult,
  sectionUri,
  sectionValue,
  sessionStartOf,
  sorterNameOf,
  subjectIdOf,
} from './record.ts';
export { createRestDocDb, DEFAULT_REST_PAGE_SIZE, type RestDocDbOptions } from './restBackend.ts';
export * from './sections/index.ts';
export type {
  DocDbCommonOptions,
  DocDbKind,
  DocDbOperation,
  DocDbSource,
  RecordFilter,
  RecordQuery,
  RecordSortField,
} from './types.ts';
