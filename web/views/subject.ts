/**
 * The Subject view (operation DashboardSubject, one request): the subject's facts, its learning
 * curve, its session list, and weight and water over time. A session whose task file cannot be read
 * is listed with its error code; the rest of the view renders.
 */
import subjectDocument from '../../schema/operations/dashboardSubject.graphql';
import { h, notice, panel } from '../dom.ts';
import { day, fixed, NO_VALUE, yesNo } from '../format.ts';
import { errorsUnder, type GraphQLError, graphiqlLink, request } from '../graphql.ts';
import { plotWidth } from '../plots/figure.ts';
import { type CurvePoint, learningCurve } from '../plots/learningCurve.ts';
import { noRecords, waterPlot, weightPlot } from '../plots/weightWater.ts';
import { sessionHref } from '../route.ts';
import { sessionKind, summarise } from '../summary.ts';
import { facts } from './facts.ts';

interface SubjectSession {
  id: string;
  date: string;
  idx: number;
  project: string | null;
  platform: string | null;
  trackedPlatform: string | null;
  isEphys: boolean | null;
  isTraining: boolean | null;
  isHab: boolean | null;
  isOpto: boolean | null;
  isUploaded: boolean | null;
  isSorted: boolean | null;
  trainingInfo: { taskVersion: string | null; rigName: string | null } | null;
  performance:
    | {
        blockIndex: number;
        rewardedModality: string;
        crossModalityDprime: number | null;
        hitRate: number | null;
        falseAlarmRate: number | null;
      }[]
    | null;
}

interface SubjectData {
  subject: {
    id: string;
    genotype: string | null;
    sex: string | null;
    dateOfBirth: string | null;
    trainer: string | null;
    regimen: number | null;
    nextTaskVersion: string | null;
    alive: boolean | null;
    sessions: { totalCount: number; edges: { node: SubjectSession }[] };
    weightLimitG: number | null;
    weighings: { edges: { node: { dateTime: string; weightG: number } }[] };
    waterAdministrations: {
      edges: { node: { dateTime: string; volumeMl: number | null; adlib: boolean; waterType: string } }[];
    };
  } | null;
}

/** A session row with what failed in it (a corrupt task file fails its behaviour fields). */
interface SessionRow {
  session: SubjectSession;
  failure: GraphQLError | undefined;
}

function curvePoints(rows: SessionRow[]): CurvePoint[] {
  return rows.flatMap(({ session }) => {
    if (!session.performance || session.performance.length === 0) return [];
    return [
      {
        session: session.id,
        date: day(session.date),
        kind: sessionKind(session),
        blocks: session.performance.length,
        ...summarise(session.performance),
      },
    ];
  });
}

function statusBadge(value: boolean | null, yes: string, no: string): HTMLElement {
  return h(
    'span',
    { class: `badge ${value ? 'badge-ok' : ''}` },
    value === null ? NO_VALUE : value ? yes : no,
  );
}

function sessionTable(rows: SessionRow[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data session-table' },
      h('caption', {}, `${rows.length} sessions, newest first`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Session', 'Kind', 'Project', 'Rig', 'Task version', 'Blocks', 'd′', 'Uploaded', 'Sorted'].map(
            (label) =>
              h('th', { scope: 'col', class: ['Blocks', 'd′'].includes(label) ? 'num' : null }, label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map(({ session, failure }) => {
          const summary = session.performance ? summarise(session.performance) : null;
          return h(
            'tr',
            { class: failure ? 'row-error' : null },
            h(
              'th',
              { scope: 'row' },
              h('a', { href: sessionHref(session.id) }, session.date),
              session.idx > 0 ? h('div', { class: 'sub' }, `#${session.idx + 1} that day`) : null,
            ),
            h(
              'td',
              {},
              failure
                ? h(
                    'span',
                    { class: 'badge badge-error', title: failure.message },
                    failure.extensions?.code ?? 'ERROR',
                  )
                : sessionKind(session),
            ),
            h('td', {}, session.project ?? NO_VALUE),
            h('td', {}, session.trainingInfo?.rigName ?? NO_VALUE),
            h('td', {}, session.trainingInfo?.taskVersion ?? NO_VALUE),
            h('td', { class: 'num' }, session.performance?.length ?? NO_VALUE),
            h(
              'td',
              { class: 'num', title: summary?.dprime === null || !summary ? null : String(summary.dprime) },
              fixed(summary?.dprime),
            ),
            h('td', {}, statusBadge(session.isUploaded, 'uploaded', 'no')),
            h('td', {}, statusBadge(session.isSorted, 'sorted', 'no')),
          );
        }),
      ),
    ),
  );
}

function failureNotice(rows: SessionRow[]): HTMLElement | null {
  const failed = rows.filter((row) => row.failure);
  if (failed.length === 0) return null;
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    h('strong', {}, `Behaviour unavailable for ${failed.length} session${failed.length > 1 ? 's' : ''}:`),
    h(
      'ul',
      {},
      failed.map(({ session, failure }) =>
        h(
          'li',
          {},
          h('a', { href: sessionHref(session.id) }, session.id),
          ' ',
          h('code', { class: 'error-code' }, failure?.extensions?.code ?? 'ERROR'),
          ` ${failure?.message ?? ''}`,
        ),
      ),
    ),
  );
}

export async function renderSubject(view: HTMLElement, id: string): Promise<void> {
  const variables = { id };
  const { data, errors } = await request<SubjectData>(subjectDocument, variables);
  const subject = data?.subject ?? null;
  const head = h(
    'div',
    { class: 'view-head' },
    h('h1', { tabindex: '-1' }, `Subject ${id}`),
    h('a', { class: 'graphiql-link', href: graphiqlLink(subjectDocument, variables) }, 'Open in GraphiQL'),
  );
  if (!subject) {
    view.append(
      head,
      errors.length > 0
        ? notice('error', errors[0]?.message ?? '', errors[0]?.extensions?.code)
        : notice('empty', `No source knows a subject ${id}.`),
    );
    return;
  }
  const rows: SessionRow[] = subject.sessions.edges.map((edge, i) => ({
    session: edge.node,
    failure: errorsUnder(errors, ['subject', 'sessions', 'edges', i])[0],
  }));
  const width = plotWidth(document.getElementById('main'));
  const points = curvePoints(rows);
  const weighings = subject.weighings.edges.map((e) => ({
    at: new Date(e.node.dateTime),
    weightG: e.node.weightG,
  }));
  const water = subject.waterAdministrations.edges.map((e) => ({ ...e.node, at: new Date(e.node.dateTime) }));

  view.append(
    head,
    facts([
      ['Genotype', subject.genotype],
      ['Sex', subject.sex],
      ['Born', subject.dateOfBirth],
      ['Alive', yesNo(subject.alive)],
      ['Trainer', subject.trainer],
      ['Regimen', subject.regimen],
      ['Next task version', subject.nextTaskVersion],
    ]),
    panel(
      'Learning curve',
      'learning-curve',
      failureNotice(rows),
      points.length > 0
        ? learningCurve(points, width)
        : notice('empty', 'No session of this subject has a readable task file.'),
    ),
    panel(
      'Sessions',
      'sessions',
      subject.sessions.totalCount > rows.length
        ? h('p', { class: 'caption' }, `Showing the newest ${rows.length} of ${subject.sessions.totalCount}.`)
        : null,
      sessionTable(rows),
    ),
    panel(
      'Weight and water',
      'weight-water',
      weighings.length === 0 && water.length === 0 ? noRecords() : null,
      weighings.length > 0 ? weightPlot(weighings, subject.weightLimitG, width) : null,
      water.length > 0 ? waterPlot(water, width) : null,
    ),
  );
}
