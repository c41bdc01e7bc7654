import { describe, expect, it } from 'vitest';
import {
  formatLabDateTime,
  formatOffset,
  isTimeZone,
  labDateOf,
  offsetMinutes,
  parseLabDateTime,
} from '../../src/domain/labTime.ts';

const LA = 'America/Los_Angeles';

describe('parseLabDateTime', () => {
  it.each([
    // naive wall time in the lab zone, winter (PST) and summer (PDT)
    ['2023-12-13T13:43:40', LA, '2023-12-13T21:43:40.000Z', true],
    ['2024-07-01 09:00', LA, '2024-07-01T16:00:00.000Z', true],
    // a bare date is midnight in the lab zone (ONE's ensure_ISO8601)
    ['2023-12-13', LA, '2023-12-13T08:00:00.000Z', true],
    // fractions are kept to the millisecond
    ['2021-07-14T15:53:15.525119', LA, '2021-07-14T22:53:15.525Z', true],
    // skipped by spring-forward: moves forward by the gap (03:30 PDT)
    ['2024-03-10T02:30:00', LA, '2024-03-10T10:30:00.000Z', true],
    // repeated by fall-back: the earlier instant (01:30 PDT)
    ['2024-11-03T01:30:00', LA, '2024-11-03T08:30:00.000Z', true],
    ['2024-11-03T02:30:00', LA, '2024-11-03T10:30:00.000Z', true],
    // an offset or Z makes it an instant whatever the zone
    ['2023-12-13T13:43:40Z', LA, '2023-12-13T13:43:40.000Z', false],
    ['2023-12-13T13:43:40+01:00', LA, '2023-12-13T12:43:40.000Z', false],
    ['2023-12-13T13:43:40-0330', LA, '2023-12-13T17:13:40.000Z', false],
    ['2023-12-13T13:43:40', 'UTC', '2023-12-13T13:43:40.000Z', true],
    ['2023-12-13T13:43:40', 'Asia/Kolkata', '2023-12-13T08:13:40.000Z', true],
  ])('%s in %s → %s', (text, zone, iso, naive) => {
    expect(parseLabDateTime(text, zone)).toEqual({ instant: new Date(iso), naive });
  });

  it.each([
    '07/14/21',
    '2023-02-29',
    '2023-13-01',
    '2023-12-13T24:00',
    '2023-12-13T12:60',
    '2023-12-13T12:00:61',
    '2023-12-13Z',
    '2023-12-13T12:00+19:00',
    'yesterday',
    '',
  ])('refuses %j', (text) => {
    expect(parseLabDateTime(text, LA)).toHaveProperty('problem');
  });
});

describe('formatLabDateTime and labDateOf', () => {
  it.each([
    ['2023-12-13T21:43:40Z', LA, '2023-12-13T13:43:40-08:00', '2023-12-13'],
    ['2024-07-01T16:00:00.250Z', LA, '2024-07-01T09:00:00.250-07:00', '2024-07-01'],
    ['2023-12-14T05:00:00Z', LA, '2023-12-13T21:00:00-08:00', '2023-12-13'],
    ['2023-12-14T05:00:00Z', 'UTC', '2023-12-14T05:00:00+00:00', '2023-12-14'],
    ['2023-12-13T08:13:40Z', 'Asia/Kolkata', '2023-12-13T13:43:40+05:30', '2023-12-13'],
    ['2023-12-13T17:13:40Z', 'America/St_Johns', '2023-12-13T13:43:40-03:30', '2023-12-13'],
  ])('%s in %s → %s on %s', (iso, zone, shown, date) => {
    expect(formatLabDateTime(new Date(iso), zone)).toBe(shown);
    expect(labDateOf(new Date(iso), zone)).toBe(date);
  });

  it('round-trips every naive wall time it formats, across a DST change', () => {
    for (let hour = 0; hour < 48; hour++) {
      const instant = new Date(Date.UTC(2024, 2, 9, 12 + hour));
      const shown = formatLabDateTime(instant, LA);
      expect(parseLabDateTime(shown, LA)).toEqual({ instant, naive: false });
    }
  });

  it('knows offsets and zones', () => {
    expect(offsetMinutes(new Date('2024-01-01T00:00:00Z'), LA)).toBe(-480);
    expect(offsetMinutes(new Date('2024-07-01T00:00:00Z'), LA)).toBe(-420);
    expect(isTimeZone(LA)).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('formatOffset', () => {
  it.each([
    [-480, '-08:00'],
    [-420, '-07:00'],
    [0, '+00:00'],
    [330, '+05:30'],
    [-210, '-03:30'],
    [840, '+14:00'],
  ])('%i minutes → %s', (minutes, text) => {
    expect(formatOffset(minutes)).toBe(text);
  });
});
