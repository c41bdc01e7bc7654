import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';
import { createSources } from '../src/sources/index.ts';

describe('loadConfig', () => {
  it('uses every embedded backend when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.codeocean.backend).toBe('embedded');
    expect(config.docdb.backend).toBe('embedded');
    expect(config.objectStore.backend).toBe('local');
    expect(config.tracked.yaml).toMatch(/fixtures\/tracked\/tracked_sessions\.yaml$/);
  });

  it.each([
    ['LABGRAPH_PORT', 'abc'],
    ['LABGRAPH_PORT', '70000'],
    ['LABGRAPH_GRAPHIQL', 'maybe'],
    ['LABGRAPH_LOG_LEVEL', 'loud'],
    ['LABGRAPH_MAX_PAGE_SIZE', '0'],
    ['LABGRAPH_TRACKED_YAML', '/tmp/sessions.txt'],
    ['DOCDB_URI', 'ftp://docdb.example'],
    ['CODE_OCEAN_DOMAIN', 'http://exa mple'],
    ['LABGRAPH_EXTRA_SUBJECTS', '12345'],
    ['LABGRAPH_OBJECTSTORE', 'gcs'],
  ])('a bad %s (%s) stops startup naming the variable', (variable, value) => {
    const env = {
      [variable]: value,
      ...(variable === 'CODE_OCEAN_DOMAIN' ? { CODE_OCEAN_API_TOKEN: 'cop_x' } : {}),
    };
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(`^${variable}:`));
  });

  it('LABGRAPH_FEDERATION turns the subgraph on, and refuses LABGRAPH_PERSISTED_ONLY beside it', () => {
    expect(loadConfig({}).federation).toBe(false);
    expect(loadConfig({ LABGRAPH_FEDERATION: 'true' }).federation).toBe(true);
    expect(() => loadConfig({ LABGRAPH_FEDERATION: 'sometimes' })).toThrowError(/^LABGRAPH_FEDERATION:/);
    expect(() => loadConfig({ LABGRAPH_FEDERATION: 'true', LABGRAPH_PERSISTED_ONLY: 'true' })).toThrowError(
      /^LABGRAPH_PERSISTED_ONLY: cannot be true with LABGRAPH_FEDERATION=true/,
    );
  });

  it('picks the HTTP CodeOcean backend from a token, or from any cop_ value as aind-session does', () => {
    expect(loadConfig({ CODE_OCEAN_API_TOKEN: 'cop_abc' }).codeocean).toMatchObject({
      backend: 'http',
      token: 'cop_abc',
    });
    expect(loadConfig({ SOME_SECRET: 'COP_xyz' }).codeocean).toMatchObject({
      backend: 'http',
      token: 'COP_xyz',
    });
    expect(
      loadConfig({ CODE_OCEAN_API_TOKEN: 'cop_abc', LABGRAPH_CODEOCEAN: 'embedded' }).codeocean.backend,
    ).toBe('embedded');
  });

  it('picks the DocDB backend from DOCDB_URI, passing multi-host Mongo URIs through untouched', () => {
    const uri = 'mongodb://user:p%40ss@h1:27017,h2:27017/?replicaSet=rs0';
    expect(loadConfig({ DOCDB_URI: uri }).docdb).toMatchObject({
      backend: 'mongodb',
      uri,
      database: 'metadata_index',
    });
    expect(loadConfig({ DOCDB_URI: 'https://api.example.org/' }).docdb).toMatchObject({
      backend: 'rest',
      baseUrl: 'https://api.example.org',
    });
  });

  it('uses S3 when AWS settings are present, the local directory otherwise', () => {
    expect(loadConfig({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' }).objectStore).toMatchObject({
      backend: 's3',
      forcePathStyle: true,
    });
    expect(loadConfig({ AWS_PROFILE: 'lab', LABGRAPH_OBJECTSTORE: 'local' }).objectStore.backend).toBe(
      'local',
    );
  });

  it('sizes the HDF5 worker pool, its timeout and the derived-table cache from the environment', () => {
    expect(loadConfig({}).taskFileReader).toEqual({ workers: 2, timeoutMs: 20_000 });
    expect(loadConfig({}).derivedCacheMaxBytes).toBe(256 * 1024 ** 2);
    const set = loadConfig({
      LABGRAPH_HDF5_WORKERS: '4',
      LABGRAPH_HDF5_TIMEOUT_MS: '5000',
      LABGRAPH_DERIVED_CACHE_MAX_BYTES: '10000000',
    });
    expect(set.taskFileReader).toEqual({ workers: 4, timeoutMs: 5_000 });
    expect(set.derivedCacheMaxBytes).toBe(10_000_000);
    expect(() => loadConfig({ LABGRAPH_HDF5_WORKERS: '0' })).toThrowError(/LABGRAPH_HDF5_WORKERS/);
    expect(() => loadConfig({ LABGRAPH_HDF5_WORKERS: '64' })).toThrowError(ConfigError);
  });

  it('never puts credentials in the backend descriptions logged at startup', () => {
    const config = loadConfig({
      CODE_OCEAN_API_TOKEN: 'cop_supersecret',
      DOCDB_URI: 'mongodb://reader:hunter2@127.0.0.1:1/?directConnection=true',
    });
    const sources = createSources(config);
    const described = [
      sources.codeocean.describe(),
      sources.docdb.describe(),
      sources.objectStore.describe(),
    ].join('\n');
    expect(described).not.toContain('supersecret');
    expect(described).not.toContain('hunter2');
  });
});
