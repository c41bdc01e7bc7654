/**
 * The Lab view: one row per subject with its newest session, number of sessions, training stage
 * (task version), newest cross-modality d′, and uploaded / sorted counts; filtered on the server by
 * project, genotype piece and date range (operation DashboardLab), sorted in the page.
 */
import labDocument from '../../schema/operations/dashboardLab.graphql';
import { h, notice, panel } from '../dom.ts';
import { fixed, NO_VALUE } from '../format.ts';
import { type GraphQLResult, graphiqlLink, request } from '../graphql.ts';
import {
  formatRoute,
  type LabFilters,
  type LabSortKey,
  type Route,
  sessionHref,
  subjectHref,
} from '../route.ts';
import { meanOf } from '../summary.ts';

interface LabSubject {
  id: string;
  genotype: string | null;
  nextTaskVersion: string | null;
  latestSession: {
    id: string;
    date: string;
    project: string | null;
    trainingInfo: { taskVersion: string | null } | null;
  } | null;
  latestBehaviour: {
    id: string;
    date: string;
    performance: { crossModalityDprime: number | null }[] | null;
  } | null;
  sessions: { totalCount: number };
  uploaded: { totalCount: number };
  sorted: { totalCount: number };
}

interface LabData {
  subjects: { totalCount: number; edges: { node: LabSubject }[] };
}

/** A table row: what is shown and what it sorts by. */
interface Row {
  id: string;
  genotype: string | null;
  lastSession: { id: string; date: string; project: string | null } | null;
  sessions: number;
  stage: string | null;
  dprime: { value: number; session: string; blocks: (number | null)[] } | null;
  uploaded: number;
  sorted: number;
}

type LabRoute = Extract<Route, { view: 'lab' }>;

/** The last answer, reused when only the sort order changes (no second request for a re-sort). */
let cached: { key: string; result: GraphQLResult<LabData> } | null = null;

function rowOf(subject: LabSubject): Row {
  const last = subject.latestSession;
  const behaviour = subject.latestBehaviour;
  const blocks = behaviour?.performance?.map((b) => b.crossModalityDprime) ?? [];
  const mean = meanOf(blocks);
  return {
    id: subject.id,
    genotype: subject.genotype,
    lastSession: last && { id: last.id, date: last.date, project: last.project },
    sessions: subject.sessions.totalCount,
    stage: last?.trainingInfo?.taskVersion ?? subject.nextTaskVersion,
    dprime: behaviour && mean !== null ? { value: mean, session: behaviour.id, blocks } : null,
    uploaded: subject.uploaded.totalCount,
    sorted: subject.sorted.totalCount,
  };
}

const COLUMNS: { key: LabSortKey; label: string; numeric: boolean; title: string }[] = [
  { key: 'subject', label: 'Subject', numeric: false, title: 'LabTracks MID' },
  { key: 'lastSession', label: 'Last session', numeric: false, title: 'Newest session matching the filters' },
  { key: 'sessions', label: 'Sessions', numeric: true, title: 'Sessions matching the filters' },
  {
    key: 'stage',
    label: 'Stage / task version',
    numeric: false,
    title: 'Task version of the newest session (training sheet), else the next one',
  },
  {
    key: 'dprime',
    label: 'Latest d′',
    numeric: true,
    title: 'Mean cross-modality d′ over the blocks of the newest session with a readable task file',
  },
  {
    key: 'uploaded',
    label: 'Uploaded',
    numeric: true,
    title: 'Sessions uploaded to AIND (raw data asset or raw data on S3)',
  },
  { key: 'sorted', label: 'Sorted', numeric: true, title: 'Sessions whose newest spike sorting succeeded' },
];

function sortValue(row: Row, key: LabSortKey): string | number | null {
  switch (key) {
    case 'subject':
      return row.id;
    case 'lastSession':
      return row.lastSession?.date ?? null;
    case 'sessions':
      return row.sessions;
    case 'stage':
      return row.stage;
    case 'dprime':
      return row.dprime?.value ?? null;
    case 'uploaded':
      return row.uploaded;
    case 'sorted':
      return row.sorted;
  }
}

/** Sorted by the key; rows without a value go last in either direction; ties by MID. */
export function sortRows(rows: Row[], key: LabSortKey, descending: boolean): Row[] {
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? a.id.localeCompare(b.id) : x === null ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : a.id.localeCompare(b.id);
    return descending ? -order : order;
  });
}

function filterForm(route: LabRoute, projects: string[]): HTMLElement {
  const { filters } = route;
  const field = (name: keyof LabFilters, label: string, type: string, extra: Record<string, string> = {}) =>
    h(
      'label',
      { class: 'field' },
      h('span', {}, label),
      h('input', { name, type, value: filters[name] ?? '', ...extra }),
    );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter sessions' },
    field('project', 'Project', 'text', { list: 'projects', placeholder: 'any' }),
    h(
      'datalist',
      { id: 'projects' },
      projects.map((p) => h('option', { value: p })),
    ),
    field('genotype', 'Genotype contains', 'text', { placeholder: 'e.g. Pvalb' }),
    field('from', 'From', 'date'),
    field('to', 'To (inclusive)', 'date'),
    h('button', { type: 'submit' }, 'Apply'),
    h(
      'a',
      { href: formatRoute({ ...route, filters: { project: null, genotype: null, from: null, to: null } }) },
      'Clear',
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim() || null;
    location.hash = formatRoute({
      ...route,
      filters: {
        project: value('project'),
        genotype: value('genotype'),
        from: value('from'),
        to: value('to'),
      },
    });
  });
  return form;
}

function headerCell(route: LabRoute, column: (typeof COLUMNS)[number]): HTMLElement {
  const active = route.sort === column.key;
  const descending = active ? !route.descending : column.numeric || column.key === 'lastSession';
  return h(
    'th',
    {
      scope: 'col',
      class: column.numeric ? 'num' : null,
      'aria-sort': active ? (route.descending ? 'descending' : 'ascending') : null,
      title: column.title,
    },
    h(
      'a',
      { href: formatRoute({ ...route, sort: column.key, descending }), class: 'sort' },
      column.label,
      h(
        'span',
        { class: 'sort-mark', 'aria-hidden': 'true' },
        active ? (route.descending ? ' ▼' : ' ▲') : '',
      ),
    ),
  );
}

function rowElement(row: Row): HTMLElement {
  return h(
    'tr',
    {},
    h(
      'th',
      { scope: 'row' },
      h('a', { href: subjectHref(row.id) }, row.id),
      h('div', { class: 'sub' }, row.genotype ?? NO_VALUE),
    ),
    h(
      'td',
      {},
      row.lastSession ? h('a', { href: sessionHref(row.lastSession.id) }, row.lastSession.date) : NO_VALUE,
      row.lastSession?.project ? h('div', { class: 'sub' }, row.lastSession.project) : null,
    ),
    h('td', { class: 'num' }, row.sessions),
    h('td', {}, row.stage ?? NO_VALUE),
    h(
      'td',
      {
        class: 'num',
        title: row.dprime
          ? `${row.dprime.session}: mean ${row.dprime.value} over blocks [${row.dprime.blocks.map((b) => b ?? 'NaN').join(', ')}]`
          : 'no session with a readable task file',
      },
      row.dprime ? h('a', { href: sessionHref(row.dprime.session) }, fixed(row.dprime.value)) : NO_VALUE,
    ),
    h('td', { class: 'num' }, row.uploaded),
    h('td', { class: 'num' }, row.sorted),
  );
}

export async function renderLab(view: HTMLElement, route: LabRoute): Promise<void> {
  const variables = { ...route.filters };
  const key = JSON.stringify(variables);
  if (cached?.key !== key) cached = { key, result: await request<LabData>(labDocument, variables) };
  const { data, errors } = cached.result;
  const subjects = data?.subjects.edges.map((e) => e.node) ?? [];
  const filtered = Object.values(route.filters).some(Boolean);
  const rows = subjects.map(rowOf).filter((row) => !filtered || row.sessions > 0);
  const projects = [...new Set(subjects.flatMap((s) => s.latestSession?.project ?? []))].sort();

  const table = h(
    'table',
    { class: 'data lab-table' },
    h('caption', {}, `${rows.length} subjects${filtered ? ' with sessions matching the filters' : ''}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        COLUMNS.map((column) => headerCell(route, column)),
      ),
    ),
    h('tbody', {}, sortRows(rows, route.sort, route.descending).map(rowElement)),
  );
  view.append(
    h(
      'div',
      { class: 'view-head' },
      h('h1', { tabindex: '-1' }, 'Lab'),
      h('a', { class: 'graphiql-link', href: graphiqlLink(labDocument, variables) }, 'Open in GraphiQL'),
    ),
    filterForm(route, projects),
    panel(
      'Subjects',
      'subjects',
      errors.length > 0
        ? notice(
            'error',
            `${errors.length} field(s) failed: ${errors[0]?.message ?? ''}`,
            errors[0]?.extensions?.code,
          )
        : null,
      rows.length > 0
        ? h('div', { class: 'table-wrap' }, table)
        : notice('empty', 'No subject has sessions matching the filters.'),
    ),
  );
}
