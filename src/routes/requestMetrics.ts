/**
 * Counts what the gateway answers, for /metrics: every GraphQL request with its duration, by operation
 * name and type, and every error by its code — errors inside GraphQL results (a 200 with a failed
 * field counts too) and whole-request refusals on any route (413, 404, 401…), read from the one error
 * shape they all share. Listed right after errorBodies, so refusals it fills in are seen as sent, and
 * after requestLogging, whose request scope identifies the request in every hook.
 */
import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { requestScope } from '../logger.ts';
import { graphqlDuration, graphqlErrors, graphqlRequests, operationLabel } from '../metrics.ts';

interface Served {
  /** Whether this request is a GraphQL one (on the GraphQL path). */
  graphql: boolean;
  /** performance.now() when the request arrived. */
  startedAt: number;
  operationName: string | null;
  operationType: string;
  /** Its errors were counted from the GraphQL result: the response body need not be read. */
  errorsCounted: boolean;
}

interface ErrorShape {
  extensions?: Readonly<Record<string, unknown>>;
}

function countErrors(errors: readonly ErrorShape[] | undefined): void {
  for (const error of errors ?? []) {
    const { code, source } = error.extensions ?? {};
    graphqlErrors.inc({
      code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
      source: typeof source === 'string' ? source : '',
    });
  }
}

function isResultList(result: unknown): result is readonly ExecutionResult[] {
  return Array.isArray(result);
}

/** The error list of a refusal's JSON body, or nothing when the body is not that shape. */
async function refusalErrors(response: Response): Promise<ErrorShape[]> {
  if (!response.headers.get('content-type')?.includes('json') || response.body === null) return [];
  try {
    const body = (await response.clone().json()) as { errors?: unknown };
    return Array.isArray(body.errors) ? (body.errors as ErrorShape[]) : [];
  } catch {
    return [];
  }
}

export function requestMetrics(graphqlPath: string): Plugin {
  // Keyed by the request's scope (requestLogging's, which wraps every hook), not by the Request:
  // plugins such as the body limit hand later hooks a replacement Request.
  const states = new WeakMap<object, Served>();
  const keyOf = (request: Request): object => requestScope.getStore() ?? request;
  const served = {
    get: (request: Request) => states.get(keyOf(request)),
    set: (request: Request, state: Served) => void states.set(keyOf(request), state),
    delete: (request: Request) => void states.delete(keyOf(request)),
  };
  return {
    onRequest({ request, url }) {
      const graphql = url.pathname === graphqlPath;
      served.set(request, {
        graphql,
        startedAt: performance.now(),
        operationName: null,
        operationType: 'unknown',
        errorsCounted: false,
      });
    },
    onParams({ request, params }) {
      const state = served.get(request);
      if (state) state.operationName = params.operationName ?? null;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const state = request ? served.get(request) : undefined;
      if (!state) return;
      const operation = getOperationAST(args.document, args.operationName);
      state.operationName = operation?.name?.value ?? state.operationName;
      state.operationType = operation?.operation ?? 'unknown';
    },
    onResultProcess({ request, result }) {
      const state = served.get(request);
      if (!state || state.errorsCounted) return;
      state.errorsCounted = true;
      const results = isResultList(result) ? result : [result as ExecutionResult];
      for (const one of results) countErrors(one.errors);
    },
    async onResponse({ request, response }) {
      const state = served.get(request);
      if (!state) return;
      served.delete(request);
      if (state.graphql) {
        const labels = {
          operation_name: operationLabel(state.operationName),
          operation_type: state.operationType,
        };
        graphqlRequests.inc(labels);
        graphqlDuration.observe(labels, (performance.now() - state.startedAt) / 1000);
      }
      if (!state.errorsCounted && response.status >= 400) countErrors(await refusalErrors(response));
    },
  };
}
