/**
 * The learning curve: per-session cross-modality d′ and hit / false-alarm rates over session dates,
 * one point per session with a readable task file, each marked with the session's kind (shape and
 * colour) and linking to the session (points are links: Tab reaches them, Enter opens them).
 */
import * as Plot from '@observablehq/plot';
import { h } from '../dom.ts';
import { exact } from '../format.ts';
import { METRIC_COLOURS, OKABE_ITO } from '../palette.ts';
import { sessionHref } from '../route.ts';
import { SESSION_KINDS, type SessionKind } from '../summary.ts';
import { figure, frame } from './figure.ts';

export interface CurvePoint {
  session: string;
  date: Date;
  kind: SessionKind;
  blocks: number;
  dprime: number | null;
  hitRate: number | null;
  falseAlarmRate: number | null;
}

const KIND_SYMBOLS: Record<SessionKind, string> = {
  training: 'circle',
  habituation: 'square',
  ephys: 'triangle',
  opto: 'star',
  other: 'diamond',
};
const KIND_COLOURS: Record<SessionKind, string> = {
  training: OKABE_ITO.blue,
  habituation: OKABE_ITO.reddishPurple,
  ephys: OKABE_ITO.vermillion,
  opto: OKABE_ITO.bluishGreen,
  other: OKABE_ITO.grey,
};

const kindScale = (legend: boolean) => ({
  domain: [...SESSION_KINDS],
  range: SESSION_KINDS.map((kind) => KIND_SYMBOLS[kind]),
  legend,
});

function xScale(points: CurvePoint[]) {
  const times = points.map((p) => p.date.getTime());
  const pad = 86_400_000 * 1.5;
  return {
    type: 'utc' as const,
    label: 'Session date',
    domain: [new Date(Math.min(...times) - pad), new Date(Math.max(...times) + pad)],
    grid: true,
  };
}

export function learningCurve(points: CurvePoint[], width: number): HTMLElement {
  const withDprime = points.filter((p) => p.dprime !== null);
  const dprimePlot = Plot.plot({
    ...frame(width, 260),
    x: xScale(points),
    y: { label: 'Cross-modality d′ (mean over blocks, unitless)', grid: true, nice: true },
    symbol: kindScale(true),
    color: { domain: [...SESSION_KINDS], range: SESSION_KINDS.map((kind) => KIND_COLOURS[kind]) },
    marks: [
      Plot.ruleY([0], { stroke: OKABE_ITO.grey }),
      Plot.line(withDprime, { x: 'date', y: 'dprime', stroke: OKABE_ITO.grey, strokeWidth: 1.5 }),
      Plot.dot(withDprime, {
        x: 'date',
        y: 'dprime',
        symbol: 'kind',
        fill: 'kind',
        stroke: 'white',
        r: 6,
        className: 'mark-dprime',
        href: (p: CurvePoint) => sessionHref(p.session),
        ariaLabel: (p: CurvePoint) => `${p.session}: d′ ${exact(p.dprime)}`,
        channels: { Session: 'session', 'd′ (exact)': (p: CurvePoint) => exact(p.dprime), Blocks: 'blocks' },
        tip: { lineWidth: 40, format: { x: false, y: false, fill: false, symbol: true } },
      }),
    ],
  });

  const rates = points
    .flatMap((p) => [
      { ...p, metric: 'hit rate', value: p.hitRate },
      { ...p, metric: 'false-alarm rate', value: p.falseAlarmRate },
    ])
    .filter((r) => r.value !== null);
  const ratesPlot = Plot.plot({
    ...frame(width, 220),
    x: xScale(points),
    y: { label: 'Response rate (fraction of trials)', domain: [0, 1], grid: true, percent: false },
    symbol: kindScale(false),
    color: {
      domain: ['hit rate', 'false-alarm rate'],
      range: [METRIC_COLOURS.hitRate, METRIC_COLOURS.falseAlarmRate],
      legend: true,
    },
    marks: [
      Plot.line(rates, {
        x: 'date',
        y: 'value',
        stroke: 'metric',
        z: 'metric',
        strokeWidth: 1.5,
        strokeOpacity: 0.7,
      }),
      Plot.dot(rates, {
        x: 'date',
        y: 'value',
        symbol: 'kind',
        fill: 'metric',
        stroke: 'white',
        r: 5,
        className: 'mark-rates',
        href: (r: CurvePoint) => sessionHref(r.session),
        channels: {
          Session: 'session',
          Rate: (r: { metric: string }) => r.metric,
          'Value (exact)': (r: { value: number | null }) => exact(r.value),
        },
        tip: { lineWidth: 40, format: { x: false, y: false, fill: false, symbol: true } },
      }),
    ],
  });
  return h(
    'div',
    { class: 'learning-curve' },
    figure(
      'dprime',
      dprimePlot,
      'Cross-modality d′ per session: hits on the rewarded target against false alarms to the other modality’s target, averaged over the session’s blocks. Shape and colour: session kind.',
    ),
    figure(
      'rates',
      ratesPlot,
      'Hit rate and false-alarm rate per session (mean over blocks). Select a point to open its session.',
    ),
  );
}
