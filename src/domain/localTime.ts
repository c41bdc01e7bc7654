/**
 * The read side's lab clocks are Pacific local time (task files, sheets, AIND names). These helpers
 * attach the right UTC offset (PST −08:00 or PDT −07:00 for that instant) so DateTime values are
 * unambiguous. The zone arithmetic is labTime's; this module fixes the zone and the read side's forms.
 */
import { formatLabDateTime, formatOffset, offsetMinutes } from './labTime.ts';

const LAB_TIME_ZONE = 'America/Los_Angeles';

/**
 * `YYYY-MM-DD HH:MM:SS` (or with `T`) in lab-local time → ISO 8601 with the Pacific offset.
 * Returns null for anything else.
 */
export function labLocalToIso(local: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(local.trim());
  if (!match) return null;
  const [, date, time] = match;
  // The offset in force at that wall time: PST is a close enough guess to find it (DST changes at 2 a.m.).
  const offset = offsetMinutes(new Date(`${date}T${time}-08:00`), LAB_TIME_ZONE);
  return `${date}T${time}${formatOffset(offset)}`;
}

/** An instant as lab-local ISO 8601 with its Pacific offset (`2023-12-13T13:43:40-08:00`), whole seconds. */
export function instantToLabIso(instant: Date): string {
  const ms = instant.getTime();
  return formatLabDateTime(new Date(ms - (((ms % 1000) + 1000) % 1000)), LAB_TIME_ZONE);
}
