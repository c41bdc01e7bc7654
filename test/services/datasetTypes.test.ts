/**
 * classifyDatasetFile on the fixture lab's seeded dataset types and data formats: every kind of file
 * the lab registers gets exactly one type and one format, and every refusal has its code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDatasetFile, datasetFileClassifier } from '../../src/services/datasetTypes.ts';
import { seedIfEmpty } from '../../src/services/registrySeed.ts';
import { openRegistry, type RegistrySource } from '../../src/sources/registry/index.ts';
import { scratchRegistryDir } from '../support/registryTemplate.ts';

let registry: RegistrySource;
let scratch: Awaited<ReturnType<typeof scratchRegistryDir>>;

beforeAll(async () => {
  scratch = await scratchRegistryDir();
  registry = await openRegistry({ backend: 'pglite', dir: scratch.dir });
  expect(await seedIfEmpty(registry, 'fixtures/registry/seed.yaml', 'America/Los_Angeles')).toBe(true);
}, 120_000);
afterAll(async () => {
  await registry?.close();
  await scratch?.remove();
});

describe('classifyDatasetFile with the seeded types and formats', () => {
  it.each([
    ['behavior/DynamicRouting1_676909_20231213_134340.hdf5', 'behavior', 'hdf5', 'behavior', ''],
    ['RFMapping_676909_20231213_140000.HDF5', 'behavior', 'hdf5', '', ''],
    ['20231213T134300.sync', 'sync', 'sync', '', ''],
    ['behavior-videos/Behavior_20231213T134340.mp4', 'camera.video', 'mp4', 'behavior-videos', ''],
    ['videos/Eye_20231213T134340.avi', 'camera.videoAvi', 'avi', 'videos', ''],
    ['676909_2023-12-13.nwb', 'nwb', 'nwb', '', ''],
    ['metadata.nd.json', 'aind.metadata', 'json', '', ''],
    ['alf/trials.table.pqt', 'trials.table', 'parquet', 'alf', ''],
    ['alf/#2024-03-01#/trials.table.pqt', 'trials.table', 'parquet', 'alf', '2024-03-01'],
    ['alf/_ibl_trials.table.pqt', 'trials', 'parquet', 'alf', ''],
    ['alf/_ibl_trials.stimOn_times.npy', 'trials', 'npy', 'alf', ''],
    ['alf/performance.table.csv', 'performance.table', 'csv', 'alf', ''],
    ['alf/epochs.table.pqt', 'epochs.table', 'parquet', 'alf', ''],
    ['alf/probe01/units.table.pqt', 'units.table', 'parquet', 'alf/probe01', ''],
    ['alf/probe01/spikes.times_ephysClock.npy', 'spikes.times', 'npy', 'alf/probe01', ''],
    ['alf/probe01/_ks4_spikes.clusters.npy', 'spikes.clusters', 'npy', 'alf/probe01', ''],
    ['alf/licks.times.h5', 'licks.times', 'h5', 'alf', ''],
  ])('%s → %s (%s)', async (relativePath, datasetType, dataFormat, collection, revision) => {
    const outcome = await classifyDatasetFile(registry, relativePath);
    if ('problem' in outcome) throw new Error(outcome.problem.message);
    expect(outcome.value.datasetType.name).toBe(datasetType);
    expect(outcome.value.dataFormat.name).toBe(dataFormat);
    expect(outcome.value.path).toMatchObject({ collection, revision });
  });

  it.each([
    ['#rev#/alf/trials.table.pqt', 'INVALID_ALF_PATH'],
    ['../trials.table.pqt', 'INVALID_ALF_PATH'],
    ['alf/trials.table.parquet', 'UNKNOWN_EXTENSION'],
    ['README', 'UNKNOWN_EXTENSION'],
    ['alf/wheel.position.npy', 'NO_DATASET_TYPE'],
    ['notes.csv', 'NO_DATASET_TYPE'],
  ])('%s → %s', async (relativePath, code) => {
    expect(await classifyDatasetFile(registry, relativePath)).toMatchObject({ problem: { code } });
  });

  it('names the candidates when two seeded-plus-added types match', async () => {
    await registry.write('test-admin', null, async (tx) => ({
      commit: (
        await tx.upsertDatasetType(
          { name: 'all.tables', filenamePattern: '*.table.*', description: null },
          'test-admin',
        )
      ).name,
    }));
    const classify = await datasetFileClassifier(registry);
    expect(classify('alf/trials.table.pqt')).toMatchObject({
      problem: { code: 'AMBIGUOUS_DATASET_TYPE', candidates: ['all.tables', 'trials.table'] },
    });
    expect(classify('alf/units.table.pqt')).toMatchObject({
      problem: { code: 'AMBIGUOUS_DATASET_TYPE', candidates: ['all.tables', 'units.table'] },
    });
    expect(classify('alf/spikes.times.npy')).toMatchObject({
      value: { datasetType: { name: 'spikes.times' } },
    });
  });
});
