/**
 * CodeOcean's data-asset query syntax (reference §3.3): `field:value` terms and free text; a repeated
 * field means OR, different fields and free-text words mean AND; `"…"` is an exact phrase; matching is
 * case-insensitive; no wildcards and no explicit OR. This module builds queries for the clients and
 * parses/matches them for the backends that emulate the server (embedded, loopback test server), so
 * both interpret a query the same way.
 */

/** Name searches longer than this return nothing on the real server, so the builder truncates. */
export const NAME_QUERY_MAX_LENGTH = 20;

/** The name term CodeOcean can answer for a prefix: its first 20 characters. */
export const nameSearchPrefix = (name: string) => name.slice(0, NAME_QUERY_MAX_LENGTH);

/** Document fields of the syntax, plus the custom-metadata keys AIND searches on (`subject id:…`). */
const DOCUMENT_FIELDS = ['name', 'tag', 'run_script', 'commit_id'] as const;
const METADATA_FIELDS = ['subject id', 'data level', 'experiment type'] as const;
const FIELDS = [...DOCUMENT_FIELDS, ...METADATA_FIELDS];

const quoteIfNeeded = (value: string) => (/\s/.test(value) ? `"${value.replaceAll('"', '')}"` : value);

export interface DataAssetQueryParts {
  /** A name prefix; truncated to 20 characters (the caller filters on the full prefix). */
  name?: string;
  subjectId?: string;
  /** Each tag once (unlike the reference builder, which repeats them). */
  tags?: readonly string[];
  /** Free text, matched across name, tags, description and custom metadata. */
  text?: string;
  /** Names containing any of these (a repeated field is an OR); each truncated to 20 characters. */
  anyOfNames?: readonly string[];
  /** `subject id` custom metadata equal to any of these. */
  anyOfSubjectIds?: readonly string[];
}

export function buildDataAssetQuery(parts: DataAssetQueryParts): string {
  const terms: string[] = [];
  if (parts.name) terms.push(`name:${quoteIfNeeded(nameSearchPrefix(parts.name))}`);
  if (parts.subjectId) terms.push(`subject id:${quoteIfNeeded(parts.subjectId)}`);
  for (const tag of new Set(parts.tags ?? [])) terms.push(`tag:${quoteIfNeeded(tag)}`);
  for (const name of new Set(parts.anyOfNames ?? []))
    terms.push(`name:${quoteIfNeeded(nameSearchPrefix(name))}`);
  for (const id of new Set(parts.anyOfSubjectIds ?? [])) terms.push(`subject id:${quoteIfNeeded(id)}`);
  if (parts.text) terms.push(parts.text);
  return terms.join(' ');
}

export interface ParsedQuery {
  /** Field (lowercase) → the values asked for (OR within a field). */
  fields: Map<string, string[]>;
  /** Free-text words and phrases (all must match). */
  text: string[];
}

const unquote = (s: string) => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TERM_RE = new RegExp(`(?:(${FIELDS.map(escapeRe).join('|')})\\s*:\\s*)?("[^"]*"|\\S+)`, 'gi');

export function parseDataAssetQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { fields: new Map(), text: [] };
  for (const match of query.matchAll(TERM_RE)) {
    const [, field, rawValue] = match;
    const value = unquote(rawValue ?? '').toLowerCase();
    if (value === '') continue;
    if (field) {
      const key = field.toLowerCase();
      parsed.fields.set(key, [...(parsed.fields.get(key) ?? []), value]);
    } else {
      parsed.text.push(value);
    }
  }
  return parsed;
}

/** The parts of a record the query language looks at (snake_case, as the API sends it). */
export interface SearchableRecord {
  name: string;
  description?: string | null;
  tags?: readonly string[] | null;
  custom_metadata?: Record<string, string | number> | null;
  provenance?: { run_script?: string | null; commit?: string | null } | null;
}

const lower = (s: string | number | null | undefined) => String(s ?? '').toLowerCase();

/** Whether the record's `field` matches any of `values` (a repeated field is an OR). */
function fieldMatchesAny(record: SearchableRecord, field: string, values: readonly string[]): boolean {
  // Each field is read and lowercased once, however many values a bulk query names.
  switch (field) {
    case 'name': {
      // The server's name index answers nothing for longer terms; emulate it so callers must truncate.
      const name = lower(record.name);
      return values.some((value) => value.length <= NAME_QUERY_MAX_LENGTH && name.includes(value));
    }
    case 'tag': {
      const tags = new Set((record.tags ?? []).map(lower));
      return values.some((value) => tags.has(value));
    }
    case 'run_script':
      return values.includes(lower(record.provenance?.run_script));
    case 'commit_id':
      return values.includes(lower(record.provenance?.commit));
    default:
      return Object.entries(record.custom_metadata ?? {}).some(
        ([key, v]) => key.toLowerCase() === field && values.includes(lower(v)),
      );
  }
}

function textMatches(record: SearchableRecord, word: string): boolean {
  const haystack = [
    record.name,
    record.description ?? '',
    ...(record.tags ?? []),
    ...Object.values(record.custom_metadata ?? {}).map(String),
  ];
  return haystack.some((s) => s.toLowerCase().includes(word));
}

export function recordMatchesQuery(record: SearchableRecord, query: ParsedQuery): boolean {
  for (const [field, values] of query.fields) {
    if (!fieldMatchesAny(record, field, values)) return false;
  }
  return query.text.every((word) => textMatches(record, word));
}
