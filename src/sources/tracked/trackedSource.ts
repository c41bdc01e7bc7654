/**
 * The tracked-sessions source. Local files and `s3://` objects differ only in where the bytes come
 * from: s3 bytes and listings are injected (the gateway passes its object store), local ones are read
 * from disk. Both go through the same parsers and merge. `load()` reads everything afresh; caching is
 * the cache module's job.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError, SourceFileError } from '../../errors.ts';
import { mergeTrackedSessions, mergeTrainingSubjects } from './merge.ts';
import type { TrackedSessionsSource, TrackedSnapshot, TrackedSourceOptions } from './types.ts';
import { type ParsedWorkbook, parseTrainingWorkbook } from './workbookParser.ts';
import { parseTrackedYaml } from './yamlParser.ts';

const isS3 = (uri: string) => uri.startsWith('s3://');
const hasGlob = (uri: string) => /[*?[]/.test(uri);

export function createTrackedSource(opts: TrackedSourceOptions): TrackedSessionsSource {
  const uris = [opts.yaml, ...opts.workbooks];
  for (const uri of uris) {
    if (isS3(uri) && !opts.readBytes) {
      throw new ConfigError(uri, 'an s3:// location needs an object store to read from (readBytes)');
    }
    if (isS3(uri) && hasGlob(uri) && !opts.listUris) {
      throw new ConfigError(uri, 'an s3:// glob needs an object store listing (listUris)');
    }
    if (hasGlob(dirname(uri))) throw new ConfigError(uri, 'wildcards are allowed in the file name only');
  }

  const readBytes = async (uri: string): Promise<Uint8Array> => {
    if (isS3(uri) && opts.readBytes) return opts.readBytes(uri);
    try {
      return await readFile(uri);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new SourceFileError(
        uri,
        'file',
        code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? err})`,
      );
    }
  };

  const resolveWorkbooks = async (warnings: string[]): Promise<string[]> => {
    const resolved: string[] = [];
    for (const spec of opts.workbooks) {
      if (!hasGlob(spec)) {
        resolved.push(spec);
        continue;
      }
      const matches = isS3(spec) && opts.listUris ? await opts.listUris(spec) : await listLocalGlob(spec);
      if (matches.length === 0) warnings.push(`${spec}: no workbook matches`);
      resolved.push(...[...matches].sort());
    }
    return [...new Set(resolved)];
  };

  return {
    kind: uris.some(isS3) ? 's3' : 'local',
    describe: () =>
      `${uris.some(isS3) ? 's3' : 'local'}: ${opts.yaml} + ${opts.workbooks.join(', ') || 'no workbooks'}`,
    async load(): Promise<TrackedSnapshot> {
      const now = opts.now?.() ?? new Date();
      const warnings: string[] = [];
      const workbookUris = await resolveWorkbooks(warnings);
      const [yamlBytes, ...workbookBytes] = await Promise.all([opts.yaml, ...workbookUris].map(readBytes));
      const yaml = parseTrackedYaml(new TextDecoder().decode(yamlBytes), opts.yaml, now);
      warnings.push(...yaml.warnings);
      const workbooks: ParsedWorkbook[] = [];
      for (const [i, bytes] of workbookBytes.entries()) {
        workbooks.push(
          await parseTrainingWorkbook(bytes, workbookUris[i] as string, now, opts.workbookLimits),
        );
      }
      return {
        sessions: mergeTrackedSessions(
          yaml.sessions,
          workbooks.flatMap((w) => w.rows),
        ),
        subjects: mergeTrainingSubjects(
          workbooks.map((w) => w.subjects),
          warnings,
        ),
        loadedAt: now,
        files: [opts.yaml, ...workbookUris],
        warnings,
      };
    },
  };
}

/** Files in one local directory whose names match a `*`/`?` pattern. */
async function listLocalGlob(pattern: string): Promise<string[]> {
  const dir = dirname(pattern);
  const name = globToRegExp(basename(pattern));
  try {
    const entries = await readdir(dir);
    return entries.filter((entry) => name.test(entry)).map((entry) => join(dir, entry));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * `listUris` for s3:// globs from any lister of the objects under a key prefix — e.g.
 * `s3GlobLister((bucket, prefix) => objectStore.list(bucket, prefix))`.
 */
export function s3GlobLister(
  list: (bucket: string, prefix: string) => Promise<readonly { uri: string }[]>,
): (globUri: string) => Promise<string[]> {
  return async (globUri) => {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(globUri);
    if (!match) throw new ConfigError(globUri, 'expected s3://<bucket>/<key pattern>');
    const [, bucket = '', keyPattern = ''] = match;
    const wildcard = keyPattern.search(/[*?[]/);
    const prefix = wildcard < 0 ? keyPattern : keyPattern.slice(0, wildcard);
    const folder = dirname(globUri);
    const name = globToRegExp(basename(globUri));
    const objects = await list(bucket, prefix);
    return objects.map((o) => o.uri).filter((uri) => dirname(uri) === folder && name.test(basename(uri)));
  };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replaceAll('*', '[^/]*')
    .replaceAll('?', '[^/]');
  return new RegExp(`^${body}$`);
}
