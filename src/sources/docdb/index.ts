/** The DocDB source: one interface, three backends (MongoDB driver, REST gateway, embedded JSON lines). */
export { withDocDbCache } from './cached.ts';
export { createEmbeddedDocDb, type EmbeddedDocDbOptions } from './embeddedBackend.ts';
export { codeOceanIdsFromLinks, codeOceanIdsOf, normalizeUuid } from './externalLinks.ts';
export { escapeRegex, toMongoFilter, toMongoFind, toMongoProjection, toMongoSort } from './filter.ts';
export {
  createMongoDocDb,
  DEFAULT_MONGO_TIMEOUTS,
  type MongoDocDbOptions,
  type MongoDocDbTimeouts,
} from './mongoBackend.ts';
export {
  type AcquisitionSection,
  type DataDescription,
  type DocDbRecord,
  dataProcessesOf,
  type InstrumentSection,
  modalitiesOf,
  type ProceduresSection,
  type ProcessingSection,
  parseDocDbRecord,
  type QualityControlSection,
  type RecordSections,
  type RigSection,
  type SectionResult,
  type SessionSection,
  type SubjectSection,
  sectionValue,
  sessionStartOf,
  sorterNameOf,
  subjectIdOf,
  toDate,
} from './record.ts';
export { createRestDocDb, DEFAULT_REST_PAGE_SIZE, type RestDocDbOptions } from './restBackend.ts';
export {
  type DocDbCommonOptions,
  type DocDbKind,
  type DocDbOperation,
  type DocDbSource,
  RECORD_SECTIONS,
  type RecordFilter,
  type RecordQuery,
  type RecordSection,
  type RecordSortField,
} from './types.ts';
