/**
 * Every request gets an id (the client's `x-request-id` when it sends a sane one, else a fresh UUID),
 * returned in the `x-request-id` response header, and a child logger carrying it. The request is
 * handled inside `requestScope`, so Yoga's own log lines (through the bridge in logger.ts) carry the
 * id too; resolvers reach the same logger as `context.logger`.
 */
import type { Plugin } from 'graphql-yoga';
import { createRequestScope, type Logger, REQUEST_ID_HEADER, requestScope } from '../logger.ts';

export function requestLogging(logger: Logger): Plugin {
  return {
    instrumentation: {
      request: ({ request }, handle) =>
        requestScope.run(createRequestScope(logger, request.headers.get(REQUEST_ID_HEADER)), handle),
    },
    onResponse({ response }) {
      const scope = requestScope.getStore();
      if (scope) response.headers.set(REQUEST_ID_HEADER, scope.requestId);
    },
  };
}
