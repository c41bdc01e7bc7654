/**
 * The ONE place a typed query becomes a Mongo filter/projection/sort. Every value lands in a
 * value position (`$eq`, `$in`, a bound, or an escaped anchored regex), so text such as `{"$where":…}`,
 * `.*` or `$ne` is matched literally and can never act as an operator, field name or pattern.
 */
import type { Document } from 'mongodb';
import type { RecordFilter, RecordQuery, RecordSection } from './types.ts';

/** Top-level fields every projection keeps: the record is useless without them. */
export const TOP_LEVEL_FIELDS = [
  '_id',
  'name',
  'created',
  'last_modified',
  'location',
  'external_links',
  'metadata_status',
  'schema_version',
] as const;

/** Escapes every regex metacharacter so the text matches itself (PCRE and JS agree on these). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function strings(values: readonly unknown[], label: string): string[] {
  for (const value of values) {
    // The types already say so; this guards callers that bypass them (e.g. data from JSON).
    if (typeof value !== 'string') throw new TypeError(`DocDB filter: ${label} must be strings`);
  }
  return values as string[];
}

function text(value: unknown, label: string): string {
  if (typeof value !== 'string') throw new TypeError(`DocDB filter: ${label} must be a string`);
  return value;
}

/** One value → `$eq`, several → `$in`; an empty list matches nothing, as a list of no names should. */
function anyOf(values: readonly string[]): Document {
  return values.length === 1 ? { $eq: values[0] } : { $in: [...values] };
}

/**
 * DocDB stores `created` as an ISO-8601 UTC string, so bounds are strings too. The bare
 * `YYYY-MM-DDTHH:MM:SS` prefix sorts before every spelling of that second (`Z`, `.123Z`, `+00:00`),
 * which makes `$gte second(from)` and `$lt second(to)+1s` inclusive of both ends at second precision.
 */
function secondPrefix(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new TypeError('DocDB filter: created bounds must be valid dates');
  }
  return date.toISOString().slice(0, 19);
}

function createdRange(from: Date | undefined, to: Date | undefined): Document | null {
  const range: Document = {};
  if (from) range.$gte = secondPrefix(from);
  if (to) range.$lt = secondPrefix(new Date(Math.floor(to.getTime() / 1000) * 1000 + 1000));
  return Object.keys(range).length > 0 ? { created: range } : null;
}

export function toMongoFilter(filter: RecordFilter): Document {
  const clauses: Document[] = [];
  if (filter.names) clauses.push({ name: anyOf(strings(filter.names, 'names')) });
  if (filter.namePrefix !== undefined && filter.namePrefix !== '') {
    clauses.push({ name: { $regex: `^${escapeRegex(text(filter.namePrefix, 'namePrefix'))}` } });
  }
  if (filter.subjectIds) {
    const ids = anyOf(strings(filter.subjectIds, 'subjectIds'));
    // `subject.subject_id` is the indexed field; records without a subject section still name their
    // subject in data_description, and they must not vanish from a subject's list.
    clauses.push({ $or: [{ 'subject.subject_id': ids }, { 'data_description.subject_id': ids }] });
  }
  if (filter.codeOceanAssetIds) {
    // The dotted path reaches into both `{"Code Ocean": [ids]}` and `[{"Code Ocean": id}]`.
    clauses.push({
      'external_links.Code Ocean': anyOf(strings(filter.codeOceanAssetIds, 'codeOceanAssetIds')),
    });
  }
  if (filter.dataLevel !== undefined) {
    clauses.push({ 'data_description.data_level': { $eq: text(filter.dataLevel, 'dataLevel') } });
  }
  if (filter.modality !== undefined) {
    clauses.push({ 'data_description.modality.abbreviation': { $eq: text(filter.modality, 'modality') } });
  }
  if (filter.projectName !== undefined) {
    clauses.push({ 'data_description.project_name': { $eq: text(filter.projectName, 'projectName') } });
  }
  const range = createdRange(filter.createdFrom, filter.createdTo);
  if (range) clauses.push(range);

  if (clauses.length === 0) return {};
  return clauses.length === 1 ? (clauses[0] as Document) : { $and: clauses };
}

/** Inclusion projection: the top-level fields plus the requested sections; undefined = whole record. */
export function toMongoProjection(sections: readonly RecordSection[] | undefined): Document | undefined {
  if (!sections) return undefined;
  const projection: Document = {};
  for (const field of [...TOP_LEVEL_FIELDS, ...sections]) projection[field] = 1;
  return projection;
}

/** Sort with an `_id` tie-breaker, so skip-based paging never repeats or drops a record. */
export function toMongoSort(sort: RecordQuery['sort']): Document {
  const field = sort?.field ?? 'created';
  return { [field]: sort?.direction === 'desc' ? -1 : 1, _id: 1 };
}

/** Everything a backend sends for a find. */
export interface MongoFind {
  filter: Document;
  projection: Document | undefined;
  sort: Document;
  skip: number;
  /** 0 = no limit. */
  limit: number;
}

function nonNegativeInteger(value: number | undefined, label: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(`DocDB query: ${label} must be a non-negative integer`);
  return value;
}

export function toMongoFind(query: RecordQuery): MongoFind {
  return {
    filter: toMongoFilter(query.filter),
    projection: toMongoProjection(query.projection),
    sort: toMongoSort(query.sort),
    skip: nonNegativeInteger(query.skip, 'skip'),
    limit: nonNegativeInteger(query.limit, 'limit'),
  };
}
