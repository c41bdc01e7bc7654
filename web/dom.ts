/** A tiny element builder: the dashboard has no framework, only DOM calls. */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h('a', { href: '#/' }, 'Lab')`: attributes (`on…` become listeners; false/null are left out). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A panel: a titled section whose body is filled later (or shows why it cannot be). */
export function panel(title: string, id: string, ...body: (Child | Child[])[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': `${id}-title`, id },
    h('h2', { id: `${id}-title` }, title),
    ...body,
  );
}

/** A message in place of a panel's content: an error (with its code) or an empty state. */
export function notice(kind: 'error' | 'empty', text: string, code?: string): HTMLElement {
  return h(
    'p',
    { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : null },
    code ? h('code', { class: 'error-code' }, code) : null,
    code ? ' ' : null,
    text,
  );
}
