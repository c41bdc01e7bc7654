/**
 * Optogenetics in the trials table (reference §4.2): when the light was on, and the parameters the
 * task file alone can give (power and bregma coordinates need the rig's calibration, not read here).
 */
import type { TableValues } from './columnRegistry.ts';
import { firstN, type TaskFileOpto } from './taskFile.ts';
import type { FrameClock } from './timeBases.ts';
import type { TRIAL_COLUMNS } from './trialColumns.ts';
import type { TrialFacts } from './trialsFacts.ts';

/** A file is opto iff trialOptoOnsetFrame holds a finite value. */
export function isOptoFile(opto: TaskFileOpto | null): opto is TaskFileOpto {
  if (opto === null) return false;
  return opto.trialOptoOnsetFrame.some((f) => Number.isFinite(f));
}

/** Galvo sessions aim the light with galvo mirrors and name each target location. */
export function isGalvoFile(opto: TaskFileOpto | null): boolean {
  return isOptoFile(opto) && opto.trialGalvoX !== null && opto.trialGalvoY !== null;
}

/** Onset (flip of stim onset + trialOptoOnsetFrame) and offset (+ trialOptoDur) per trial; NaN without opto. */
export function optoTimes(
  opto: TaskFileOpto | null,
  t: TrialFacts,
  flip: FrameClock,
): { start: Float64Array; stop: Float64Array } {
  if (!isOptoFile(opto)) {
    const nan = new Float64Array(t.n).fill(Number.NaN);
    return { start: nan, stop: nan };
  }
  const onset = firstN(opto.trialOptoOnsetFrame, t.n, 'trialOptoOnsetFrame');
  // Onset frames are relative to stim onset (unlike OptoTagging, where they are absolute).
  const start = flip.atEach(t.stimStartFrame.map((s, i) => s + (onset[i] as number)));
  const duration = firstN(opto.trialOptoDur, t.n, 'trialOptoDur');
  return { start, stop: start.map((v, i) => v + (duration[i] as number)) };
}

/** The opto parameter columns; none for a file without opto. */
export function optoParameterValues(
  opto: TaskFileOpto | null,
  t: TrialFacts,
): TableValues<typeof TRIAL_COLUMNS> {
  if (!isOptoFile(opto)) return {};
  const onset = firstN(opto.trialOptoOnsetFrame, t.n, 'trialOptoOnsetFrame');
  const duration = firstN(opto.trialOptoDur, t.n, 'trialOptoDur');
  const voltage = firstN(opto.trialOptoVoltage, t.n, 'trialOptoVoltage');
  const devices = opto.trialOptoDevice === null ? null : firstN(opto.trialOptoDevice, t.n, 'trialOptoDevice');
  const labels = optoLabels(opto, t.n);
  // Distinct waveforms named in order of first appearance; like the reference, not comparable across sessions.
  const waveforms: string[] = [];
  const stimNames = onset.map((o, i) => {
    if (!Number.isFinite(o)) return '';
    const key = JSON.stringify([o, duration[i], voltage[i], devices?.[i] ?? null]);
    if (!waveforms.includes(key)) waveforms.push(key);
    const label = labels?.[i] ?? '';
    return `opto${waveforms.indexOf(key)}${label === '' ? '' : `_${label}`}`;
  });
  return {
    // Files without trialOptoDevice predate 2023-08 and used the 488 nm laser.
    opto_wavelength: devices === null ? new Array<number>(t.n).fill(488) : devices.map(wavelengthOf),
    opto_duration: duration,
    ...(labels === null ? {} : { opto_label: labels }),
    opto_stim_name: stimNames,
  };
}

/** `laser_488` → 488; `led_1`/`led_2` → 470 (behaviour-box cannula tests); list reprs use the first device. */
export function wavelengthOf(device: string): number {
  const first = device.replace(/[[\]'"\s]/g, '').split(',')[0] ?? '';
  if (first === '') return Number.NaN;
  if (first === 'led_1' || first === 'led_2') return 470;
  const value = Number(first.split('_').at(-1));
  return Number.isInteger(value) && value > 300 && value < 1000 ? value : Number.NaN;
}

/** Galvo sessions only: the target label per trial ('' without opto); single letters name probes. */
function optoLabels(opto: TaskFileOpto, n: number): string[] | null {
  if (opto.trialGalvoX === null || opto.trialGalvoY === null) return null;
  if (opto.trialOptoLabel === null) {
    const x = firstN(opto.trialGalvoX, n, 'trialGalvoX');
    const y = firstN(opto.trialGalvoY, n, 'trialGalvoY');
    const seen: string[] = [];
    return x.map((xi, i) => {
      const yi = y[i] as number;
      if (Number.isNaN(xi) || Number.isNaN(yi)) return '';
      const key = `${xi},${yi}`;
      if (!seen.includes(key)) seen.push(key);
      return `unlabeled${seen.indexOf(key)}`;
    });
  }
  const labels = firstN(opto.trialOptoLabel, n, 'trialOptoLabel').map((l) => (l === 'no opto' ? '' : l));
  const present = labels.filter((l) => l !== '');
  const probes = present.length > 0 && present.every((l) => /^[A-Fa-f]$/.test(l));
  return probes ? labels.map((l) => (l === '' ? '' : `probe${l.toUpperCase()}`)) : labels;
}
