/**
 * The session-list exports' query string (`/sessions.csv?subject=676909&isEphys=true&…`) → the same
 * SessionFilterInput `sessions(filter:)` takes, one parameter per filter field under the field's name.
 * Values are text in a query string and typed JSON inside `anyOf`; both are converted here by the
 * field's kind, and any parameter or key that is not a filter field is refused with the accepted list.
 * The values themselves are then checked by compileSessionFilter, exactly as for GraphQL.
 */
import { BadUserInputError } from '../errors.ts';
import { QC_NAMES, QC_VALUES, type QcName } from './datasetRules.ts';
import { checkInputLength, quoteInput } from './dateInput.ts';
import { FLAG_FILTERS, type FlagFilter, type SessionFilterInput } from './sessionFilterTypes.ts';

type ParamKind = 'string' | 'boolean' | 'int' | 'float' | 'qc' | 'stringList' | 'trackedPlatforms' | 'anyOf';

/** The filter's Boolean flags beyond the tracked sheets' (isEphys, isSync) and the upload state. */
const FLAG_PARAMS = Object.fromEntries(FLAG_FILTERS.map((flag) => [flag, 'boolean'])) as Record<
  FlagFilter,
  'boolean'
>;

/** Every filter field, by the kind its value converts from; the query string uses the same names. */
export const SESSION_FILTER_PARAMS: Readonly<Record<keyof SessionFilterInput, ParamKind>> = {
  subject: 'string',
  subjects: 'stringList',
  project: 'string',
  date: 'string',
  startDate: 'string',
  endDate: 'string',
  platform: 'string',
  trackedPlatform: 'trackedPlatforms',
  isEphys: 'boolean',
  isSync: 'boolean',
  isUploaded: 'boolean',
  isSorted: 'boolean',
  ...FLAG_PARAMS,
  keyword: 'string',
  rig: 'string',
  genotypeContains: 'string',
  lab: 'string',
  taskProtocol: 'string',
  taskVersion: 'string',
  number: 'int',
  hasIssues: 'boolean',
  sessionKwarg: 'string',
  crossModalityDprimeAtLeast: 'float',
  anyOf: 'anyOf',
  hasDataset: 'stringList',
  datasetQcAtMost: 'qc',
};

const TRACKED_PLATFORMS = ['ephys', 'behavior_with_sync', 'behavior', 'training_sheet'];
const ORDERS = ['DATE_DESC', 'DATE_ASC'] as const;
export type SessionListOrder = (typeof ORDERS)[number];

const paramForms = (): string[] => [
  `query parameters: ${Object.keys(SESSION_FILTER_PARAMS).join(', ')} (the SessionFilter fields), and orderBy (DATE_DESC or DATE_ASC)`,
  `booleans true or false; datasetQcAtMost a QC name (${QC_NAMES.join(', ')}, any case) or its Alyx value (${QC_NAMES.map((n) => QC_VALUES[n]).join(', ')}); subjects and trackedPlatform comma-separated or repeated; trackedPlatform EPHYS, BEHAVIOR_WITH_SYNC, BEHAVIOR, TRAINING_SHEET (any case); anyOf a JSON array of SessionFilter objects`,
];

const refuse = (message: string): never => {
  throw new BadUserInputError(message, paramForms());
};

/** One value → the field's type; `text` says whether it came from a query string (all text). */
function convert(field: string, kind: ParamKind, value: unknown, text: boolean): unknown {
  const bad = () => refuse(`${field} ${quoteInput(JSON.stringify(value) ?? '')} is not a ${kind} value`);
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : bad();
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return text && (value === 'true' || value === 'false') ? value === 'true' : bad();
    case 'int':
    case 'float': {
      const n = text && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || (kind === 'int' && !Number.isInteger(n)) || Number.isNaN(n)) return bad();
      return n;
    }
    case 'qc': {
      // As the GraphQL enum DatasetQc: a name, or the Alyx number behind it.
      const name = typeof value === 'string' ? value.trim().toUpperCase() : null;
      if (name !== null && name in QC_VALUES) return QC_VALUES[name as QcName];
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return QC_NAMES.some((q) => QC_VALUES[q] === n) ? n : bad();
    }
    case 'stringList':
    case 'trackedPlatforms': {
      const items = text && typeof value === 'string' ? value.split(',') : value;
      if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) return bad();
      const list = (items as string[]).map((i) => i.trim()).filter((i) => i !== '');
      if (kind === 'stringList') return list;
      return list.map((p) =>
        TRACKED_PLATFORMS.includes(p.toLowerCase())
          ? p.toLowerCase()
          : refuse(`trackedPlatform ${quoteInput(p)} is not a tracked platform`),
      );
    }
    case 'anyOf': {
      let parsed: unknown = value;
      if (text) {
        try {
          parsed = JSON.parse(value as string);
        } catch {
          return refuse(`anyOf ${quoteInput(String(value))} is not JSON`);
        }
      }
      if (!Array.isArray(parsed)) return refuse('anyOf must be a JSON array of SessionFilter objects');
      return parsed.map(filterFromObject);
    }
  }
}

/** A SessionFilter given as a JSON object (an anyOf branch): known keys, typed values. */
function filterFromObject(value: unknown): SessionFilterInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('each anyOf entry must be a SessionFilter object');
  }
  const filter: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const kind = (SESSION_FILTER_PARAMS as Record<string, ParamKind>)[key];
    if (kind === undefined) return refuse(`${quoteInput(key)} is not a SessionFilter field`);
    if (v !== null) filter[key] = convert(key, kind, v, false);
  }
  return filter as SessionFilterInput;
}

/** The filter and order a session-list export's query string asks for; unknown parameters are refused. */
export function sessionQueryFromParams(params: URLSearchParams): {
  filter: SessionFilterInput;
  orderBy: SessionListOrder;
} {
  const filter: Record<string, unknown> = {};
  let orderBy: SessionListOrder = 'DATE_DESC';
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    for (const v of values) checkInputLength(name, v, paramForms());
    if (name === 'orderBy') {
      const order = ORDERS.find((o) => o === values.at(-1)?.toUpperCase());
      orderBy = order ?? refuse(`orderBy ${quoteInput(values.at(-1) ?? '')} is not an order`);
      continue;
    }
    const kind = (SESSION_FILTER_PARAMS as Record<string, ParamKind>)[name];
    if (kind === undefined) refuse(`Unknown parameter ${quoteInput(name)}`);
    const listed = kind === 'stringList' || kind === 'trackedPlatforms';
    if (!listed && values.length > 1) refuse(`${name} is given ${values.length} times; give it once`);
    filter[name] = listed
      ? values.flatMap((v) => convert(name, kind as ParamKind, v, true) as string[])
      : convert(name, kind as ParamKind, values[0], true);
  }
  return { filter: filter as SessionFilterInput, orderBy };
}
