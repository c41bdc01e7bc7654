/**
 * Size limits a training workbook must meet before exceljs loads it (issue 9 #11: an 8.9 MB workbook
 * with a million rows took 15.6 s and 2.8 GB). exceljs inflates and models the whole workbook at once,
 * so the check runs first, on the zip itself: the file's size, then each worksheet (and the shared
 * strings) inflated as a stream, counting rows and cells as they arrive and stopping at the first one
 * over the limit. Nothing is inflated whole and nothing is written to disk.
 */
import type { Readable } from 'node:stream';
import JSZip from 'jszip';
import { SourceFileError } from '../../errors.ts';

export interface WorkbookLimits {
  /** Largest workbook file (`LABGRAPH_TRACKED_WORKBOOK_MAX_BYTES`). */
  maxBytes: number;
  /** Most rows over all sheets (`LABGRAPH_TRACKED_WORKBOOK_MAX_ROWS`). */
  maxRows: number;
}

/** 50 MB and 200,000 rows: the lab's workbooks hold a few thousand rows in well under 10 MB. */
export const DEFAULT_WORKBOOK_LIMITS: WorkbookLimits = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000 };

/** Cells (and shared strings) allowed per allowed row: wide sheets pass, a million-column row does not. */
const CELLS_PER_ROW = 64;

/** Worksheets and the shared-string table: the parts whose size grows with the data. */
const COUNTED_PART = /^xl\/(worksheets\/[^/]+\.xml|sharedStrings\.xml)$/;
/** A row, a cell or a shared string opening tag, with or without a namespace prefix. */
const COUNTED_TAG = /<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s>/]/g;
/** Enough of a chunk's end to hold a tag cut in two: `<` + a short prefix + `row` + one more. */
const CARRY = 64;

interface Counts {
  rows: number;
  cells: number;
}

/** Throws SourceFileError naming the file and the limit when the workbook is over one. */
export async function checkWorkbookLimits(
  bytes: Uint8Array,
  file: string,
  limits: WorkbookLimits,
): Promise<void> {
  const refuse = (message: string) => new SourceFileError(file, 'file', message);
  if (bytes.byteLength > limits.maxBytes) {
    throw refuse(
      `the workbook is ${bytes.byteLength} bytes, over the limit of ${limits.maxBytes} (LABGRAPH_TRACKED_WORKBOOK_MAX_BYTES)`,
    );
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    throw refuse(`not a readable .xlsx workbook (${(err as Error).message})`);
  }
  const counts: Counts = { rows: 0, cells: 0 };
  const maxCells = limits.maxRows * CELLS_PER_ROW;
  for (const part of Object.values(zip.files)) {
    if (part.dir || !COUNTED_PART.test(part.name)) continue;
    const over = () => {
      if (counts.rows > limits.maxRows)
        return refuse(
          `more than ${limits.maxRows} rows (LABGRAPH_TRACKED_WORKBOOK_MAX_ROWS); reading stopped at ${part.name}`,
        );
      if (counts.cells > maxCells)
        return refuse(
          `more than ${maxCells} cells (${CELLS_PER_ROW} per allowed row, LABGRAPH_TRACKED_WORKBOOK_MAX_ROWS); reading stopped at ${part.name}`,
        );
      return null;
    };
    await countTags(part, counts, over, refuse);
  }
}

/** Inflates one part as a stream, adding its tags to `counts`; stops at the first `over()` error. */
function countTags(
  part: JSZip.JSZipObject,
  counts: Counts,
  over: () => SourceFileError | null,
  unreadable: (message: string) => SourceFileError,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let carry = '';
    const stream = part.nodeStream('nodebuffer') as Readable;
    stream
      .on('data', (chunk: Buffer) => {
        // Tags are ASCII: latin1 never splits a character across chunks.
        const text = carry + chunk.toString('latin1');
        COUNTED_TAG.lastIndex = 0;
        // Tags wholly inside the carried tail were counted with the previous chunk.
        for (let match = COUNTED_TAG.exec(text); match !== null; match = COUNTED_TAG.exec(text)) {
          if (match.index + match[0].length <= carry.length) continue;
          if (match[1] === 'row') counts.rows += 1;
          else counts.cells += 1;
        }
        carry = text.slice(-CARRY);
        const error = over();
        if (error) {
          stream.destroy();
          reject(error);
        }
      })
      .on('error', (err: Error) => reject(unreadable(`not a readable .xlsx workbook (${err.message})`)))
      .on('end', () => resolve());
  });
}
