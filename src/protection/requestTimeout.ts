/**
 * The per-request time limit (LABGRAPH_REQUEST_TIMEOUT_MS). A timer starts when execution starts;
 * every field resolver still waiting when it fires fails with UPSTREAM_TIMEOUT, so the response
 * carries whatever had resolved and is sent at once instead of holding the connection open.
 *
 * Two halves: `requestTimeout(ms)` (a Yoga plugin) arms the deadline of each execution, and
 * `raceRequestDeadline` (called around every resolver by the Pothos plugin in resolverDeadline.ts)
 * makes a pending resolver lose the race once that deadline has passed. Then the request's upstream
 * calls are cancelled (the context's `cancel`, src/cancellation.ts): what no other request waits for
 * is aborted, its connection closed, instead of running on for nobody.
 */
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { codedGraphQLError } from '../resolvers/errors.ts';

interface Deadline {
  /**
   * Rejects with UPSTREAM_TIMEOUT when the time is up; stays pending forever when the execution
   * finished first. One per request, raced by every pending field (each field's error is its own:
   * graphql-js locates a copy at the field's path).
   */
  expired: Promise<never>;
}

/** Keyed by the execution's context object: one per request, gone with it. */
const deadlines = new WeakMap<object, Deadline>();

function requestTimeoutError(timeoutMs: number): GraphQLError {
  return codedGraphQLError({
    code: 'UPSTREAM_TIMEOUT',
    message: `The request's time limit of ${timeoutMs} ms ran out before this field resolved; the fields that did resolve are returned.`,
    extensions: { timeoutMs },
  });
}

/** `work`, or a rejection with UPSTREAM_TIMEOUT if the request's deadline passes first. */
export function raceRequestDeadline<T>(context: unknown, work: PromiseLike<T>): PromiseLike<T> {
  const deadline = typeof context === 'object' && context !== null ? deadlines.get(context) : undefined;
  return deadline ? Promise.race([work, deadline.expired]) : work;
}

export function requestTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ args }) {
      let timer: NodeJS.Timeout | undefined;
      const context = args.contextValue as { cancel?: (reason: unknown) => void };
      const expired = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(requestTimeoutError(timeoutMs));
          // After the race has failed the pending fields (their rejections are queued first).
          setImmediate(() => context.cancel?.(requestTimeoutError(timeoutMs)));
        }, timeoutMs);
        timer.unref();
      });
      // Handled here too: a deadline no field was waiting for must not be an unhandled rejection.
      expired.catch(() => undefined);
      deadlines.set(args.contextValue, { expired });
      return {
        onExecuteDone() {
          clearTimeout(timer);
        },
      };
    },
  };
}
