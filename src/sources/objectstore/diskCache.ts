/**
 * Downloaded objects kept on disk, keyed by bucket/key/ETag. Content at one ETag never changes, so an
 * entry never goes stale; the only bound is a total size, enforced by evicting the least recently
 * used files. Because it lives on disk, an object at a given ETag is downloaded once, also across
 * restarts. Concurrent requests for the same object share one download.
 *
 * Recency survives restarts through file mtimes (touched on every hit). Several processes may share
 * the directory: writes are atomic (temp file + rename) and a file evicted by another process is
 * simply a miss; each process enforces the cap on the files it knows about.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectInfo } from './types.ts';

export const DEFAULT_DISK_CACHE_DIRECTORY = '.cache/objects';
export const DEFAULT_DISK_CACHE_MAX_BYTES = 2 * 1024 ** 3;

const ENTRY_SUFFIX = '.obj';
const TEMP_SUFFIX = '.tmp';
/** Temp files older than this are leftovers of a crashed writer (a live write takes far less). */
const STALE_TEMP_MS = 60 * 60_000;

export interface DiskCacheOptions {
  /** Directory of the cache files; created on first use. Default `.cache/objects` (relative to cwd). */
  directory?: string;
  /** Total size cap in bytes; least recently used files are evicted beyond it. Default 2 GiB. */
  maxBytes?: number;
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
  private inFlight = new Map<string, Promise<CachedObject>>();

  constructor(options: DiskCacheOptions = {}) {
    this.directory = options.directory ?? DEFAULT_DISK_CACHE_DIRECTORY;
    this.maxBytes = options.maxBytes ?? DEFAULT_DISK_CACHE_MAX_BYTES;
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
    const pending = this.inFlight.get(name);
    if (pending) return pending;
    const loading = this.load(name, expected, fetch).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, loading);
    return loading;
  }

  private async load(name: string, expected: ObjectInfo, fetch: () => Promise<CachedObject>) {
    await this.ensureIndex();
    const cached = await this.read(name);
    if (cached) return { info: expected, bytes: cached };
    const fetched = await fetch();
    await this.store(entryName(fetched.info), fetched.bytes);
    return fetched;
  }

  /** The cached bytes, or null: an unreadable entry is a miss, never a failed request. */
  private async read(name: string): Promise<Uint8Array | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.directory, name));
    } catch {
      this.forget(name);
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
