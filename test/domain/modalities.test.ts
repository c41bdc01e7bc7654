/** Modalities from a raw data dir's sub-directories (aind-session's rule), and the folder listing helper. */
import { describe, expect, it } from 'vitest';
import { childFolders, modalitiesFromDirs } from '../../src/domain/modalities.ts';

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

describe('childFolders', () => {
  const keys = [
    'ecephys_1/behavior/a.hdf5',
    'ecephys_1/ecephys_clipped/x/y.dat',
    'ecephys_1/ecephys_clipped/z.dat',
    'ecephys_1/data_description.json',
    'ecephys_1//double-slash',
    'ecephys_10/other/b.txt',
    'elsewhere/ecephys_1/c/d',
  ];

  it.each<[string, string[]]>([
    ['ecephys_1', ['behavior', 'ecephys_clipped']],
    ['ecephys_1/', ['behavior', 'ecephys_clipped']],
    ['ecephys_1/ecephys_clipped', ['x']],
    ['ecephys_10', ['other']],
    ['missing', []],
  ])('below %j: %j', (prefix, folders) => {
    expect(childFolders(prefix, keys)).toEqual(folders);
  });
});
