/**
 * Partial failure, by policy: each helper names one, so a reader sees which applies where.
 *
 *   settleEach         a batch of keys: each key gets its value or its own Error (the others resolve)
 *   allOrFirstError    a result that needs every part: the first failed part fails it
 *   unknownIfInvalid   corrupt data make a value unknown (null); outages and bugs still fail
 *   fallbackOnOutage   an upstream outage gives a stand-in value (and may be recorded); bugs still fail
 */
import { InvalidDataError, UpstreamError } from '../errors.ts';

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * Each key's own outcome: its value, or its Error in its place (DataLoader batch functions and
 * Query.nodes report such an Error for that key only).
 */
export function settleEach<K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return Promise.all(keys.map((key) => load(key).catch((error: unknown) => asError(error))));
}

/**
 * All values, or the first failure thrown: for a result that needs every part (a session's assets
 * come from all of its names), after DataLoader.loadMany settled each key.
 */
export function allOrFirstError<V>(outcomes: readonly (V | Error)[]): V[] {
  const failed = outcomes.find((outcome) => outcome instanceof Error);
  if (failed) throw failed;
  return outcomes as V[];
}

/** The value, or null when the data it is read from are corrupt (InvalidDataError). */
export async function unknownIfInvalid<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidDataError) return null;
    throw error;
  }
}

/**
 * A `.catch` handler: an UpstreamError gives `fallback` (after `record`, e.g. to report a degraded
 * source); anything else is rethrown.
 */
export function fallbackOnOutage<T>(
  fallback: () => T,
  record: (outage: UpstreamError) => void = () => {},
): (error: unknown) => T {
  return (error) => {
    if (!(error instanceof UpstreamError)) throw error;
    record(error);
    return fallback();
  };
}

/**
 * The outages one request stood in for (fallbackOnOutage's `record`): an answer built on stand-in
 * values carries no error, yet it is not the complete answer, so the response cache must not keep it.
 */
export interface OutageLog {
  record(outage: UpstreamError): void;
  readonly sources: ReadonlySet<string>;
}

export function createOutageLog(): OutageLog {
  const sources = new Set<string>();
  return {
    record: (outage) => void sources.add(outage.source),
    sources,
  };
}
