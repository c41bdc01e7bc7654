/**
 * Loaders for CodeOcean assets, DocDB records and the S3 side of assets. Each batch function makes
 * one upstream call per source for all keys of a level: one search per subject for session assets
 * (CodeOcean has no OR), one DocDB find for all record names, one for all subjects.
 */
import DataLoader from 'dataloader';
import type { GatewayServices } from '../context.ts';
import { ANY_YEAR_UPSTREAM, parseAindSessionName } from '../domain/aindSessionName.ts';
import { byCreated, type DataAsset, isNamedAfterSession, sourceDirUri } from '../sources/codeocean/index.ts';
import { type DocDbRecord, sectionValue, subjectIdOf } from '../sources/docdb/index.ts';
import { ObjectNotFoundError, parseS3Uri } from '../sources/objectstore/index.ts';

/** What an asset's folder says about its run: the `output` text and whether `nwb/` holds a file. */
export interface AssetOutput {
  text: string | null;
  hasNwb: boolean;
}

export interface AssetLoaders {
  /** Assets named after an AIND session (raw and derived), oldest first. */
  sessionAssets: DataLoader<string, DataAsset[]>;
  asset: DataLoader<string, DataAsset | null>;
  /** Every asset of a subject (one CodeOcean search per subject). */
  subjectAssets: DataLoader<string, DataAsset[]>;
  /** The newest DocDB record with exactly this name. */
  recordByName: DataLoader<string, DocDbRecord | null>;
  /** The newest DocDB record of the subject that has a subject section. */
  subjectRecord: DataLoader<string, DocDbRecord | null>;
  assetOutput: DataLoader<DataAsset, AssetOutput, string>;
  /** Whether anything exists under an `s3://bucket/prefix/` URI. */
  s3PrefixExists: DataLoader<string, boolean>;
  /** Keys under an `s3://bucket/prefix/` URI. */
  s3Keys: DataLoader<string, string[]>;
}

const newestFirst = (a: DocDbRecord, b: DocDbRecord) =>
  (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0);

function newestBy<K>(
  records: readonly DocDbRecord[],
  keyOf: (r: DocDbRecord) => K | null,
): Map<K, DocDbRecord> {
  const newest = new Map<K, DocDbRecord>();
  for (const record of [...records].sort(newestFirst)) {
    const key = keyOf(record);
    if (key !== null && !newest.has(key)) newest.set(key, record);
  }
  return newest;
}

/** Splits `s3://bucket/prefix` (prefix may be empty). Non-S3 URIs (gs://, file://) are not ours to read. */
function s3Location(uri: string): { bucket: string; key: string } | null {
  if (!uri.startsWith('s3://')) return null;
  const withKey = uri.includes('/', 5) ? uri : `${uri}/`;
  return parseS3Uri(withKey);
}

export function createAssetLoaders({ sources }: GatewayServices): AssetLoaders {
  const { codeocean, docdb, objectStore } = sources;

  const readText = async (bucket: string, key: string): Promise<string | null> => {
    try {
      return new TextDecoder().decode((await objectStore.get(bucket, key)).bytes);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return null;
      throw error;
    }
  };

  // Session assets are filtered out of the subject's assets, so they share the per-subject search
  // (and its cache) with the catalog instead of searching again by name.
  const subjectAssets = new DataLoader<string, DataAsset[]>(async (subjects) => {
    const bySubject = await codeocean.getSubjectsDataAssets(subjects);
    return subjects.map((subject) => [...(bySubject.get(subject) ?? [])].sort(byCreated));
  });

  return {
    subjectAssets,
    sessionAssets: new DataLoader(async (names) => {
      const subjects = names.map((name) => parseAindSessionName(name, ANY_YEAR_UPSTREAM)?.subject ?? null);
      const lists = await subjectAssets.loadMany([...new Set(subjects.filter((s) => s !== null))]);
      const failed = lists.find((list) => list instanceof Error);
      if (failed) throw failed;
      const all = (lists as DataAsset[][]).flat();
      return names.map((name) => all.filter((asset) => isNamedAfterSession(asset.name, name)));
    }),
    asset: new DataLoader((ids) => codeocean.getDataAssets(ids)),
    recordByName: new DataLoader(async (names) => {
      const newest = newestBy(await docdb.find({ filter: { names } }), (r) => r.name);
      return names.map((name) => newest.get(name) ?? null);
    }),
    subjectRecord: new DataLoader(async (subjects) => {
      const records = await docdb.find({
        filter: { subjectIds: subjects },
        projection: ['subject', 'data_description'],
      });
      const withSubject = records.filter((r) => sectionValue(r, 'subject') !== null);
      const newest = newestBy(withSubject, subjectIdOf);
      return subjects.map((subject) => newest.get(subject) ?? null);
    }),
    // Object stores have no batch read: one GET (disk-cached by ETag) and one listing per asset.
    assetOutput: new DataLoader(
      (assets) =>
        Promise.all(
          assets.map(async (asset): Promise<AssetOutput> => {
            const dir = sourceDirUri(asset);
            const location = dir ? s3Location(dir) : null;
            if (!location) return { text: null, hasNwb: false };
            const [text, nwb] = await Promise.all([
              readText(location.bucket, `${location.key}/output`),
              objectStore.exists(location.bucket, `${location.key}/nwb/`),
            ]);
            return { text, hasNwb: nwb };
          }),
        ),
      { cacheKeyFn: (asset) => asset.id },
    ),
    s3PrefixExists: new DataLoader((uris) =>
      Promise.all(
        uris.map(async (uri) => {
          const location = s3Location(uri);
          return location ? objectStore.exists(location.bucket, location.key) : false;
        }),
      ),
    ),
    s3Keys: new DataLoader((uris) =>
      Promise.all(
        uris.map(async (uri) => {
          const location = s3Location(uri);
          return location ? (await objectStore.list(location.bucket, location.key)).map((o) => o.key) : [];
        }),
      ),
    ),
  };
}
