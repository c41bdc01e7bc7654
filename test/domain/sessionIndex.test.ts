/**
 * The session index: tracked sessions and AIND sightings merged into one session per (subject, date,
 * idx), two AIND sessions of a day ranked by start time, and the reference's list order.
 */
import { describe, expect, it } from 'vitest';
import { type AindSighting, buildSessionIndex, type IndexedSession } from '../../src/domain/sessionIndex.ts';
import type { SessionKey } from '../../src/domain/sessionRef.ts';

interface Tracked extends SessionKey {
  note: string;
}

const tracked = (subject: string, date: string, idx = 0, note = `${subject} ${date}`): Tracked => ({
  subject,
  date,
  idx,
  note,
});

const sighting = (
  platform: string,
  subject: string,
  date: string,
  time: string,
  source: AindSighting['source'] = 'codeocean',
): AindSighting => ({
  name: `${platform}_${subject}_${date}_${time.replaceAll(':', '-')}`,
  platform,
  subject,
  date,
  time,
  source,
});

/** The fields every case compares, for short expectations. */
const view = (s: IndexedSession<Tracked>) => ({
  id: s.id,
  idx: s.idx,
  tracked: s.tracked?.note ?? null,
  aindNames: s.aindNames,
  aindPlatform: s.aindPlatform,
  aindStart: s.aindStart,
  knownTo: s.knownTo,
});

describe('buildSessionIndex', () => {
  it.each<{
    name: string;
    tracked: Tracked[];
    sightings: AindSighting[];
    expected: ReturnType<typeof view>[];
  }>([
    { name: 'nothing', tracked: [], sightings: [], expected: [] },
    {
      name: 'a tracked session alone',
      tracked: [tracked('676909', '2023-12-13')],
      sightings: [],
      expected: [
        {
          id: '676909_2023-12-13',
          idx: 0,
          tracked: '676909 2023-12-13',
          aindNames: [],
          aindPlatform: null,
          aindStart: null,
          knownTo: ['tracked'],
        },
      ],
    },
    {
      name: 'an AIND sighting joins the tracked session of its subject and day',
      tracked: [tracked('676909', '2023-12-13')],
      sightings: [sighting('ecephys', '676909', '2023-12-13', '13:43:40')],
      expected: [
        {
          id: '676909_2023-12-13',
          idx: 0,
          tracked: '676909 2023-12-13',
          aindNames: ['ecephys_676909_2023-12-13_13-43-40'],
          aindPlatform: 'ecephys',
          aindStart: '2023-12-13T13:43:40',
          knownTo: ['tracked', 'codeocean'],
        },
      ],
    },
    {
      name: 'two AIND sessions of a day get idx by start time, whatever order they are seen in',
      tracked: [],
      sightings: [
        sighting('behavior', '676909', '2023-12-13', '15:00:00', 'docdb'),
        sighting('ecephys', '676909', '2023-12-13', '09:05:00'),
      ],
      expected: [
        {
          id: '676909_2023-12-13',
          idx: 0,
          tracked: null,
          aindNames: ['ecephys_676909_2023-12-13_09-05-00'],
          aindPlatform: 'ecephys',
          aindStart: '2023-12-13T09:05:00',
          knownTo: ['codeocean'],
        },
        {
          id: '676909_2023-12-13_1',
          idx: 1,
          tracked: null,
          aindNames: ['behavior_676909_2023-12-13_15-00-00'],
          aindPlatform: 'behavior',
          aindStart: '2023-12-13T15:00:00',
          knownTo: ['docdb'],
        },
      ],
    },
    {
      name: 'the same name seen by two sources is one name, known to both, in the order seen',
      tracked: [],
      sightings: [
        sighting('ecephys', '676909', '2023-12-13', '13:43:40', 'docdb'),
        sighting('ecephys', '676909', '2023-12-13', '13:43:40', 'codeocean'),
        sighting('ecephys', '676909', '2023-12-13', '13:43:40', 'docdb'),
      ],
      expected: [
        {
          id: '676909_2023-12-13',
          idx: 0,
          tracked: null,
          aindNames: ['ecephys_676909_2023-12-13_13-43-40'],
          aindPlatform: 'ecephys',
          aindStart: '2023-12-13T13:43:40',
          knownTo: ['docdb', 'codeocean'],
        },
      ],
    },
    {
      name: 'a tracked entry listed twice: the first is kept, tracked once',
      tracked: [tracked('628801', '2022-09-20', 0, 'first'), tracked('628801', '2022-09-20', 0, 'second')],
      sightings: [],
      expected: [
        {
          id: '628801_2022-09-20',
          idx: 0,
          tracked: 'first',
          aindNames: [],
          aindPlatform: null,
          aindStart: null,
          knownTo: ['tracked'],
        },
      ],
    },
    {
      name: 'days are ranked per subject: another subject the same day starts at idx 0',
      tracked: [],
      sightings: [
        sighting('ecephys', '676909', '2023-12-13', '13:00:00'),
        sighting('ecephys', '686740', '2023-12-13', '14:00:00'),
        sighting('ecephys', '686740', '2023-12-14', '08:00:00'),
      ],
      expected: [
        {
          id: '686740_2023-12-14',
          idx: 0,
          tracked: null,
          aindNames: ['ecephys_686740_2023-12-14_08-00-00'],
          aindPlatform: 'ecephys',
          aindStart: '2023-12-14T08:00:00',
          knownTo: ['codeocean'],
        },
        {
          id: '676909_2023-12-13',
          idx: 0,
          tracked: null,
          aindNames: ['ecephys_676909_2023-12-13_13-00-00'],
          aindPlatform: 'ecephys',
          aindStart: '2023-12-13T13:00:00',
          knownTo: ['codeocean'],
        },
        {
          id: '686740_2023-12-13',
          idx: 0,
          tracked: null,
          aindNames: ['ecephys_686740_2023-12-13_14-00-00'],
          aindPlatform: 'ecephys',
          aindStart: '2023-12-13T14:00:00',
          knownTo: ['codeocean'],
        },
      ],
    },
  ])('$name', ({ tracked, sightings, expected }) => {
    expect(buildSessionIndex(tracked, sightings).map(view)).toEqual(expected);
  });

  it('keeps the first sighting’s platform and start when later ones differ', () => {
    const first = sighting('ecephys', '676909', '2023-12-13', '13:43:40');
    const odd = { ...first, platform: 'behavior', time: '23:59:59', source: 'docdb' as const };
    expect(buildSessionIndex([], [first, odd]).map(view)).toEqual([
      {
        id: '676909_2023-12-13',
        idx: 0,
        tracked: null,
        aindNames: [first.name],
        aindPlatform: 'ecephys',
        aindStart: '2023-12-13T13:43:40',
        knownTo: ['codeocean', 'docdb'],
      },
    ]);
  });

  it('lists newest day first, then by subject, then by idx; keys are kept', () => {
    const index = buildSessionIndex(
      [
        tracked('676909', '2023-12-13', 1),
        tracked('686740', '2023-12-14'),
        tracked('676909', '2023-12-13', 0),
        tracked('644867', '2023-12-13', 2),
        tracked('676909', '2023-12-15'),
      ],
      [],
    );
    expect(index.map((s) => [s.subject, s.date, s.idx, s.id])).toEqual([
      ['676909', '2023-12-15', 0, '676909_2023-12-15'],
      ['686740', '2023-12-14', 0, '686740_2023-12-14'],
      ['644867', '2023-12-13', 2, '644867_2023-12-13_2'],
      ['676909', '2023-12-13', 0, '676909_2023-12-13'],
      ['676909', '2023-12-13', 1, '676909_2023-12-13_1'],
    ]);
  });
});
