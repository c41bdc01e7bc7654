/**
 * Shareable URLs: the view and its state live in the hash, so a link opens the same view.
 *   #/                                  the lab (filters and sort as query parameters)
 *   #/subject/<MID>                     a subject
 *   #/session/<session id or any ref>   a session
 */

export type LabSortKey = 'subject' | 'lastSession' | 'sessions' | 'stage' | 'dprime' | 'uploaded' | 'sorted';

export interface LabFilters {
  project: string | null;
  genotype: string | null;
  from: string | null;
  to: string | null;
}

export type Route =
  | { view: 'lab'; filters: LabFilters; sort: LabSortKey; descending: boolean }
  | { view: 'subject'; id: string }
  | { view: 'session'; ref: string }
  | { view: 'unknown'; hash: string };

const SORT_KEYS: readonly LabSortKey[] = [
  'subject',
  'lastSession',
  'sessions',
  'stage',
  'dprime',
  'uploaded',
  'sorted',
];

export const DEFAULT_LAB_ROUTE: Route = {
  view: 'lab',
  filters: { project: null, genotype: null, from: null, to: null },
  sort: 'lastSession',
  descending: true,
};

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'lab')) {
    const params = new URLSearchParams(query);
    const sort = params.get('sort') as LabSortKey | null;
    return {
      view: 'lab',
      filters: {
        project: params.get('project') || null,
        genotype: params.get('genotype') || null,
        from: params.get('from') || null,
        to: params.get('to') || null,
      },
      sort: sort && SORT_KEYS.includes(sort) ? sort : 'lastSession',
      descending: params.get('order') !== 'asc',
    };
  }
  const [view, id] = segments;
  if (segments.length === 2 && view === 'subject' && id) return { view: 'subject', id };
  if (segments.length === 2 && view === 'session' && id) return { view: 'session', ref: id };
  return { view: 'unknown', hash };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'subject':
      return `#/subject/${encodeURIComponent(route.id)}`;
    case 'session':
      return `#/session/${encodeURIComponent(route.ref)}`;
    case 'unknown':
      return route.hash;
    case 'lab': {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(route.filters)) if (value) params.set(key, value);
      if (route.sort !== 'lastSession') params.set('sort', route.sort);
      if (!route.descending) params.set('order', 'asc');
      const query = params.toString();
      return `#/${query ? `?${query}` : ''}`;
    }
  }
}

export const subjectHref = (id: string) => formatRoute({ view: 'subject', id });
export const sessionHref = (ref: string) => formatRoute({ view: 'session', ref });
