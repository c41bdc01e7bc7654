/**
 * The trial raster: every trial of the session in order, at its response time after stimulus onset
 * (trials without a response in a row of their own above the response window), coloured and shaped
 * by outcome, over blocks shaded by their rewarded modality; auto-rewarded trials carry a ring and
 * repeats a cross.
 */
import * as Plot from '@observablehq/plot';
import { h } from '../dom.ts';
import { exact } from '../format.ts';
import { MODALITY, OKABE_ITO, OUTCOME_COLOURS, OUTCOMES, type Outcome } from '../palette.ts';
import { figure, PLOT_STYLE, swatches } from './figure.ts';

export interface RasterTrial {
  trialIndex: number;
  blockIndex: number;
  rewardedModality: string;
  stimName: string;
  stimStartTime: number | null;
  responseTime: number | null;
  isHit: boolean;
  isMiss: boolean;
  isFalseAlarm: boolean;
  isCorrectReject: boolean;
  isCatch: boolean;
  isResponse: boolean;
  isNoncontingentReward: boolean;
  isRepeat: boolean;
}

export function outcomeOf(trial: RasterTrial): Outcome {
  if (trial.isHit) return 'hit';
  if (trial.isMiss) return 'miss';
  if (trial.isFalseAlarm) return 'false alarm';
  if (trial.isCorrectReject) return 'correct reject';
  return 'catch';
}

const OUTCOME_SYMBOLS: Record<Outcome, string> = {
  hit: 'circle',
  miss: 'triangle',
  'false alarm': 'diamond',
  'correct reject': 'square',
  catch: 'wye',
};

/** Latency in seconds from stimulus onset to the first lick in the response window; null without one. */
export function latencyOf(trial: RasterTrial): number | null {
  if (trial.responseTime === null || trial.stimStartTime === null) return null;
  return trial.responseTime - trial.stimStartTime;
}

export function trialRaster(trials: RasterTrial[], width: number): HTMLElement {
  const latencies = trials.map(latencyOf).filter((v): v is number => v !== null);
  const top = Math.max(1, ...latencies) * 1.05;
  const noResponseRow = top * 1.12;
  const rows = trials.map((t) => ({
    ...t,
    outcome: outcomeOf(t),
    latency: latencyOf(t),
    y: latencyOf(t) ?? noResponseRow,
  }));
  const blocks = [...new Set(trials.map((t) => t.blockIndex))].map((index) => {
    const inBlock = trials.filter((t) => t.blockIndex === index);
    return {
      blockIndex: index,
      modality: inBlock[0]?.rewardedModality ?? '',
      first: Math.min(...inBlock.map((t) => t.trialIndex)) - 0.5,
      last: Math.max(...inBlock.map((t) => t.trialIndex)) + 0.5,
    };
  });
  const plot = Plot.plot({
    style: PLOT_STYLE,
    width,
    height: 320,
    marginLeft: 112,
    marginTop: 28,
    x: {
      label: 'Trial (index in session)',
      domain: [-0.5, Math.max(0, ...trials.map((t) => t.trialIndex)) + 0.5],
      grid: false,
    },
    y: {
      label: 'Response time after stimulus onset (s)',
      domain: [0, noResponseRow * 1.06],
      grid: true,
      ticks: 6,
    },
    color: { domain: MODALITY.domain, range: MODALITY.range },
    symbol: { domain: [...OUTCOMES], range: OUTCOMES.map((o) => OUTCOME_SYMBOLS[o]) },
    marks: [
      Plot.rectY(blocks, {
        x1: 'first',
        x2: 'last',
        y1: 0,
        y2: noResponseRow * 1.06,
        fill: 'modality',
        fillOpacity: 0.13,
        className: 'mark-blocks',
      }),
      Plot.text(blocks, {
        x: (b: { first: number; last: number }) => (b.first + b.last) / 2,
        y: noResponseRow * 1.06,
        text: (b: { blockIndex: number; modality: string }) => `block ${b.blockIndex + 1} · ${b.modality}`,
        dy: -10,
        fill: OKABE_ITO.black,
      }),
      Plot.ruleY([top], { stroke: OKABE_ITO.grey, strokeDasharray: '3,3' }),
      Plot.text(['no lick in window'], {
        x: -0.5,
        y: noResponseRow,
        text: (d: string) => d,
        textAnchor: 'end',
        dx: -6,
        fill: OKABE_ITO.black,
        fontSize: 11,
      }),
      Plot.dot(
        rows.filter((r) => r.isNoncontingentReward),
        {
          x: 'trialIndex',
          y: 'y',
          r: 9,
          stroke: OKABE_ITO.black,
          strokeWidth: 1.5,
          className: 'mark-autoreward',
        },
      ),
      Plot.dot(rows, {
        x: 'trialIndex',
        y: 'y',
        symbol: 'outcome',
        fill: (r: { outcome: Outcome }) => OUTCOME_COLOURS[r.outcome],
        r: 4.5,
        className: 'mark-trials',
        channels: {
          Trial: 'trialIndex',
          Outcome: 'outcome',
          Stimulus: 'stimName',
          'Response time (s, exact)': (r: { latency: number | null }) => exact(r.latency),
          'Auto-reward': (r: RasterTrial) => (r.isNoncontingentReward ? 'yes' : 'no'),
          Repeat: (r: RasterTrial) => (r.isRepeat ? 'yes' : 'no'),
        },
        tip: { lineWidth: 40, format: { x: false, y: false, fill: false, symbol: false } },
      }),
      Plot.dot(
        rows.filter((r) => r.isRepeat),
        {
          x: 'trialIndex',
          y: 'y',
          symbol: 'times',
          r: 7,
          stroke: OKABE_ITO.black,
          strokeWidth: 1.5,
          className: 'mark-repeat',
        },
      ),
    ],
  });
  return h(
    'div',
    { class: 'trial-raster' },
    swatches([
      ...OUTCOMES.map((o) => ({ label: o, colour: OUTCOME_COLOURS[o], shape: 'circle' as const })),
      ...MODALITY.domain.map((m, i) => ({
        label: MODALITY.labels[m] ?? m,
        colour: MODALITY.range[i] ?? OKABE_ITO.grey,
        shape: 'band' as const,
      })),
    ]),
    figure(
      'raster',
      plot,
      'One mark per trial; shape and colour give the outcome (hit ●, miss ▲, false alarm ◆, correct reject ■, catch Y). Ringed: auto-rewarded (non-contingent reward); crossed: repeat of the previous trial.',
    ),
  );
}
