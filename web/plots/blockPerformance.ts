/**
 * Performance by block: one bar per block of cross-modality d′, and one group per block of hit,
 * false-alarm and catch-response rates; bars are coloured by the block's rewarded modality (and
 * the rates told apart by position and label within the group).
 */
import * as Plot from '@observablehq/plot';
import { h } from '../dom.ts';
import { exact } from '../format.ts';
import { MODALITY, OKABE_ITO } from '../palette.ts';
import { figure, PLOT_STYLE, swatches } from './figure.ts';

export interface Block {
  blockIndex: number;
  rewardedModality: string;
  crossModalityDprime: number | null;
  hitRate: number | null;
  falseAlarmRate: number | null;
  catchResponseRate: number | null;
  nTrials: number;
}

const RATES = [
  { key: 'hitRate', label: 'hit' },
  { key: 'falseAlarmRate', label: 'false alarm' },
  { key: 'catchResponseRate', label: 'catch' },
] as const;

const blockLabel = (b: Block) => `${b.blockIndex + 1} ${b.rewardedModality}`;

export function blockPerformance(blocks: Block[], width: number): HTMLElement {
  const colour = { domain: MODALITY.domain, range: MODALITY.range };
  const dprimePlot = Plot.plot({
    style: PLOT_STYLE,
    width: Math.min(width, 420),
    height: 260,
    marginLeft: 56,
    x: { label: 'Block (number and rewarded modality)', domain: blocks.map(blockLabel), padding: 0.25 },
    y: { label: 'Cross-modality d′ (unitless)', grid: true, nice: true },
    color: colour,
    marks: [
      Plot.ruleY([0], { stroke: OKABE_ITO.grey }),
      Plot.barY(
        blocks.filter((b) => b.crossModalityDprime !== null),
        {
          x: blockLabel,
          y: 'crossModalityDprime',
          fill: 'rewardedModality',
          className: 'mark-block-dprime',
          channels: { 'd′ (exact)': (b: Block) => exact(b.crossModalityDprime), Trials: 'nTrials' },
          tip: { lineWidth: 40, format: { y: false, fill: true, x: true } },
        },
      ),
    ],
  });
  const rates = blocks.flatMap((b) =>
    RATES.map((rate) => ({ ...b, rate: rate.label, value: b[rate.key] })).filter((r) => r.value !== null),
  );
  const ratesPlot = Plot.plot({
    style: PLOT_STYLE,
    width: Math.max(360, width - Math.min(width, 420) - 32),
    height: 260,
    marginLeft: 56,
    marginBottom: 44,
    // The facet titles name the blocks ("1 vis"); a second axis label would collide with y's.
    fx: { label: null, domain: blocks.map(blockLabel), padding: 0.12 },
    x: { domain: RATES.map((r) => r.label), label: null, tickRotate: 0, padding: 0.15 },
    y: { label: 'Response rate (fraction of trials)', domain: [0, 1], grid: true },
    color: colour,
    marks: [
      Plot.barY(rates, {
        fx: blockLabel,
        x: 'rate',
        y: 'value',
        fill: 'rewardedModality',
        fillOpacity: (r: { rate: string }) => (r.rate === 'hit' ? 1 : r.rate === 'false alarm' ? 0.6 : 0.3),
        stroke: 'rewardedModality',
        className: 'mark-block-rates',
        channels: { Rate: 'rate', 'Value (exact)': (r: { value: number | null }) => exact(r.value) },
        tip: { lineWidth: 40, format: { y: false, fill: true, x: false, fx: true } },
      }),
    ],
  });
  return h(
    'div',
    { class: 'block-performance' },
    swatches(
      MODALITY.domain.map((m, i) => ({
        label: MODALITY.labels[m] ?? m,
        colour: MODALITY.range[i] ?? OKABE_ITO.grey,
      })),
    ),
    h(
      'div',
      { class: 'plot-row' },
      figure('block-dprime', dprimePlot, 'Cross-modality d′ per block (blocks where it is NaN have no bar).'),
      figure(
        'block-rates',
        ratesPlot,
        'Per block: hit rate (solid), false-alarm rate (lighter) and catch-response rate (lightest).',
      ),
    ),
  );
}
