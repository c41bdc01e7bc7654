/** Streaming bodies for the HTTP routes: lines joined into chunks, produced only as the client reads. */

/** Lines are handed to the writer in chunks of about this many characters. */
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
