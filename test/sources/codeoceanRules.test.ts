/**
 * Pure CodeOcean rules: raw/sorted/process classification, subject association, output-error markers,
 * the query builder/parser, id normalisation, token and domain resolution. Table-driven, no I/O except
 * one check that classifies every fixture asset the way the lab model says it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLab, labAssets } from '../../fixtures/generator/lab.ts';
import { ConfigError } from '../../src/errors.ts';
import {
  isDataAssetError,
  isNamedAfterSession,
  isOutputError,
  isRawDataAsset,
  isSortedAsset,
  isSortingPipelineOutput,
  normalizeAssetId,
  OUTPUT_ERROR_MARKERS,
  outputErrorMarker,
  processOf,
  sessionNameOf,
  sourceDirUri,
  subjectOf,
} from '../../src/sources/codeocean/assetRules.ts';
import {
  buildDataAssetQuery,
  parseDataAssetQuery,
  recordMatchesQuery,
} from '../../src/sources/codeocean/searchQuery.ts';
import {
  DEFAULT_CODE_OCEAN_DOMAIN,
  resolveCodeOceanDomain,
  resolveCodeOceanToken,
} from '../../src/sources/codeocean/token.ts';
import type { DataAsset } from '../../src/sources/codeocean/types.ts';
import { toDataAsset } from '../../src/sources/codeocean/wire.ts';

const SESSION = 'ecephys_676909_2023-12-13_13-43-40';

const asset = (over: Partial<DataAsset>): DataAsset => ({
  id: '16d46411-540a-4122-b47f-8cb2a15d593a',
  name: SESSION,
  created: new Date(1702620828_000),
  type: 'dataset',
  state: 'ready',
  mount: SESSION,
  lastUsed: null,
  files: null,
  size: null,
  description: '',
  tags: [],
  customMetadata: {},
  provenance: null,
  sourceBucket: null,
  failureReason: null,
  ...over,
});

describe('isRawDataAsset', () => {
  it.each([
    [
      'custom metadata data level "raw data"',
      { name: 'anything', customMetadata: { 'data level': 'raw data' } },
      true,
    ],
    [
      'metadata in other case and spacing',
      { name: 'x', customMetadata: { 'data level': ' Raw Data ' } },
      true,
    ],
    [
      'derived data level, derived name',
      { name: `${SESSION}_sorted_2024-01-01_00-00-00`, customMetadata: { 'data level': 'derived' } },
      false,
    ],
    ['a tag that is exactly raw', { name: 'anything', tags: ['ecephys', 'raw'] }, true],
    ['a tag RAW (case-insensitive)', { name: 'anything', tags: ['RAW'] }, true],
    // Deliberately unlike the reference (quirk §7.5: `"raw" in tag`), which would call these raw.
    [
      'a tag that only contains raw',
      { name: `${SESSION}_dlc_side_2024-01-01_00-00-00`, tags: ['from_raw_video'] },
      false,
    ],
    ['a tag raw_data', { name: 'anything', tags: ['raw_data'] }, false],
    ['no metadata or tag, name equals the session name', { name: SESSION }, true],
    [
      'name equals a session name only after normalisation',
      { name: 'ecephys_676909_2023-12-13_13:43:40' },
      false,
    ],
    ['derived name, no metadata', { name: `${SESSION}_nwb_2024-02-11_03-07-13` }, false],
    ['not a session name at all', { name: 'dynamic-routing-cohort-summary_2024-02-01_10-00-00' }, false],
  ] as const)('%s → %s', (_, over, want) => {
    expect(isRawDataAsset(asset(over as Partial<DataAsset>))).toBe(want);
  });

  it('classifies every fixture asset as the lab model says', () => {
    const records = JSON.parse(readFileSync('fixtures/codeocean/data_assets.json', 'utf8')) as unknown[];
    const assets = records.map((r) => toDataAsset(r, 'fixtures'));
    const rawIds = new Set(
      labAssets(buildLab())
        .filter((a) => a.kind === 'raw')
        .map((a) => a.id),
    );
    expect(new Set(assets.filter(isRawDataAsset).map((a) => a.id))).toEqual(rawIds);
    // The fixtures exercise each rule: metadata, tag only, name only, and the substring-tag trap.
    const raws = assets.filter(isRawDataAsset);
    expect(raws.some((a) => a.customMetadata['data level'] === 'raw data')).toBe(true);
    expect(raws.some((a) => a.customMetadata['data level'] === undefined && a.tags.includes('raw'))).toBe(
      true,
    );
    expect(raws.some((a) => a.customMetadata['data level'] === undefined && !a.tags.includes('raw'))).toBe(
      true,
    );
    expect(assets.some((a) => !isRawDataAsset(a) && a.tags.some((t) => t.includes('raw')))).toBe(true);
  });
});

describe('session and subject of an asset', () => {
  it.each([
    [SESSION, SESSION],
    [`${SESSION}_sorted_2024-03-01_16-02-45`, SESSION],
    ['ecephys_676909_2023_12_13_13_43_40_sorted', SESSION],
    ['dynamic-routing-cohort-summary_2024-02-01_10-00-00', null],
  ])('sessionNameOf(%s) = %s', (name, want) => {
    expect(sessionNameOf({ name })).toBe(want);
  });

  it('takes the subject from the name first, then from `subject id` metadata, never from free text', () => {
    expect(subjectOf(asset({ name: SESSION, customMetadata: { 'subject id': '111111' } }))).toBe('676909');
    expect(subjectOf(asset({ name: 'pooled analysis', customMetadata: { 'subject id': 686740 } }))).toBe(
      '686740',
    );
    const stray = asset({
      name: 'dynamic-routing-cohort-summary_2024-02-01_10-00-00',
      description: 'Cohort summary figures for mice 676909, 686740 and 668759',
      tags: ['676909'],
    });
    expect(subjectOf(stray)).toBeNull();
  });

  it.each([
    [`${SESSION}_sorted_2024-03-01_16-02-45`, true],
    [`${SESSION}_sorted-ks4_2024-03-01_16-02-45`, true],
    [`${SESSION}_nwb_2024-03-01_16-02-45`, false],
    ['ecephys_676909_2023-12-13_15-10-02_sorted_2024-03-01_16-02-45', false],
    [SESSION, false],
  ])('isSortedAsset(%s) = %s', (name, want) => {
    expect(isSortedAsset({ name }, SESSION)).toBe(want);
  });

  it.each([
    [SESSION, 'raw'],
    [`${SESSION}_sorted_2024-03-01_16-02-45`, 'sorted'],
    [`${SESSION}_nwb_2024-02-11_03-07-13`, 'nwb'],
    [`${SESSION}_dlc_side_2024-02-12_03-14-26`, 'dlc_side'],
    [`${SESSION}_to_dlc_side`, 'dlc_side'],
    ['ecephys_676909_2023-12-14_12-43-11_nwb_2024-02-11_03-07-13', null],
  ])('processOf(%s) = %s', (name, want) => {
    expect(processOf({ name }, SESSION)).toBe(want);
  });

  it.each([
    [SESSION, true],
    [`${SESSION}_sorted_2024-03-01_16-02-45`, true],
    [`${SESSION}0`, false],
    [`${SESSION}x_sorted`, false],
    ['ecephys_676909_2023-12-13_15-10-02', false],
  ])('isNamedAfterSession(%s) = %s', (name, want) => {
    expect(isNamedAfterSession(name, SESSION)).toBe(want);
  });
});

describe('output errors', () => {
  const sorting = 'N E X T F L O W  ~  version 23.10.1\nspike sorting with kilosort2_5\n';

  it.each(OUTPUT_ERROR_MARKERS.filter((m) => m !== 'The CUDA error was:'))('%s is an error', (marker) => {
    expect(isOutputError(`line\n  ${marker}\nmore`)).toBe(true);
    expect(isOutputError(`${sorting}${marker}\n`)).toBe(true);
  });

  it('ignores CUDA errors in sorting-pipeline output only', () => {
    expect(isOutputError('capsule log\nThe CUDA error was: out of resources')).toBe(true);
    expect(isSortingPipelineOutput(sorting)).toBe(true);
    expect(isOutputError(`${sorting}The CUDA error was: out of resources\n`)).toBe(false);
  });

  it('names the marker found and passes clean output', () => {
    expect(outputErrorMarker('Command error:\n  Out of memory.')).toBe('Out of memory.');
    expect(isOutputError(`${sorting}Succeeded   : 12\n`)).toBe(false);
    expect(isOutputError('out of memory')).toBe(false); // markers are case-sensitive, as in the reference
  });

  it('counts a missing output, an error marker, or a sorting output without nwb as a failed asset', () => {
    expect(isDataAssetError(null, true)).toBe(true);
    expect(isDataAssetError('Traceback (most recent call last):\n', true)).toBe(true);
    expect(isDataAssetError(sorting, false)).toBe(true);
    expect(isDataAssetError(sorting, true)).toBe(false);
    expect(isDataAssetError('NWB packaging done\n', false)).toBe(false);
  });
});

describe('search queries', () => {
  it('truncates name terms to 20 characters and writes each tag once', () => {
    expect(buildDataAssetQuery({ name: SESSION })).toBe('name:ecephys_676909_2023-');
    expect(buildDataAssetQuery({ subjectId: '676909', tags: ['raw', 'raw', 'ecephys'] })).toBe(
      'subject id:676909 tag:raw tag:ecephys',
    );
    expect(buildDataAssetQuery({ text: '676909' })).toBe('676909');
  });

  it('parses fields (repeats OR together), quoted phrases and free text', () => {
    const parsed = parseDataAssetQuery('Subject ID:676909 tag:raw tag:Sorted "cohort summary" mice');
    expect(Object.fromEntries(parsed.fields)).toEqual({ 'subject id': ['676909'], tag: ['raw', 'sorted'] });
    expect(parsed.text).toEqual(['cohort summary', 'mice']);
  });

  it('matches: fields AND, repeated field OR, free text across name/description/tags/metadata', () => {
    const record = {
      name: SESSION,
      description: 'deep insertion',
      tags: ['ecephys', 'raw'],
      custom_metadata: { 'subject id': '676909' },
    };
    const matches = (q: string) => recordMatchesQuery(record, parseDataAssetQuery(q));
    expect(matches('subject id:676909 tag:raw')).toBe(true);
    expect(matches('tag:sorted tag:raw')).toBe(true);
    expect(matches('subject id:676909 tag:sorted')).toBe(false);
    expect(matches('tag:ra')).toBe(false);
    expect(matches('"deep insertion" 676909')).toBe(true);
    expect(matches('name:ECEPHYS_676909')).toBe(true);
    expect(matches(`name:${SESSION}`)).toBe(false); // longer than 20 characters
  });
});

describe('ids, URIs, validation', () => {
  it.each([
    ['16D46411-540A-4122-B47F-8CB2A15D593A', '16d46411-540a-4122-b47f-8cb2a15d593a'],
    ['16d46411540a4122b47f8cb2a15d593a', '16d46411-540a-4122-b47f-8cb2a15d593a'],
    [' 16d46411-540a-4122-b47f-8cb2a15d593a ', '16d46411-540a-4122-b47f-8cb2a15d593a'],
    ['867ed56f', null],
    ['', null],
  ])('normalizeAssetId(%j) = %s', (id, want) => {
    expect(normalizeAssetId(id)).toBe(want);
  });

  it('builds the source dir URI per origin', () => {
    const bucket = { bucket: 'aind-ephys-data', prefix: SESSION, external: true };
    expect(sourceDirUri(asset({ sourceBucket: { origin: 'aws', ...bucket } }))).toBe(
      `s3://aind-ephys-data/${SESSION}`,
    );
    expect(sourceDirUri(asset({ sourceBucket: { origin: 'gcp', ...bucket } }))).toBe(
      `gs://aind-ephys-data/${SESSION}`,
    );
    expect(sourceDirUri(asset({ sourceBucket: null }))).toBeNull();
  });

  it('converts epoch seconds to a Date and 0 last_used to null', () => {
    const a = toDataAsset(
      {
        id: 'ABC',
        created: 1702620828,
        name: SESSION,
        type: 'dataset',
        last_used: 0,
        mount: SESSION,
        state: 'ready',
      },
      'test',
    );
    expect(a.created.toISOString()).toBe('2023-12-15T06:13:48.000Z');
    expect(a.lastUsed).toBeNull();
    expect(a.id).toBe('abc');
  });
});

describe('token and domain from the environment', () => {
  it.each([
    [{ CODE_OCEAN_API_TOKEN: 'cop_explicit', OTHER: 'cop_other' }, 'cop_explicit'],
    [{ SOMETHING: 'nope', MY_TOKEN: 'COP_UPPER_abc' }, 'COP_UPPER_abc'],
    [{ A: 'x', B: ' cop_padded ' }, 'cop_padded'],
    [{ CODE_OCEAN_API_TOKEN: '', B: 'cop_fallback' }, 'cop_fallback'],
    [{ COP_NAME_ONLY: 'value-not-a-token' }, null],
    [{}, null],
  ])('resolveCodeOceanToken(%j) = %s', (env, want) => {
    expect(resolveCodeOceanToken(env)).toBe(want);
  });

  it('defaults the domain, accepts overrides and bare hosts, rejects garbage', () => {
    expect(resolveCodeOceanDomain({})).toBe(DEFAULT_CODE_OCEAN_DOMAIN);
    expect(resolveCodeOceanDomain({ CODE_OCEAN_DOMAIN: 'http://127.0.0.1:8080/' })).toBe(
      'http://127.0.0.1:8080',
    );
    expect(resolveCodeOceanDomain({ CODE_OCEAN_DOMAIN: 'codeocean.example.org' })).toBe(
      'https://codeocean.example.org',
    );
    expect(() => resolveCodeOceanDomain({ CODE_OCEAN_DOMAIN: 'https://' })).toThrow(ConfigError);
  });
});
