/**
 * Node loaders (builder.node's loadMany) answer one entry per id. An Error VALUE at an entry fails only
 * that id's place in Query.nodes: graphql-js throws an Error it finds as a value, at that item's path.
 * A rejected promise would fail the whole list instead. Pothos types entries as `T | null`, hence the cast.
 */
export function perIdOutcomes<T>(outcomes: readonly (T | null | Error)[]): (T | null)[] {
  return outcomes as (T | null)[];
}
