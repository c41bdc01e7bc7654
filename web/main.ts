/**
 * The dashboard's entry: routes the hash to a view (lab, subject, session), renders it into <main>,
 * and moves keyboard focus to the new view's heading so that keyboard and screen-reader users start
 * at its top. Each view costs one GraphQL request (the lab view reuses its answer when only the
 * sort order changes).
 */
import './styles.css';
import { h } from './dom.ts';
import { parseRoute, type Route } from './route.ts';
import { renderLab } from './views/lab.ts';
import { renderSession } from './views/session.ts';
import { renderSubject } from './views/subject.ts';

let navigation = 0;

function crumbs(route: Route): HTMLElement[] {
  const lab = h('a', { href: '#/' }, 'Lab');
  if (route.view === 'subject') return [lab, h('span', { 'aria-current': 'page' }, `Subject ${route.id}`)];
  if (route.view === 'session') return [lab, h('span', { 'aria-current': 'page' }, `Session ${route.ref}`)];
  return [h('span', { 'aria-current': 'page' }, 'Lab')];
}

async function show(moveFocus: boolean): Promise<void> {
  const current = ++navigation;
  const route = parseRoute(location.hash);
  const main = document.getElementById('main') as HTMLElement;
  document.getElementById('crumbs')?.replaceChildren(...crumbs(route));
  main.setAttribute('aria-busy', 'true');
  main.removeAttribute('data-view');
  const view = h('div', { class: 'view' });
  try {
    if (route.view === 'lab') await renderLab(view, route);
    else if (route.view === 'subject') await renderSubject(view, route.id);
    else if (route.view === 'session') await renderSession(view, route.ref);
    else
      view.append(
        h('h1', { tabindex: '-1' }, 'Not found'),
        h('p', {}, h('a', { href: '#/' }, 'Back to the lab')),
      );
  } catch (error) {
    view.replaceChildren(
      h('h1', { tabindex: '-1' }, 'The dashboard could not load this view'),
      h(
        'p',
        { class: 'notice notice-error', role: 'alert' },
        error instanceof Error ? error.message : String(error),
      ),
    );
  }
  if (current !== navigation) return; // a newer navigation won
  main.replaceChildren(view);
  main.removeAttribute('aria-busy');
  main.dataset.renderedAt = String(performance.now()); // for bench/dashboard.ts
  main.setAttribute('data-view', route.view); // rendered: what tests (and people) wait for
  document.title = `${view.querySelector('h1')?.textContent ?? 'labgraph'} · labgraph`;
  if (moveFocus) view.querySelector<HTMLElement>('h1')?.focus();
}

window.addEventListener('hashchange', () => void show(true));
void show(false);
