/**
 * Yoga answers a few refusals with an empty body (415 for a Content-Type it cannot read, …); they get
 * the one error shape with the registry's code for their status, so every error carries a code.
 * The GraphQL-over-HTTP spec's 406 stays empty: the client accepts none of our media types.
 */
import type { Plugin } from 'graphql-yoga';
import { codeForStatus, errorResponse } from '../errors.ts';

export function errorBodies(): Plugin {
  return {
    onResponse({ request, response, setResponse }) {
      if (
        response.status < 400 ||
        response.status === 406 ||
        request.method === 'HEAD' ||
        response.body !== null
      )
        return;
      const refusal = errorResponse({
        code: codeForStatus(response.status),
        message: `${request.method} ${new URL(request.url).pathname} cannot be answered (HTTP ${response.status}).`,
        extensions: {},
      });
      response.headers.forEach((value, name) => {
        if (name !== 'content-type' && name !== 'content-length') refusal.headers.set(name, value);
      });
      setResponse(new Response(refusal.body, { status: response.status, headers: refusal.headers }));
    },
  };
}
