/**
 * The dashboard's only way to the lab: POST /graphql with one of the committed operation documents
 * (schema/operations/) and its variables. Partial results are kept: `errors` stay beside `data`, and
 * each panel asks `errorAt` whether its own fields failed.
 */

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; uri?: string; source?: string };
}

export interface GraphQLResult<T> {
  data: T | null;
  errors: GraphQLError[];
}

export async function request<T>(
  document: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResult<T>> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = (await response.json().catch(() => null)) as {
    data?: T | null;
    errors?: GraphQLError[];
  } | null;
  if (!body) throw new Error(`GraphQL answered HTTP ${response.status} without a JSON body`);
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/**
 * The first error at or below `path` (list indexes in the error's path are skipped when matching,
 * so `['subject', 'sessions', 'performance']` matches any session's performance).
 */
export function errorAt(errors: GraphQLError[], path: (string | number)[]): GraphQLError | undefined {
  return errors.find((error) => {
    const named = (error.path ?? []).filter((step) => typeof step === 'string');
    const wanted = path.filter((step) => typeof step === 'string');
    return wanted.every((step, i) => named[i] === step);
  });
}

/** Errors whose path passes through `prefix` exactly (indexes included). */
export function errorsUnder(errors: GraphQLError[], prefix: (string | number)[]): GraphQLError[] {
  return errors.filter((error) => prefix.every((step, i) => error.path?.[i] === step));
}

/** GraphQL literal of a JSON value (strings, numbers, booleans and lists of them). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return JSON.stringify(value);
}

/**
 * The document with the variables' values written in as their defaults (`$ref: String! = "…"`), so
 * that it runs as the view ran it wherever it is pasted. Variables whose value is null keep theirs.
 */
export function withDefaults(document: string, variables: Record<string, unknown>): string {
  return document.replace(
    /\$(\w+)(\s*:\s*[\w![\]]+)(\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^\s,)]+))?/g,
    (whole, name: string, type: string) => {
      const value = variables[name];
      return value === null || value === undefined ? whole : `$${name}${type} = ${literal(value)}`;
    },
  );
}

/**
 * A link that opens GraphiQL with the view's operation filled in. Yoga's GraphiQL reads `?query=`
 * (not variables), so the view's variables travel as the operation's defaults.
 */
export function graphiqlLink(document: string, variables: Record<string, unknown>): string {
  return `/graphql?${new URLSearchParams({ query: withDefaults(document, variables) })}`;
}
