/**
 * The request body limit (LABGRAPH_MAX_BODY_BYTES), enforced in the node handler before Yoga: a
 * declared Content-Length over the limit is refused unread; a body without one is read up to the
 * limit and refused as soon as it passes it. The refusal is a 413 with a GraphQL error body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE';

/** The whole body, or null as soon as it is longer than `maxBytes`. */
export function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** 413 with a GraphQL-shaped JSON error; the connection closes, so the unread rest is not drained. */
export function refuseTooLarge(res: ServerResponse, maxBytes: number): void {
  const body = JSON.stringify({
    errors: [
      {
        message: `The request body is larger than the limit of ${maxBytes} bytes.`,
        extensions: { code: PAYLOAD_TOO_LARGE, maxBodyBytes: maxBytes },
      },
    ],
  });
  res.writeHead(413, {
    'content-length': Buffer.byteLength(body),
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}
