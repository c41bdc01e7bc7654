/** Choosing the registry backend from the environment, and keeping its credentials out of logs. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { redactPostgresUrl } from '../../src/sources/registry/index.ts';

describe('registry config', () => {
  it('defaults to embedded PGlite in .data/registry under the project', () => {
    expect(loadConfig({}).registry).toEqual({
      backend: 'pglite',
      dir: path.join(PROJECT_ROOT, '.data', 'registry'),
    });
    expect(loadConfig({ LABGRAPH_REGISTRY_DIR: 'tmp/reg' }).registry).toEqual({
      backend: 'pglite',
      dir: path.resolve('tmp/reg'),
    });
  });

  it('uses PostgreSQL when LABGRAPH_REGISTRY_URL is a postgres:// URL, kept as written for the driver', () => {
    const url = 'postgresql://lab:s3cr%40t@db.internal:5433/registry?sslmode=require';
    expect(loadConfig({ LABGRAPH_REGISTRY_URL: url }).registry).toEqual({ backend: 'postgres', url });
  });

  it.each(['mysql://lab@db/registry', 'not a url'])(
    'refuses %s naming the variable, not the value',
    (value) => {
      expect(() => loadConfig({ LABGRAPH_REGISTRY_URL: value })).toThrowError(ConfigError);
      expect(() => loadConfig({ LABGRAPH_REGISTRY_URL: value })).toThrowError(/^LABGRAPH_REGISTRY_URL:/);
    },
  );

  it('reads the lab time zone and the plausible weights per species', () => {
    expect(loadConfig({}).labTimeZone).toBe('America/Los_Angeles');
    expect(loadConfig({}).maxWeightG).toEqual({ mouse: 60 });
    expect(loadConfig({ LABGRAPH_TIMEZONE: 'Europe/London' }).labTimeZone).toBe('Europe/London');
    expect(loadConfig({ LABGRAPH_MAX_WEIGHT_G: 'Mouse=45, rat=800.5' }).maxWeightG).toEqual({
      mouse: 45,
      rat: 800.5,
    });
    expect(() => loadConfig({ LABGRAPH_TIMEZONE: 'Pacific Time' })).toThrowError(/^LABGRAPH_TIMEZONE:/);
    expect(() => loadConfig({ LABGRAPH_MAX_WEIGHT_G: 'mouse' })).toThrowError(/^LABGRAPH_MAX_WEIGHT_G:/);
    expect(() => loadConfig({ LABGRAPH_MAX_WEIGHT_G: 'mouse=0' })).toThrowError(/^LABGRAPH_MAX_WEIGHT_G:/);
  });

  it.each([
    ['postgres://lab:hunter2@db.internal:5433/registry', 'postgres://[redacted]@db.internal:5433/registry'],
    ['postgres://lab@db.internal/registry?password=hunter2', 'postgres://[redacted]@db.internal/registry'],
    ['postgres://db.internal/registry?password=hunter2', 'postgres://db.internal/registry'],
    ['postgres://lab:hunter2@[::1', '[unparsable PostgreSQL URL]'],
  ])('redacts %s', (raw, shown) => {
    expect(redactPostgresUrl(raw)).toBe(shown);
    expect(redactPostgresUrl(raw)).not.toContain('hunter2');
  });
});
