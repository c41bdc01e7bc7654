/**
 * Date-times written to the registry: an ISO-8601 instant with an offset (or `Z`) is taken as is; a
 * naive date-time (or a bare date, meaning midnight, as ONE's `ensure_ISO8601`) is wall-clock time
 * in the lab's time zone (LABGRAPH_TIMEZONE). Values are stored in UTC and shown back as ISO 8601
 * with the zone's offset at that instant. Pure: built on Intl's time-zone data only.
 *
 * Wall times that a DST change makes ambiguous take the earlier instant; wall times that it skips
 * move forward by the gap (02:30 on a spring-forward day is 03:30) — Temporal's "compatible" rule.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** True when `zone` is an IANA time zone Intl knows (e.g. `America/Los_Angeles`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    wallClockFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `zone` at `instant`, as milliseconds of a UTC clock showing the same digits. */
function wallClockMs(instantMs: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormat(zone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wholeSecond = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return wholeSecond + (((instantMs % 1000) + 1000) % 1000);
}

/** The zone's UTC offset at `instant`, in minutes (−480 for PST). */
export function offsetMinutes(instant: Date, zone: string): number {
  return Math.round((wallClockMs(instant.getTime(), zone) - instant.getTime()) / MINUTE_MS);
}

/** The instant at which the wall clock in `zone` shows `wallMs` (see the DST rules above). */
function instantOfWallClock(wallMs: number, zone: string): number {
  const offsets = [-DAY_MS, DAY_MS].map((shift) => wallClockMs(wallMs + shift, zone) - (wallMs + shift));
  const matching = [...new Set(offsets)]
    .map((offset) => wallMs - offset)
    .filter((instantMs) => wallClockMs(instantMs, zone) === wallMs);
  if (matching.length > 0) return Math.min(...matching);
  // Skipped by a spring-forward: read it with the offset in force before the change.
  return wallMs - offsets[0]!;
}

const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const ACCEPTED_DATE_TIME_FORMS: readonly string[] = [
  'YYYY-MM-DDTHH:MM[:SS[.fff]] with Z or ±HH:MM (an instant)',
  'the same without an offset, or with a space for T (lab-local wall time)',
  'YYYY-MM-DD (midnight, lab-local)',
];

export type DateTimeParse = { instant: Date; naive: boolean } | { problem: string };

/** Reads a user-written date-time; naive ones are wall-clock time in `zone`. */
export function parseLabDateTime(text: string, zone: string): DateTimeParse {
  const match = DATE_TIME_RE.exec(text.trim());
  if (!match) return { problem: `'${text.slice(0, 64)}' is not an ISO-8601 date-time` };
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', offset] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wallMs = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    second,
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  const check = new Date(wallMs);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { problem: `'${text.slice(0, 64)}' is not a real calendar date and time` };
  }
  if (offset === undefined) return { instant: new Date(instantOfWallClock(wallMs, zone)), naive: true };
  if (offset === 'Z') return { instant: new Date(wallMs), naive: false };
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  if (Math.abs(offsetMin) > 18 * 60) return { problem: `offset ${offset} is out of range (±18:00)` };
  return { instant: new Date(wallMs - offsetMin * MINUTE_MS), naive: false };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `2023-12-13T13:43:40-08:00` (milliseconds shown only when there are some). */
export function formatLabDateTime(instant: Date, zone: string): string {
  const wall = new Date(wallClockMs(instant.getTime(), zone));
  const offset = offsetMinutes(instant, zone);
  const ms = wall.getUTCMilliseconds();
  const base = wall.toISOString().slice(0, 19);
  return `${base}${ms ? `.${pad(ms, 3)}` : ''}${formatOffset(offset)}`;
}

/** A UTC offset in minutes as ISO 8601 (`-480` → `-08:00`, `330` → `+05:30`). */
export function formatOffset(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(offsetMin / 60))}:${pad(offsetMin % 60)}`;
}

/** The calendar date (`YYYY-MM-DD`) in `zone` at `instant`. */
export function labDateOf(instant: Date, zone: string): string {
  return new Date(wallClockMs(instant.getTime(), zone)).toISOString().slice(0, 10);
}
