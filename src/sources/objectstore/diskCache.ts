/**
 * Downloaded objects kept on disk, keyed by bucket/key/ETag. Content at one ETag never changes, so an
 * entry never goes stale; the only bound is a total size, enforced by evicting the least recently
 * used files. Because it lives on disk, an object at a given ETag is downloaded once, also across
 * restarts. Concurrent requests for the same object share one download.
 *
 * The disk is not trusted: every hit is checked against the object's size and, when the ETag is a
 * plain MD5 (S3's ETag of a single-part upload without SSE-KMS: 32 hex digits, no `-N` part count),
 * against the MD5 of the bytes. A truncated or altered entry is deleted and downloaded again. A
 * download is kept only when it passes the same checks; one shorter than the size the upstream
 * announced fails as an outage (never cached). Multipart ETags (`…-N`) are not content digests, so
 * such objects are checked by size only.
 *
 * Recency survives restarts through file mtimes (touched on every hit). Several processes may share
 * the directory: writes are atomic (temp file + rename) and a file evicted by another process is
 * simply a miss; each process enforces the cap on the files it knows about.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SharedCalls } from '../../cancellation.ts';
import { UpstreamError } from '../../errors.ts';
import { countCacheLookup } from '../../metrics.ts';
import type { ObjectInfo } from './types.ts';

const ENTRY_SUFFIX = '.obj';
const TEMP_SUFFIX = '.tmp';
/** Temp files older than this are leftovers of a crashed writer (a live write takes far less). */
const STALE_TEMP_MS = 60 * 60_000;

/** Bytes hashed between two turns of the event loop, so that hashing a large object never stalls it. */
const HASH_SLICE_BYTES = 1024 ** 2;

export interface DiskCacheOptions {
  /** Directory of the cache files; created on first use (config: LABGRAPH_CACHE_DIR). */
  directory: string;
  /** Total size cap in bytes; least recently used files are evicted beyond it (LABGRAPH_CACHE_MAX_BYTES). */
  maxBytes: number;
}

export interface CachedObject {
  info: ObjectInfo;
  bytes: Uint8Array;
}

interface Entry {
  size: number;
}

export class DiskCache {
  readonly directory: string;
  readonly maxBytes: number;
  /** File name → entry, in least-recently-used-first order (Map keeps insertion order). */
  private entries = new Map<string, Entry>();
  private totalBytes = 0;
  private loading: Promise<void> | null = null;
  /** Downloads in flight, shared by the requests asking (aborted only when all of them have gone). */
  private inFlight = new SharedCalls<CachedObject>();

  constructor(options: DiskCacheOptions) {
    this.directory = options.directory;
    this.maxBytes = options.maxBytes;
  }

  /** Bytes currently held, as far as this process knows. */
  get sizeBytes(): number {
    return this.totalBytes;
  }

  describe(): string {
    return `disk cache ${this.directory} up to ${formatBytes(this.maxBytes)}`;
  }

  /**
   * The object at `expected`'s bucket/key/etag: from disk when present, else from `fetch` (then
   * stored under the ETag the upstream reported for the bytes it sent, which is `expected.etag`
   * unless the object changed in between).
   */
  getOrFetch(expected: ObjectInfo, fetch: () => Promise<CachedObject>): Promise<CachedObject> {
    const name = entryName(expected);
    if (this.inFlight.has(name)) countCacheLookup('objectstore.disk', true); // shares the read in flight
    return this.inFlight.run(name, () => this.load(name, expected, fetch));
  }

  private async load(name: string, expected: ObjectInfo, fetch: () => Promise<CachedObject>) {
    await this.ensureIndex();
    const cached = await this.read(name, expected);
    countCacheLookup('objectstore.disk', cached !== null);
    if (cached) return { info: expected, bytes: cached };
    const fetched = await fetch();
    const { info, bytes } = fetched;
    if (bytes.byteLength !== info.size) {
      throw new UpstreamError(
        'objectstore',
        'UNAVAILABLE',
        `objectstore: get ${info.uri} delivered ${bytes.byteLength} of ${info.size} bytes`,
      );
    }
    // A plain-MD5-looking ETag that the bytes do not match is an SSE-KMS object's (not a digest) or
    // a damaged transfer: serve the bytes, but keep nothing that a later hit could not verify.
    if (await matchesEtag(info.etag, bytes)) await this.store(entryName(info), bytes);
    return fetched;
  }

  /**
   * The cached bytes when they are `expected`'s (size, and MD5 when the ETag is one), or null: an
   * unreadable or damaged entry is a miss (a damaged one is deleted), never a failed request.
   */
  private async read(name: string, expected: ObjectInfo): Promise<Uint8Array | null> {
    const path = join(this.directory, name);
    const bytes = await readChecked(path, expected).catch(() => null);
    if (bytes === null) {
      this.forget(name);
      await unlink(path).catch(() => {});
      return null;
    }
    this.remember(name, bytes.byteLength);
    await this.evict(name); // the file may be new to this process (written by another one)
    const now = new Date();
    // Persist recency for the next process; failing to is harmless.
    await utimes(join(this.directory, name), now, now).catch(() => {});
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private async store(name: string, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > this.maxBytes) return; // would evict everything and still not fit
    const temp = join(
      this.directory,
      `${name}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
    );
    try {
      await mkdir(this.directory, { recursive: true });
      await writeFile(temp, bytes);
      await rename(temp, join(this.directory, name));
    } catch {
      // The cache is an optimisation: a full or read-only disk must not fail the request.
      await rm(temp, { force: true }).catch(() => {});
      return;
    }
    this.remember(name, bytes.byteLength);
    await this.evict(name);
  }

  /**
   * Removes least recently used files until the total fits, never the one just stored. Victims are
   * chosen before any await, so concurrent stores never pick from a half-updated index.
   */
  private async evict(keep: string): Promise<void> {
    const victims: string[] = [];
    for (const [name] of this.entries) {
      if (this.totalBytes <= this.maxBytes) break;
      if (name === keep) continue;
      this.forget(name);
      victims.push(name);
    }
    await Promise.all(victims.map((name) => unlink(join(this.directory, name)).catch(() => {})));
  }

  private remember(name: string, size: number): void {
    this.forget(name);
    this.entries.set(name, { size });
    this.totalBytes += size;
  }

  private forget(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    this.totalBytes -= entry.size;
  }

  private ensureIndex(): Promise<void> {
    this.loading ??= this.scan();
    return this.loading;
  }

  /**
   * Learns the files a previous process left, oldest use first, and drops stale temp files. A missing
   * or unreadable directory is an empty cache (writes will create it or fail quietly).
   */
  private async scan(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch {
      return;
    }
    const now = Date.now();
    const found: { name: string; size: number; usedAt: number }[] = [];
    for (const name of names) {
      const info = await stat(join(this.directory, name)).catch(() => null);
      if (!info?.isFile()) continue;
      if (name.endsWith(TEMP_SUFFIX) && now - info.mtimeMs > STALE_TEMP_MS) {
        await rm(join(this.directory, name), { force: true }).catch(() => {});
      } else if (name.endsWith(ENTRY_SUFFIX)) {
        found.push({ name, size: info.size, usedAt: info.mtimeMs });
      }
    }
    found.sort((a, b) => a.usedAt - b.usedAt);
    for (const file of found) this.remember(file.name, file.size);
    await this.evict('');
  }
}

/** An S3 ETag that is the MD5 of the content: 32 hex digits (multipart ETags end in `-<parts>`). */
function isPlainMd5(etag: string): boolean {
  return /^[0-9a-f]{32}$/i.test(etag);
}

/** True unless the ETag is a plain MD5 that the bytes do not have. Hashes in slices between turns. */
async function matchesEtag(etag: string, bytes: Uint8Array): Promise<boolean> {
  if (!isPlainMd5(etag)) return true;
  const hash = createHash('md5');
  for (let offset = 0; offset < bytes.byteLength; offset += HASH_SLICE_BYTES) {
    hash.update(bytes.subarray(offset, offset + HASH_SLICE_BYTES));
    if (offset + HASH_SLICE_BYTES < bytes.byteLength) await nextTurn();
  }
  return hash.digest('hex') === etag.toLowerCase();
}

/**
 * The file's bytes, read (and hashed, for a plain-MD5 ETag) chunk by chunk; null when its size or
 * MD5 is not the object's.
 */
async function readChecked(path: string, expected: ObjectInfo): Promise<Uint8Array | null> {
  if ((await stat(path)).size !== expected.size) return null;
  const hash = isPlainMd5(expected.etag) ? createHash('md5') : null;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: HASH_SLICE_BYTES })) {
    const buffer = chunk as Buffer;
    hash?.update(buffer);
    chunks.push(buffer);
    length += buffer.byteLength;
    if (length > expected.size) return null; // grew since the stat
  }
  if (length !== expected.size) return null;
  if (hash && hash.digest('hex') !== expected.etag.toLowerCase()) return null;
  const bytes = Buffer.concat(chunks, length);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A fixed-length, path-safe name for any bucket/key/etag. */
function entryName(info: Pick<ObjectInfo, 'bucket' | 'key' | 'etag'>): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([info.bucket, info.key, info.etag]))
    .digest('hex');
  return `${digest}${ENTRY_SUFFIX}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
