/**
 * The session list as a dataframe (issue 16.14): `/sessions.csv` and `/sessions.ndjson` over real HTTP,
 * filtered by the SessionFilter fields as query-string parameters. Each answer lists exactly the
 * sessions `sessions(filter:)` lists for the same filter, in the same order; unknown parameters and bad
 * values are refused with the accepted ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE } from '../../fixtures/generator/lab.ts';
import { columnSpecs } from '../../src/domain/columnRegistry.ts';
import { SESSION_LIST_COLUMNS } from '../../src/domain/sessionListColumns.ts';
import { parseCsv } from '../support/csv.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw?.close());

const get = (path: string, init?: RequestInit) => gw.fetch(`${gw.url}${path}`, init);

/** The ids `sessions(filter:, orderBy:)` lists, page by page. */
async function graphIds(filter: Record<string, unknown>, orderBy = 'DATE_DESC'): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const result: {
      data?: {
        sessions: {
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      } | null;
      errors?: readonly unknown[];
    } = await gw.query(
      'query($f: SessionFilter, $o: SessionOrder, $after: String) { sessions(filter: $f, orderBy: $o, first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      { f: filter, o: orderBy, after },
    );
    expect(result.errors).toBeUndefined();
    const page = result.data?.sessions;
    ids.push(...(page?.edges.map((e) => e.node.id) ?? []));
    after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return ids;
}

async function csvIds(query: string): Promise<string[]> {
  const response = await get(`/sessions.csv${query}`);
  expect(response.status).toBe(200);
  const [header, ...rows] = parseCsv(await response.text());
  expect(header?.[0]).toBe('session_id');
  return rows.map((row) => row[0] as string);
}

describe('/sessions.csv and /sessions.ndjson', () => {
  it('list every session, newest first, with the documented columns', async () => {
    const response = await get('/sessions.csv');
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('sessions.csv');
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(columnSpecs(SESSION_LIST_COLUMNS).map((c) => c.name));
    expect(rows.map((r) => r[0])).toEqual(await graphIds({}));
    const sameDay = rows.find((r) => r[0] === `${EDGE.sameDaySubject}_${EDGE.sameDayDate}_1`);
    expect(sameDay?.slice(1, 4)).toEqual([EDGE.sameDaySubject, EDGE.sameDayDate, '1']);
  });

  it('ndjson: one object per session keyed by the column names', async () => {
    const response = await get(`/sessions.ndjson?subject=${EDGE.sameDaySubject}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const rows = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((r) => r.session_id)).toEqual(await graphIds({ subject: EDGE.sameDaySubject }));
    const ephys = rows.find((r) => r.session_id === `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`);
    expect(ephys).toMatchObject({ is_ephys: 'true', tracked_platform: 'ephys', session_idx: 0 });
    expect(JSON.parse(ephys?.session_kwargs as string)).toHaveProperty('probe_letters_to_skip');
    expect(ephys?.known_to).toEqual(expect.arrayContaining(['tracked', 'codeocean', 'docdb']));
  });

  it.each<[string, string, Record<string, unknown>, string?]>([
    [
      'catalog filters',
      `?subject=${EDGE.failedSortSubject}&isEphys=true`,
      { subject: EDGE.failedSortSubject, isEphys: true },
    ],
    [
      'a date range, oldest first',
      '?startDate=2023-12-01&endDate=2024-01-31&orderBy=date_asc',
      { startDate: '2023-12-01', endDate: '2024-01-31' },
      'DATE_ASC',
    ],
    [
      'subjects and trackedPlatform, comma-separated or repeated',
      `?subjects=${EDGE.sameDaySubject},${EDGE.failedSortSubject}&trackedPlatform=ephys&trackedPlatform=TRAINING_SHEET`,
      {
        subjects: [EDGE.sameDaySubject, EDGE.failedSortSubject],
        trackedPlatform: ['EPHYS', 'TRAINING_SHEET'],
      },
    ],
    ['costly filters', '?isTask=true&rig=BEH.B', { isTask: true, rig: 'BEH.B' }],
    [
      'ONE-style filters',
      '?number=1&hasIssues=false&sessionKwarg=is_production%3Dtrue',
      { number: 1, hasIssues: false, sessionKwarg: 'is_production=true' },
    ],
    ['a d′ threshold', '?crossModalityDprimeAtLeast=1.5', { crossModalityDprimeAtLeast: 1.5 }],
    [
      'anyOf as JSON',
      `?anyOf=${encodeURIComponent('[{"isEphys":true},{"trackedPlatform":["TRAINING_SHEET"],"isOpto":true}]')}`,
      { anyOf: [{ isEphys: true }, { trackedPlatform: ['TRAINING_SHEET'], isOpto: true }] },
    ],
  ])('%s: the same sessions as sessions(filter:)', async (_name, query, filter, orderBy) => {
    const expected = await graphIds(filter, orderBy);
    expect(expected.length).toBeGreaterThan(0);
    expect(await csvIds(query)).toEqual(expected);
  });

  it('answers HEAD with the headers only', async () => {
    const response = await get('/sessions.ndjson', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('session-list export errors', () => {
  const refusal = async (query: string, init?: RequestInit) => {
    const response = await get(`/sessions.csv${query}`, init);
    const body = (await response.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    return { status: response.status, error: body.errors[0] };
  };

  it('an unknown parameter is 400 listing the accepted ones', async () => {
    const { status, error } = await refusal('?subjectId=676909');
    expect(status).toBe(400);
    expect(error?.extensions.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('"subjectId"');
    expect(String(error?.extensions.accepted)).toMatch(/subject, subjects, .*anyOf.*orderBy/);
  });

  it.each([
    ['a boolean that is not true/false', '?isEphys=yes'],
    ['a number that is not a whole number', '?number=1.5'],
    ['a bad value the filter refuses', '?number=0'],
    ['a subject that is not a MID', '?subject=mouse'],
    ['an unknown tracked platform', '?trackedPlatform=lab'],
    ['anyOf that is not JSON', '?anyOf=%5B'],
    ['an anyOf entry with an unknown key', `?anyOf=${encodeURIComponent('[{"bogus":1}]')}`],
    ['an anyOf value of the wrong type', `?anyOf=${encodeURIComponent('[{"subject":676909}]')}`],
    ['a single-valued parameter given twice', '?isEphys=true&isEphys=false'],
    ['an unknown order', '?orderBy=NEWEST'],
  ])('%s is 400 BAD_USER_INPUT', async (_name, query) => {
    const { status, error } = await refusal(query);
    expect(status).toBe(400);
    expect(error?.extensions.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain('Accepted:');
  });

  it('other methods are 405', async () => {
    const { status, error } = await refusal('', { method: 'POST' });
    expect(status).toBe(405);
    expect(error?.extensions.code).toBe('METHOD_NOT_ALLOWED');
  });
});
