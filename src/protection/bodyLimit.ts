/**
 * The request body limit (LABGRAPH_MAX_BODY_BYTES), a Yoga plugin that runs before anything parses
 * the body: a declared Content-Length over the limit is refused unread; a body without one is read
 * up to the limit and refused as soon as it passes it. The refusal is PAYLOAD_TOO_LARGE (413) and
 * closes the connection, so the unread rest is never drained.
 */
import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.ts';

function tooLarge(maxBytes: number): Response {
  return errorResponse(
    {
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body is larger than the limit of ${maxBytes} bytes.`,
      extensions: { maxBodyBytes: maxBytes },
    },
    { connection: 'close' },
  );
}

/** The whole body, or null as soon as it is longer than `maxBytes` (the rest is left unread). */
async function readWithin(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

export function bodyLimit(maxBytes: number): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.body === null || request.method === 'GET' || request.method === 'HEAD') return;
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared > maxBytes) return endResponse(tooLarge(maxBytes));
      const body = await readWithin(request.body, maxBytes);
      if (body === null) return endResponse(tooLarge(maxBytes));
      // Later plugins and Yoga's parser read the body again: hand them the bytes already read.
      setRequest(
        new fetchAPI.Request(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          signal: request.signal,
        }),
      );
    },
  };
}
