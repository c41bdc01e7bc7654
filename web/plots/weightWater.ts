/**
 * Weight and water over time, from the registry's records: weighings as points joined by a line over
 * the shaded plausible range (0 g to the species' limit that recordWeight enforces), and water as
 * one stem per administration (ad-lib water, which has no volume, as a labelled tick).
 */
import * as Plot from '@observablehq/plot';
import { h } from '../dom.ts';
import { exact } from '../format.ts';
import { METRIC_COLOURS, OKABE_ITO } from '../palette.ts';
import { figure, frame } from './figure.ts';

export interface WeightPoint {
  at: Date;
  weightG: number;
}

export interface WaterPoint {
  at: Date;
  volumeMl: number | null;
  adlib: boolean;
  waterType: string;
}

const DAY_MS = 86_400_000;

/** The records' span, padded, and at least a week wide (a lone record sits mid-plot). */
function timeDomain(times: number[]): [Date, Date] {
  const first = Math.min(...times);
  const last = Math.max(...times);
  const pad = Math.max(DAY_MS, (7 * DAY_MS - (last - first)) / 2);
  return [new Date(first - pad), new Date(last + pad)];
}

const timeAxis = (domain: [Date, Date]) =>
  ({ type: 'utc', label: 'Date and time (lab time zone)', domain, grid: true }) as const;

export function weightPlot(points: WeightPoint[], limitG: number | null, width: number): HTMLElement {
  const domain = timeDomain(points.map((p) => p.at.getTime()));
  const top = Math.max(limitG ?? 0, ...points.map((p) => p.weightG)) * 1.08;
  const plot = Plot.plot({
    ...frame(width, 230),
    x: timeAxis(domain),
    y: { label: 'Weight (g)', domain: [0, top], grid: true },
    marks: [
      limitG === null
        ? null
        : Plot.rectY([{ x1: domain[0], x2: domain[1], y1: 0, y2: limitG }], {
            x1: 'x1',
            x2: 'x2',
            y1: 'y1',
            y2: 'y2',
            fill: OKABE_ITO.bluishGreen,
            fillOpacity: 0.1,
            className: 'mark-plausible-weight',
          }),
      limitG === null
        ? null
        : Plot.text([limitG], {
            x: domain[0],
            y: (v: number) => v,
            text: (v: number) => `plausible maximum ${v} g`,
            dy: -7,
            textAnchor: 'start',
            dx: 4,
            fill: OKABE_ITO.bluishGreen,
          }),
      Plot.line(points, { x: 'at', y: 'weightG', stroke: METRIC_COLOURS.weight }),
      Plot.dot(points, {
        x: 'at',
        y: 'weightG',
        fill: METRIC_COLOURS.weight,
        r: 5,
        className: 'mark-weight',
        channels: { 'Weight (g, exact)': (p: WeightPoint) => exact(p.weightG) },
        tip: { lineWidth: 40, format: { y: false } },
      }),
    ],
  });
  return figure(
    'weight',
    plot,
    limitG === null
      ? 'Weighings recorded through labgraph (no plausible limit is set for this subject’s species).'
      : `Weighings recorded through labgraph; shaded: the plausible range for the species (0–${limitG} g), beyond which recordWeight refuses a weighing.`,
  );
}

export function waterPlot(points: WaterPoint[], width: number): HTMLElement {
  const domain = timeDomain(points.map((p) => p.at.getTime()));
  const measured = points.filter((p) => p.volumeMl !== null);
  const adlib = points.filter((p) => p.volumeMl === null);
  const top = Math.max(1, ...measured.map((p) => p.volumeMl ?? 0)) * 1.2;
  const plot = Plot.plot({
    ...frame(width, 200),
    x: timeAxis(domain),
    y: { label: 'Water given (mL)', domain: [0, top], grid: true },
    marks: [
      Plot.ruleX(measured, { x: 'at', y1: 0, y2: 'volumeMl', stroke: METRIC_COLOURS.water, strokeWidth: 3 }),
      Plot.dot(measured, {
        x: 'at',
        y: 'volumeMl',
        fill: METRIC_COLOURS.water,
        r: 5,
        className: 'mark-water',
        channels: { 'Volume (mL, exact)': (p: WaterPoint) => exact(p.volumeMl), Type: 'waterType' },
        tip: { lineWidth: 40, format: { y: false } },
      }),
      Plot.tickX(adlib, {
        x: 'at',
        stroke: OKABE_ITO.blue,
        strokeDasharray: '4,3',
        className: 'mark-water-adlib',
      }),
      Plot.text(adlib, { x: 'at', y: top, text: () => 'ad lib', dy: 8, fill: OKABE_ITO.blue }),
    ],
  });
  return figure(
    'water',
    plot,
    'Water administrations recorded through labgraph (stems: measured volume; dashed: ad-lib water).',
  );
}

export function noRecords(): HTMLElement {
  return h(
    'p',
    { class: 'notice notice-empty' },
    'No weighings or water recorded through labgraph for this subject.',
  );
}
