/**
 * The Session view (operation DashboardSession, one request): what the session is, its behaviour
 * (performance by block, trial raster), its data assets with upload / sorting status, its stimulus
 * files, CSV exports and an "Open in GraphiQL" link. A corrupt task file fails only the behaviour
 * fields: those panels show the error code and the others render.
 */
import sessionDocument from '../../schema/operations/dashboardSession.graphql';
import { h, notice, panel } from '../dom.ts';
import { bytes, NO_VALUE, yesNo } from '../format.ts';
import { errorAt, type GraphQLError, graphiqlLink, request } from '../graphql.ts';
import { type Block, blockPerformance } from '../plots/blockPerformance.ts';
import { plotWidth } from '../plots/figure.ts';
import { type RasterTrial, trialRaster } from '../plots/trialRaster.ts';
import { subjectHref } from '../route.ts';
import { sessionKind } from '../summary.ts';
import { facts } from './facts.ts';

interface Asset {
  id: string;
  name: string;
  kind: string;
  state: string;
  created: string;
  isError: boolean | null;
  sorterName: string | null;
  size: number | null;
}

interface SessionData {
  session: {
    id: string;
    name: string | null;
    date: string;
    idx: number;
    startTime: string | null;
    project: string | null;
    platform: string | null;
    trackedPlatform: string | null;
    knownTo: string[];
    subject: { id: string; genotype: string | null };
    trainingInfo: { taskVersion: string | null; rigName: string | null } | null;
    isEphys: boolean | null;
    isUploaded: boolean | null;
    isSorted: boolean | null;
    rawDataUri: string | null;
    rawDataAbsenceReason: string | null;
    rawDataAsset: { id: string } | null;
    latestSortedDataAsset: { id: string } | null;
    dataAssets: Asset[] | null;
    stimFiles: { fileName: string; isTaskFile: boolean; size: number; startTime: string | null }[] | null;
    isTraining: boolean | null;
    isHab: boolean | null;
    isOpto: boolean | null;
    keywords: string[] | null;
    performance: Block[] | null;
    trials: RasterTrial[] | null;
  } | null;
}

type Session = NonNullable<SessionData['session']>;

/** The behaviour panels' content: the plot, the error that replaced it, or why there is none. */
function behaviour<T>(
  value: T[] | null,
  failure: GraphQLError | undefined,
  draw: (rows: T[]) => HTMLElement,
): HTMLElement {
  if (failure)
    return notice('error', `Behaviour unavailable: ${failure.message}`, failure.extensions?.code ?? 'ERROR');
  if (value === null) return notice('empty', 'This session has no task file.');
  if (value.length === 0) return notice('empty', 'The task file holds no trials.');
  return draw(value);
}

function assetStatus(session: Session, asset: Asset): HTMLElement[] {
  const badges: HTMLElement[] = [];
  if (asset.id === session.rawDataAsset?.id) badges.push(h('span', { class: 'badge badge-ok' }, 'raw data'));
  if (asset.id === session.latestSortedDataAsset?.id)
    badges.push(h('span', { class: 'badge badge-ok' }, 'latest good sorting'));
  if (asset.isError) badges.push(h('span', { class: 'badge badge-error' }, 'run failed'));
  return badges;
}

function dataPanel(session: Session, errors: GraphQLError[]): HTMLElement {
  const assetsFailure = errorAt(errors, ['session', 'dataAssets']);
  const upload = session.isUploaded
    ? h('span', { class: 'badge badge-ok' }, 'uploaded')
    : h(
        'span',
        { class: 'badge badge-warn' },
        session.isUploaded === false ? 'not uploaded' : 'upload status unknown',
      );
  const sorted = session.isSorted
    ? h('span', { class: 'badge badge-ok' }, 'sorted')
    : h('span', { class: 'badge' }, session.isSorted === false ? 'not sorted' : 'sorting unknown');
  const assets = session.dataAssets ?? [];
  return panel(
    'Data',
    'data',
    h(
      'p',
      { class: 'status-line' },
      upload,
      ' ',
      sorted,
      session.rawDataUri ? h('code', { class: 'uri' }, ` ${session.rawDataUri}`) : null,
    ),
    session.rawDataAbsenceReason
      ? h(
          'p',
          { class: 'notice notice-empty raw-missing' },
          h('strong', {}, 'No raw data asset: '),
          session.rawDataAbsenceReason,
        )
      : null,
    assetsFailure ? notice('error', assetsFailure.message, assetsFailure.extensions?.code) : null,
    assets.length === 0
      ? notice('empty', 'No CodeOcean data asset is named after this session.')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data asset-table' },
            h('caption', {}, `${assets.length} CodeOcean data assets, oldest first`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Asset', 'Kind', 'Sorter', 'State', 'Created', 'Size', 'Status'].map((label) =>
                  h('th', { scope: 'col', class: label === 'Size' ? 'num' : null }, label),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              assets.map((asset) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, asset.name, h('div', { class: 'sub' }, asset.id)),
                  h('td', {}, asset.kind.toLowerCase()),
                  h('td', {}, asset.sorterName ?? NO_VALUE),
                  h('td', {}, asset.state),
                  h('td', {}, asset.created.slice(0, 10)),
                  h('td', { class: 'num' }, bytes(asset.size)),
                  h('td', {}, assetStatus(session, asset)),
                ),
              ),
            ),
          ),
        ),
    h('h3', {}, 'Stimulus files'),
    (session.stimFiles ?? []).length === 0
      ? notice('empty', 'No stimulus file on the object store.')
      : h(
          'ul',
          { class: 'stim-files' },
          (session.stimFiles ?? []).map((file) =>
            h(
              'li',
              {},
              h('code', {}, file.fileName),
              ` ${bytes(file.size)}`,
              file.isTaskFile ? h('span', { class: 'badge' }, 'task file') : null,
            ),
          ),
        ),
  );
}

function exportLinks(session: Session, variables: Record<string, unknown>): HTMLElement {
  const base = `/sessions/${encodeURIComponent(session.id)}`;
  return h(
    'p',
    { class: 'links' },
    h('a', { href: `${base}/trials.csv`, download: '' }, 'Trials (CSV)'),
    h('a', { href: `${base}/performance.csv`, download: '' }, 'Performance by block (CSV)'),
    h('a', { href: `${base}/performance.csv?version=legacy`, download: '' }, 'Legacy performance (CSV)'),
    h('a', { class: 'graphiql-link', href: graphiqlLink(sessionDocument, variables) }, 'Open in GraphiQL'),
  );
}

export async function renderSession(view: HTMLElement, ref: string): Promise<void> {
  const variables = { ref };
  const { data, errors } = await request<SessionData>(sessionDocument, variables);
  const session = data?.session ?? null;
  if (!session) {
    view.append(
      h('h1', { tabindex: '-1' }, `Session ${ref}`),
      errors.length > 0
        ? notice('error', errors[0]?.message ?? '', errors[0]?.extensions?.code)
        : notice('empty', `No source knows a session ${JSON.stringify(ref)}.`),
    );
    return;
  }
  const width = plotWidth(document.getElementById('main'));
  const kindFailure = errorAt(errors, ['session', 'isTraining']);
  view.append(
    h(
      'div',
      { class: 'view-head' },
      h('h1', { tabindex: '-1' }, `Session ${session.id}`),
      session.name ? h('span', { class: 'sub' }, session.name) : null,
    ),
    facts([
      ['Subject', h('a', { href: subjectHref(session.subject.id) }, session.subject.id)],
      ['Genotype', session.subject.genotype],
      ['Date', session.date],
      ['Start', session.startTime?.replace('T', ' ') ?? null],
      ['Kind', kindFailure ? (kindFailure.extensions?.code ?? 'ERROR') : sessionKind(session)],
      ['Project', session.project],
      ['Platform', session.platform ?? session.trackedPlatform?.toLowerCase() ?? null],
      ['Rig', session.trainingInfo?.rigName ?? null],
      ['Task version', session.trainingInfo?.taskVersion ?? null],
      ['Ephys', yesNo(session.isEphys)],
      ['Known to', session.knownTo.map((s) => s.toLowerCase()).join(', ')],
    ]),
    exportLinks(session, variables),
    panel(
      'Performance by block',
      'performance',
      behaviour(session.performance, errorAt(errors, ['session', 'performance']), (blocks) =>
        blockPerformance(blocks, width),
      ),
    ),
    panel(
      'Trials',
      'trials',
      behaviour(session.trials, errorAt(errors, ['session', 'trials']), (trials) =>
        trialRaster(trials, width),
      ),
    ),
    dataPanel(session, errors),
  );
}
