/**
 * Session and asset filters end to end over real HTTP on the embedded fixtures: every filter alone
 * against what the fixture lab model says, compositions, ordering, bad values (BAD_USER_INPUT with
 * the accepted forms), cursor paging under a filter, and upstream requests counted: a costly filter
 * over N sessions of one subject costs one listing / one search, not N.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession, type LabSubject, labAssets } from '../../fixtures/generator/lab.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { normaliseRigName } from '../../src/domain/rig.ts';
import { createCodeOceanEmbeddedBackend } from '../../src/sources/codeocean/index.ts';
import { createEmbeddedDocDb, type DocDbOperation } from '../../src/sources/docdb/index.ts';
import { createLocalObjectStore } from '../../src/sources/objectstore/index.ts';
import { countingObjectStore } from '../support/countingObjectStore.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');
const lab = buildLab();
const subjectOf = new Map<string, LabSubject>(lab.subjects.map((s) => [s.id, s]));

// ---- what the lab model says about each session, as the sources present it ----
const tracked = (s: LabSession) => s.yaml !== null || (s.sheet !== null && !s.sheet.ignore);
const inCatalog = (s: LabSession) => tracked(s) || s.aind !== null;
const catalog = lab.sessions.filter(inCatalog);
const broken = (s: LabSession) => s.task?.broken !== undefined;
const kwargs = (s: LabSession) => s.yaml?.sessionKwargs ?? {};
const readableTask = (s: LabSession) => s.task !== null && !broken(s) && kwargs(s).is_task !== false;
const trackedPlatform = (s: LabSession) => (s.yaml ? s.platform : tracked(s) ? 'training_sheet' : null);
const genotypeOf = (s: LabSession) => {
  const subject = subjectOf.get(s.subject);
  return subject?.docdbDisagrees?.genotype ?? subject?.genotype ?? null;
};
const isOpto = (s: LabSession) =>
  kwargs(s).is_opto_perturbation === true ||
  (readableTask(s) && s.task?.opto === true && !genotypeOf(s)?.includes('wt/wt'));
const isTraining = (s: LabSession) => tracked(s) && s.platform === 'behavior' && readableTask(s);
/** A task on a recording rig (NP), without ephys or opto: a habituation session. */
const isHab = (s: LabSession) =>
  readableTask(s) && s.platform !== 'ephys' && /NP/i.test(s.task?.rigName ?? '') && !isOpto(s);
const rigOf = (s: LabSession) =>
  (tracked(s) ? s.sheet?.rigName : undefined) ?? (s.task && !broken(s) ? s.task.rigName : null);
const newestSort = (s: LabSession) =>
  [...(s.aind?.sorted ?? [])].sort((a, b) => b.daysAfter - a.daysAfter)[0];

/** Both orders: by date, then subject MID, then idx. */
const ORDER = {
  DATE_DESC: (a: LabSession, b: LabSession) =>
    b.date.localeCompare(a.date) || a.subject.localeCompare(b.subject) || a.idx - b.idx,
  DATE_ASC: (a: LabSession, b: LabSession) =>
    a.date.localeCompare(b.date) || a.subject.localeCompare(b.subject) || a.idx - b.idx,
};
const expectIds = (pick: (s: LabSession) => boolean, order: keyof typeof ORDER = 'DATE_DESC') =>
  catalog
    .filter(pick)
    .sort(ORDER[order])
    .map((s) => s.id);

// ---- GraphQL helpers ----
interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const SESSIONS = `query($filter: SessionFilter, $orderBy: SessionOrder, $first: Int, $after: String) {
  sessions(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}`;

/** Every session id the filter selects, paged through with cursors; checks totalCount on the way. */
async function sessionIds(
  gateway: RunningGateway,
  filter: Record<string, unknown>,
  orderBy?: string,
  first = 100,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  let total: number | null = null;
  do {
    const result = await gateway.query<{ sessions: Page }>(SESSIONS, { filter, orderBy, first, after });
    expect(result.errors).toBeUndefined();
    const page = result.data?.sessions as Page;
    total ??= page.totalCount;
    expect(page.totalCount).toBe(total);
    ids.push(...page.edges.map((e) => e.node.id));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  expect(ids).toHaveLength(total ?? 0);
  return ids;
}

async function badInput(query: string, variables?: Record<string, unknown>): Promise<GqlError> {
  const result = await gw.query(query, variables);
  const [error, ...more] = (result.errors ?? []) as readonly unknown[] as GqlError[];
  expect(more).toEqual([]);
  expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error?.extensions?.accepted).toEqual(expect.arrayContaining([expect.any(String)]));
  expect(error?.message).toContain('Accepted:');
  return error as GqlError;
}

describe('the fixture lab as the tests read it', () => {
  it('lists exactly the sessions the lab model puts in the catalog', async () => {
    expect(await sessionIds(gw, {})).toEqual(expectIds(() => true));
  });
});

describe('every session filter alone, against the lab model', () => {
  const cases: [string, Record<string, unknown>, (s: LabSession) => boolean][] = [
    ['subject', { subject: EDGE.sameDaySubject }, (s) => s.subject === EDGE.sameDaySubject],
    [
      'subjects',
      { subjects: [EDGE.failedSortSubject, EDGE.codeOceanOnlySubject] },
      (s) => s.subject === EDGE.failedSortSubject || s.subject === EDGE.codeOceanOnlySubject,
    ],
    [
      'project',
      { project: 'templetonpilotsession' },
      (s) => tracked(s) && s.project === 'TempletonPilotSession',
    ],
    ['date', { date: '20231213' }, (s) => s.date === '2023-12-13'],
    [
      'startDate/endDate, inclusive at both ends',
      { startDate: '2023-12-13', endDate: '2023-12-14' },
      (s) => s.date >= '2023-12-13' && s.date <= '2023-12-14',
    ],
    ['startDate alone', { startDate: '2024-05-20' }, (s) => s.date >= '2024-05-20'],
    ['platform (AIND, any case)', { platform: 'ECEPHYS' }, (s) => s.aind?.platform === 'ecephys'],
    ['platform behavior', { platform: 'behavior' }, (s) => s.aind?.platform === 'behavior'],
    [
      'trackedPlatform',
      { trackedPlatform: ['BEHAVIOR_WITH_SYNC', 'BEHAVIOR'] },
      (s) => ['behavior_with_sync', 'behavior'].includes(trackedPlatform(s) ?? '') && s.yaml !== null,
    ],
    [
      'trackedPlatform training sheet',
      { trackedPlatform: ['TRAINING_SHEET'] },
      (s) => trackedPlatform(s) === 'training_sheet',
    ],
    [
      'isEphys',
      { isEphys: true },
      (s) => (tracked(s) ? s.yaml !== null && s.platform === 'ephys' : s.aind?.platform === 'ecephys'),
    ],
    [
      'isEphys false',
      { isEphys: false },
      (s) => (tracked(s) ? !(s.yaml !== null && s.platform === 'ephys') : s.aind?.platform !== 'ecephys'),
    ],
    [
      'isSync',
      { isSync: true },
      (s) => s.yaml !== null && ['ephys', 'behavior_with_sync'].includes(s.platform),
    ],
    ['isUploaded', { isUploaded: true }, (s) => s.aind !== null && (s.aind.rawAsset || s.aind.rawDataOnS3)],
    ['isUploaded false', { isUploaded: false }, (s) => s.aind === null],
    ['isSorted', { isSorted: true }, (s) => newestSort(s) !== undefined && !newestSort(s)?.error],
    [
      'isSorted false',
      { isSorted: false },
      (s) => newestSort(s) === undefined || newestSort(s)?.error === true,
    ],
    ['isTask', { isTask: true }, readableTask],
    [
      'isTask false (a corrupt task file is unknown)',
      { isTask: false },
      (s) => !readableTask(s) && !broken(s),
    ],
    ['isOpto', { isOpto: true }, isOpto],
    ['isOpto false', { isOpto: false }, (s) => !isOpto(s) && !broken(s)],
    ['isTraining', { isTraining: true }, isTraining],
    ['isTraining false', { isTraining: false }, (s) => !isTraining(s) && !broken(s)],
    ['isHab', { isHab: true }, isHab],
    ['isHab false', { isHab: false }, (s) => !isHab(s) && !broken(s)],
    ['keyword (any case)', { keyword: 'OPTO_PERTURBATION' }, isOpto],
    ['keyword training', { keyword: 'training' }, isTraining],
    [
      'rig, in normal form (NP3 = NP.3), sheet first then task file',
      { rig: 'np.3' },
      (s) => normaliseRigName(rigOf(s) ?? '') === 'NP.3',
    ],
    [
      'rig cluster without a computer index',
      { rig: 'BEH.B' },
      (s) => normaliseRigName(rigOf(s) ?? '')?.startsWith('BEHDEV.B-') ?? false,
    ],
    ['genotypeContains (any case)', { genotypeContains: 'pvalb' }, (s) => /pvalb/i.test(genotypeOf(s) ?? '')],
    [
      'genotypeContains reads DocDB before the sheet',
      { genotypeContains: 'Slc17a7' },
      (s) => s.subject === EDGE.genotypeDisagreementSubject,
    ],
  ];

  it.each(cases)('%s', async (_name, filter, pick) => {
    const expected = expectIds(pick);
    expect(await sessionIds(gw, filter)).toEqual(expected);
  });

  it('the lab gives every boolean filter sessions on both sides (the cases above can fail)', () => {
    for (const pick of [readableTask, isOpto, isTraining, isHab, (s: LabSession) => s.aind !== null]) {
      expect(catalog.filter(pick).length).toBeGreaterThan(0);
      expect(catalog.filter((s) => !pick(s)).length).toBeGreaterThan(0);
    }
    expect(catalog.filter(broken).length).toBeGreaterThan(0);
    expect(catalog.filter((s) => rigOf(s) === 'NP3' && !s.sheet).length).toBeGreaterThan(0);
  });

  it('each flag filter agrees with the Session field of the same name', async () => {
    const flags = ['isUploaded', 'isSorted', 'isTask', 'isOpto', 'isTraining', 'isEphys', 'isSync'];
    const result = await gw.query<{ sessions: { edges: { node: Record<string, unknown> }[] } }>(
      `{ sessions(first: 100) { edges { node { id ${flags.join(' ')} } } } }`,
    );
    const nodes = result.data?.sessions.edges.map((e) => e.node) ?? [];
    for (const flag of flags) {
      const withTrue = nodes.filter((n) => n[flag] === true).map((n) => n.id);
      expect(await sessionIds(gw, { [flag]: true }), flag).toEqual(withTrue);
    }
  });
});

describe('filters compose (AND)', () => {
  it('opto sessions of a genotype', async () => {
    expect(await sessionIds(gw, { genotypeContains: 'Pvalb', isOpto: true })).toEqual(
      expectIds((s) => isOpto(s) && /pvalb/i.test(genotypeOf(s) ?? '')),
    );
    expect(await sessionIds(gw, { genotypeContains: 'wt/wt', isOpto: true })).toEqual([]);
  });

  it('subject, date range, platform and a costly flag', async () => {
    const filter = {
      subject: EDGE.sameDaySubject,
      startDate: '2023-12-01',
      endDate: '2023-12-14',
      platform: 'ecephys',
      isSorted: true,
    };
    expect(await sessionIds(gw, filter)).toEqual(
      expectIds(
        (s) =>
          s.subject === EDGE.sameDaySubject &&
          s.date >= '2023-12-01' &&
          s.date <= '2023-12-14' &&
          s.aind?.platform === 'ecephys' &&
          newestSort(s)?.error === false,
      ),
    );
  });

  it('a rig the sheets give and a task flag together', async () => {
    expect(await sessionIds(gw, { rig: 'BEH.B', isTask: true })).toEqual(
      expectIds(
        (s) => readableTask(s) && (normaliseRigName(rigOf(s) ?? '')?.startsWith('BEHDEV.B-') ?? false),
      ),
    );
  });

  it('Subject.sessions takes the same filter, subject implied', async () => {
    const result = await gw.query<{ subject: { sessions: Page } }>(
      `query($filter: SessionFilter) { subject(id: "${EDGE.sameDaySubject}") { sessions(filter: $filter, first: 100) { totalCount edges { node { id } } } } }`,
      { filter: { isTask: true } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.subject.sessions.edges.map((e) => e.node.id)).toEqual(
      expectIds((s) => s.subject === EDGE.sameDaySubject && readableTask(s)),
    );
  });
});

describe('ordering', () => {
  it('DATE_DESC (default) and DATE_ASC order by date, then subject, then idx', async () => {
    const desc = await sessionIds(gw, {});
    const asc = await sessionIds(gw, {}, 'DATE_ASC');
    expect(desc).toEqual(expectIds(() => true));
    expect(asc).toEqual(expectIds(() => true, 'DATE_ASC'));
    // A subject's two sessions of one day keep idx order either way.
    const sameDay = [
      `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`,
      `${EDGE.sameDaySubject}_${EDGE.sameDayDate}_1`,
    ];
    for (const list of [desc, asc]) expect(list.filter((id) => sameDay.includes(id))).toEqual(sameDay);
  });

  it('Subject.sessions orders too', async () => {
    const result = await gw.query<{ subject: { sessions: Page } }>(
      `{ subject(id: "${EDGE.failedSortSubject}") { sessions(orderBy: DATE_ASC, first: 100) { edges { node { id } } } } }`,
    );
    const ids = result.data?.subject.sessions.edges.map((e) => e.node.id) ?? [];
    expect(ids.length).toBeGreaterThan(3);
    expect(ids).toEqual([...ids].sort());
  });
});

describe('cursor paging under a filter', () => {
  it('pages of 3 walk the same list a single page gives, with a stable totalCount', async () => {
    const filter = { isUploaded: true, startDate: '2023-01-01' };
    const whole = await sessionIds(gw, filter);
    expect(whole.length).toBeGreaterThan(6);
    expect(await sessionIds(gw, filter, 'DATE_DESC', 3)).toEqual(whole);
    expect(await sessionIds(gw, filter, 'DATE_ASC', 4)).toEqual(
      expectIds((s) => whole.includes(s.id), 'DATE_ASC'),
    );
  });

  it('a cursor that is not in the filtered list is refused', async () => {
    const outside = expectIds((s) => s.aind === null)[0];
    await badInput(SESSIONS, { filter: { isUploaded: true }, first: 2, after: outside });
  });
});

describe('bad filter values are BAD_USER_INPUT listing what is accepted', () => {
  it.each([
    ['subject', { subject: 'mouse' }, 'subject'],
    ['subjects', { subjects: ['676909', '12'] }, 'subject'],
    ['date and a range together', { date: '2023-12-13', startDate: '2023-12-01' }, 'not both'],
    ['a start after the end', { startDate: '2023-12-14', endDate: '2023-12-13' }, 'after endDate'],
    ['an impossible date', { date: '2023-02-30' }, 'February'],
    ['platform with an underscore', { platform: 'ecephys_676909' }, 'platform'],
    ['keyword with a space', { keyword: 'opto perturbation' }, 'keyword'],
    ['empty keyword', { keyword: '' }, 'keyword'],
    ['rig with odd characters', { rig: 'NP 3!' }, 'rig'],
    ['blank genotypeContains', { genotypeContains: '  ' }, 'genotypeContains'],
  ])('%s', async (_name, filter, inMessage) => {
    const error = await badInput(SESSIONS, { filter });
    expect(error.message).toContain(inMessage);
    expect(error.path).toEqual(['sessions']);
  });

  it('a costly filter with a bad value reads nothing: the error comes first', async () => {
    await badInput(SESSIONS, { filter: { isOpto: true, keyword: '***' } });
  });

  it.each([
    ['subject', { subject: 'x' }],
    ['sorter', { sorter: '' }],
    ['tag', { tag: ' ' }],
    ['createdFrom', { createdFrom: '2023-13-01' }],
  ])('dataAssets %s', async (_name, filter) => {
    await badInput('query($filter: DataAssetFilter) { dataAssets(filter: $filter) { totalCount } }', {
      filter,
    });
  });

  it('an unknown enum value is refused by GraphQL validation, naming the value', async () => {
    const result = await gw.query('{ sessions(orderBy: NEWEST) { totalCount } }');
    expect(result.errors?.[0]?.message).toContain('NEWEST');
  });
});

describe('dataAssets filters and order, against the lab model', () => {
  const assets = labAssets(lab).filter((a) => a.kind !== 'stray');
  const newestAssetFirst = (a: { created: number; id: string }, b: { created: number; id: string }) =>
    b.created - a.created || a.id.localeCompare(b.id);
  const expectAssets = (pick: (a: (typeof assets)[number]) => boolean) =>
    assets
      .filter(pick)
      .sort(newestAssetFirst)
      .map((a) => a.id);
  const ASSETS = `query($filter: DataAssetFilter, $orderBy: DataAssetOrder, $after: String) {
    dataAssets(filter: $filter, orderBy: $orderBy, first: 100, after: $after) {
      totalCount edges { node { id } } pageInfo { hasNextPage endCursor }
    }
  }`;
  async function assetIds(filter: Record<string, unknown>, orderBy?: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const result = await gw.query<{ dataAssets: Page }>(ASSETS, { filter, orderBy, after });
      expect(result.errors).toBeUndefined();
      const page = result.data?.dataAssets as Page;
      ids.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
    return ids;
  }

  it.each([
    ['no filter: every asset of the lab’s subjects, newest first', {}, () => true],
    [
      'subject (one CodeOcean search)',
      { subject: EDGE.sameDaySubject },
      (a) => a.subject === EDGE.sameDaySubject,
    ],
    ['kind', { kind: ['SORTED', 'DERIVED'] }, (a) => a.kind === 'sorted' || a.kind === 'derived'],
    // The sorter comes from DocDB's processing record, which a failed run leaves without one.
    ['sorter', { sorter: 'KILOSORT4' }, (a) => a.sorter === 'kilosort4' && !a.error],
    ['sorter with a kind that is not sorted', { sorter: 'kilosort4', kind: ['RAW'] }, () => false],
    ['dataLevel', { dataLevel: 'RAW' }, (a) => a.kind === 'raw'],
    ['tag (any case)', { tag: 'RAW' }, (a) => a.kind === 'raw' && a.subject !== EDGE.codeOceanOnlySubject],
    [
      'created range, inclusive, UTC',
      { createdFrom: '2023-12-14', createdTo: '2024-02-01' },
      (a) => {
        const day = new Date(a.created * 1000).toISOString().slice(0, 10);
        return day >= '2023-12-14' && day <= '2024-02-01';
      },
    ],
  ] as [string, Record<string, unknown>, (a: (typeof assets)[number]) => boolean][])(
    '%s',
    async (_name, filter, pick) => {
      expect(await assetIds(filter)).toEqual(expectAssets(pick));
    },
  );

  it('compose, and order oldest first with CREATED_ASC', async () => {
    const filter = { subject: EDGE.failedSortSubject, kind: ['SORTED'], createdFrom: '2023-07-01' };
    const expected = expectAssets(
      (a) =>
        a.subject === EDGE.failedSortSubject &&
        a.kind === 'sorted' &&
        new Date(a.created * 1000).toISOString() >= '2023-07-01',
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(await assetIds(filter)).toEqual(expected);
    expect(await assetIds(filter, 'CREATED_ASC')).toEqual([...expected].reverse());
  });
});

describe('upstream requests of costly filters', () => {
  const store = countingObjectStore(createLocalObjectStore({ root: path.join(FIXTURES, 's3') }));
  const searches: string[] = [];
  const finds: DocDbOperation[] = [];
  let counted: RunningGateway;
  beforeAll(async () => {
    // CodeOcean without the gateway's cache, so every search the query makes is seen.
    const codeocean = createCodeOceanEmbeddedBackend({
      assetsFile: path.join(FIXTURES, 'codeocean', 'data_assets.json'),
      onRequest: (event) => {
        if (event.operation === 'search') searches.push(event.path);
      },
    });
    const docdb = await createEmbeddedDocDb({
      files: [path.join(FIXTURES, 'docdb', 'data_assets.jsonl')],
      onRequest: (operation) => void finds.push(operation),
    });
    counted = await startGateway(EMBEDDED_ENV, { sources: { objectStore: store.store, codeocean, docdb } });
  });
  afterAll(() => counted.close());

  const subject = EDGE.sameDaySubject;
  const taskFolder = (p: string) => p.startsWith(`dynamic-routing/DynamicRoutingTask/Data/${subject}/`);
  const ofSubject = catalog.filter((s) => s.subject === subject);

  /** Runs the query and returns how many of each request it cost. */
  async function cost(filter: Record<string, unknown>) {
    const before = { lists: store.count('list', taskFolder), searches: searches.length, finds: finds.length };
    const ids = await sessionIds(counted, { subject, ...filter });
    return {
      ids,
      lists: store.count('list', taskFolder) - before.lists,
      searches: searches.length - before.searches,
      finds: finds.length - before.finds,
    };
  }

  it(`a task flag over the ${ofSubject.length} sessions of one subject costs ONE listing of its folder`, async () => {
    expect(ofSubject.length).toBeGreaterThan(5);
    const { ids, lists, searches: s } = await cost({ isTask: true, keyword: 'task' });
    expect(ids).toEqual(expectIds((x) => x.subject === subject && readableTask(x)));
    expect(lists).toBe(1);
    expect(s).toBe(0);
  });

  it('isUploaded and isSorted together cost ONE CodeOcean search and at most one DocDB find', async () => {
    const { ids, searches: s, finds: f, lists } = await cost({ isUploaded: true, isSorted: true });
    expect(ids.length).toBeGreaterThan(0);
    expect(s).toBe(1);
    expect(f).toBeLessThanOrEqual(1);
    expect(lists).toBe(0);
  });

  it('derived-asset flags cost ONE CodeOcean search and at most one DocDB find; isSurfaceChannels nothing', async () => {
    const derived = await cost({ isDlc: true, isFacemap: true, isAnnotated: true });
    expect(derived.ids.length).toBeGreaterThan(0);
    expect([derived.searches, derived.lists]).toEqual([1, 0]);
    expect(derived.finds).toBeLessThanOrEqual(1);
    const surface = await cost({ isSurfaceChannels: true });
    expect(surface.ids).toEqual([`${subject}_${EDGE.sameDayDate}`]);
    expect([surface.searches, surface.finds, surface.lists]).toEqual([0, 0, 0]);
  });

  it('genotypeContains costs at most one DocDB find, whatever the number of subjects', async () => {
    const before = finds.length;
    const ids = await sessionIds(counted, { genotypeContains: 'cre' });
    expect(ids.length).toBeGreaterThan(10);
    expect(finds.length - before).toBeLessThanOrEqual(1);
  });

  it('an oversized page is refused before a costly filter reads anything', async () => {
    const before = { lists: store.count('list'), searches: searches.length, finds: finds.length };
    const result = await counted.query(
      `{ sessions(first: 10000, filter: { isOpto: true, isUploaded: true, genotypeContains: "cre" }) { totalCount } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect([
      store.count('list') - before.lists,
      searches.length - before.searches,
      finds.length - before.finds,
    ]).toEqual([0, 0, 0]);
  });

  it('cheap filters read nothing upstream', async () => {
    const {
      lists,
      searches: s,
      finds: f,
    } = await cost({ startDate: '2023-11-01', isEphys: true, project: 'DynamicRouting' });
    expect([lists, s, f]).toEqual([0, 0, 0]);
  });

  it('a filter that fails on the catalog leaves nothing for the costly stages to read', async () => {
    const { ids, lists, searches: s } = await cost({ date: '2016-01-04', isOpto: true, isSorted: true });
    expect(ids).toEqual([]);
    expect([lists, s]).toEqual([0, 0]);
  });
});
