/** Number and date formatting shared by tables, tooltips and axes. */

export const NO_VALUE = '–';

export function fixed(value: number | null | undefined, digits = 2): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : NO_VALUE;
}

/** Exact value for tooltips: full precision as the API gave it. */
export function exact(value: number | null | undefined): string {
  return typeof value === 'number' ? String(value) : NO_VALUE;
}

export function percent(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(0)} %` : NO_VALUE;
}

export function bytes(value: number | null | undefined): string {
  if (typeof value !== 'number') return NO_VALUE;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit += 1;
  }
  return `${scaled.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** `2023-12-13` → a Date at UTC midnight (plots place days on a UTC time axis). */
export function day(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function yesNo(value: boolean | null | undefined): string {
  return value === true ? 'yes' : value === false ? 'no' : NO_VALUE;
}
