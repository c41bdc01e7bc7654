/** A row of labelled facts under a view's heading. */
import { h } from '../dom.ts';
import { NO_VALUE } from '../format.ts';

export function facts(items: [string, string | number | Node | null | undefined][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    items.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value ?? NO_VALUE))),
  );
}
