/**
 * The lab's clocks are Pacific local time (task files, sheets, AIND names). These helpers attach the
 * right UTC offset (PST −08:00 or PDT −07:00 for that instant) so DateTime values are unambiguous.
 */
const LAB_TIME_ZONE = 'America/Los_Angeles';

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: LAB_TIME_ZONE,
  timeZoneName: 'longOffset',
});

/** `GMT-07:00` → `-07:00` for the offset in force at `instant`. */
function offsetAt(instant: Date): string {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return match?.[1] ?? '+00:00';
}

/**
 * `YYYY-MM-DD HH:MM:SS` (or with `T`) in lab-local time → ISO 8601 with the Pacific offset.
 * Returns null for anything else.
 */
export function labLocalToIso(local: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(local.trim());
  if (!match) return null;
  const [, date, time] = match;
  // The offset in force at that wall time: PST is a close enough guess to find it (DST changes at 2 a.m.).
  return `${date}T${time}${offsetAt(new Date(`${date}T${time}-08:00`))}`;
}

const labWallClock = new Intl.DateTimeFormat('sv-SE', {
  timeZone: LAB_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as lab-local ISO 8601 with its Pacific offset (`2023-12-13T13:43:40-08:00`). */
export function instantToLabIso(instant: Date): string {
  const local = labWallClock.format(instant).replace(' ', 'T');
  return `${local}${offsetAt(instant)}`;
}
