/**
 * Partial failure, by policy. A batch of keys (sessions, ids) where one key's failure must not fail
 * the others: each helper names one policy, so a reader sees which applies where.
 */

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
