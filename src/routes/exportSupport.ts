/**
 * What the export routes share: GET/HEAD only, known errors answered in the one error shape, and text
 * lines streamed in chunks, formatted only as the reader takes them.
 */
import { describeKnownError, errorResponse, RequestRefusedError } from '../errors.ts';

/** Rows are handed to the writer in chunks of about this many characters. */
const CHUNK_CHARS = 16 * 1024;

/**
 * Lines joined into chunks, formatted only when the writer asks for the next one (so a slow reader
 * holds at most a chunk in memory); stops when the client goes away.
 */
export function chunkedStream(lines: Iterable<string>, aborted: AbortSignal): ReadableStream<Uint8Array> {
  const iterator = lines[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (aborted.aborted) return void controller.close();
        let chunk = '';
        for (let next = iterator.next(); !next.done; next = iterator.next()) {
          chunk += next.value;
          if (chunk.length >= CHUNK_CHARS) return void controller.enqueue(encoder.encode(chunk));
        }
        if (chunk) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
      cancel() {
        iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** METHOD_NOT_ALLOWED (405, `allow: GET, HEAD`) for any other method. */
export function requireGetOrHead(request: Request): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  throw new RequestRefusedError('METHOD_NOT_ALLOWED', `${request.method} is not supported here; use GET`, {
    allow: ['GET', 'HEAD'],
  });
}

/**
 * Ends the request with `answer()`, or with the error registry's response when it throws a known error;
 * an unexpected error is rethrown for Yoga to log and answer 500 without details.
 */
export async function answerExport(
  answer: () => Promise<Response>,
  endResponse: (response: Response) => void,
): Promise<void> {
  try {
    endResponse(await answer());
  } catch (error) {
    const known = describeKnownError(error);
    if (!known) throw error;
    endResponse(errorResponse(known, known.code === 'METHOD_NOT_ALLOWED' ? { allow: 'GET, HEAD' } : {}));
  }
}
