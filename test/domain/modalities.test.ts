/** Modalities from a raw data dir's sub-directories (aind-session's rule). */
import { describe, expect, it } from 'vitest';
import { modalitiesFromDirs } from '../../src/domain/modalities.ts';

describe('modalitiesFromDirs', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [['ecephys_compressed', 'ecephys_clipped'], ['ecephys']],
    [
      ['behavior_videos', 'ecephys_clipped', 'behavior'],
      ['behavior', 'behavior_videos', 'ecephys'],
    ],
    [['metadata', 'ecephys_metadata', 'metadata.nwb', 'behavior'], ['behavior']],
    [['ecephys', 'ecephys_compressed'], ['ecephys']],
    [
      ['ecephys_sorted', 'ecephys_clipped'],
      ['ecephys', 'ecephys_sorted'],
    ],
    [
      ['pophys', 'behavior', 'pophys'],
      ['behavior', 'pophys'],
    ],
  ])('%j → %j', (dirs, modalities) => {
    expect(modalitiesFromDirs(dirs)).toEqual(modalities);
  });
});
