/**
 * The idle write timeout (LABGRAPH_WRITE_IDLE_TIMEOUT_MS): a response whose reader stops reading is
 * cut once nothing has been written for that long, instead of holding its socket (and the rest of a
 * streamed export) forever. Node's HTTP server destroys a socket whose inactivity timer fires when no
 * one handles its 'timeout'. The timer runs from the moment a response is ready to be written — never
 * while it is being computed. whatwg-node turns the timer off when it starts writing a streamed body,
 * so streamed bodies pass through `rearmedPerChunk`, which sets it again for every chunk.
 * In-process requests (yoga.fetch) have no socket and no timer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';

export interface NodeServerContext {
  req?: IncomingMessage;
  res?: ServerResponse;
}

/** The timeout of each connection's response, set by the plugin for `rearmedPerChunk` to reuse. */
const armedSockets = new WeakMap<object, number>();

export function idleWriteTimeout(timeoutMs: number): Plugin<object, NodeServerContext> {
  return {
    onResponse({ serverContext }) {
      const socket = serverContext.req?.socket;
      if (!socket || !serverContext.res) return;
      // Once the response has finished, Node replaces this timer with its keepAliveTimeout.
      socket.setTimeout(timeoutMs);
      armedSockets.set(serverContext, timeoutMs);
    },
  };
}

/** `body`, re-arming the idle write timer each time the writer takes a chunk from it. */
export function rearmedPerChunk(
  body: ReadableStream<Uint8Array>,
  serverContext: NodeServerContext,
): ReadableStream<Uint8Array> {
  const socket = serverContext.req?.socket;
  if (!socket) return body;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const timeoutMs = armedSockets.get(serverContext);
        if (timeoutMs !== undefined) socket.setTimeout(timeoutMs);
        controller.enqueue(chunk);
      },
    }),
  );
}
