/** Shared plot framing: every plot is a <figure> with a text caption and the house defaults. */
import { h } from '../dom.ts';

export const PLOT_STYLE = {
  fontSize: '13px',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  background: 'transparent',
  overflow: 'visible',
} as const;

/** The frame every full-width plot shares: house style, size and margins for the axis labels. */
export function frame(width: number, height: number) {
  return { style: PLOT_STYLE, width, height, marginLeft: 60, marginRight: 20 };
}

/** Horizontal space <main>'s and a panel's padding and borders take. */
const PANEL_CHROME_PX = 96;

/** Width the plots are drawn at: a panel's inner width, within reason. */
export function plotWidth(main: HTMLElement | null, fallback = 1100): number {
  const width = main?.clientWidth ?? 0;
  return Math.max(480, Math.min(width > 0 ? width - PANEL_CHROME_PX : fallback, 1180));
}

export function figure(name: string, plot: Element, caption: string): HTMLElement {
  return h('figure', { class: `plot plot-${name}` }, plot, h('figcaption', { class: 'caption' }, caption));
}

/** A legend of coloured swatches (for colours Plot's own legend would not label as wanted). */
export function swatches(
  items: { label: string; colour: string; shape?: 'square' | 'circle' | 'band' }[],
): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    items.map((item) =>
      h(
        'li',
        {},
        h('span', {
          class: 'swatch',
          style: `background:${item.colour};${item.shape === 'circle' ? 'border-radius:50%;' : ''}${item.shape === 'band' ? 'opacity:0.35;' : ''}`,
        }),
        item.label,
      ),
    ),
  );
}
