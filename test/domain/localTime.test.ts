/** Lab-local (Pacific) wall times to ISO 8601 with the offset in force, both ways, across DST changes. */
import { describe, expect, it } from 'vitest';
import { instantToLabIso, labLocalToIso } from '../../src/domain/localTime.ts';

describe('labLocalToIso', () => {
  it.each([
    ['2023-12-13 13:43:40', '2023-12-13T13:43:40-08:00'],
    ['2023-12-13T13:43:40', '2023-12-13T13:43:40-08:00'],
    ['  2023-06-01 09:00:00\t', '2023-06-01T09:00:00-07:00'],
    // spring forward 2024-03-10 02:00 PST → 03:00 PDT
    ['2024-03-10 01:59:59', '2024-03-10T01:59:59-08:00'],
    ['2024-03-10 03:00:00', '2024-03-10T03:00:00-07:00'],
    // fall back 2024-11-03 02:00 PDT → 01:00 PST: the repeated hour reads as PST
    ['2024-11-03 00:30:00', '2024-11-03T00:30:00-07:00'],
    ['2024-11-03 01:30:00', '2024-11-03T01:30:00-08:00'],
    ['2024-11-03 02:30:00', '2024-11-03T02:30:00-08:00'],
  ])('%j → %s', (local, iso) => {
    expect(labLocalToIso(local)).toBe(iso);
  });

  it.each([
    '',
    '2023-12-13',
    '2023-12-13 13:43',
    '2023-12-13_13:43:40',
    '2023-12-13 13:43:40Z',
    '2023-12-13 13:43:40-08:00',
    'x2023-12-13 13:43:40',
    '2023-12-13 13:43:40.5',
    '20231213 134340',
  ])('%j is not a lab-local time: null', (local) => {
    expect(labLocalToIso(local)).toBeNull();
  });
});

describe('instantToLabIso', () => {
  it.each([
    ['2023-12-13T21:43:40Z', '2023-12-13T13:43:40-08:00'],
    ['2023-06-01T16:00:00Z', '2023-06-01T09:00:00-07:00'],
    // midnight is hour 00, not 24
    ['2023-06-01T07:00:05Z', '2023-06-01T00:00:05-07:00'],
    // the day changes with the offset
    ['2024-01-01T03:00:00Z', '2023-12-31T19:00:00-08:00'],
    ['2024-03-10T10:00:00Z', '2024-03-10T03:00:00-07:00'],
    ['2024-11-03T09:30:00Z', '2024-11-03T01:30:00-08:00'],
    ['2024-11-03T08:30:00Z', '2024-11-03T01:30:00-07:00'],
  ])('%s → %s', (instant, iso) => {
    expect(instantToLabIso(new Date(instant))).toBe(iso);
  });
});
