/**
 * Issue 9 #1: a 99 kB reference or filter value once took seconds of regex backtracking in every entry
 * point, freezing the event loop. Each entry point now refuses it with BAD_USER_INPUT naming the limit,
 * and /healthz answers while such requests run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_LENGTH } from '../../src/domain/dateInput.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';

/** The shape that backtracked worst: one long run of platform-like characters. */
const HUGE = 'a'.repeat(99_000);
/** A valid session reference padded past the limit: refused for its length, not its shape. */
const PADDED = `${'x'.repeat(MAX_INPUT_LENGTH)}_676909_2023-12-13`;

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

function expectLengthRefusal(errors: readonly GraphQLError[] | undefined) {
  expect(errors?.length).toBeGreaterThan(0);
  for (const error of errors ?? []) {
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`at most ${MAX_INPUT_LENGTH}`);
  }
}

describe('long references and filter values', () => {
  it.each([
    ['session(ref:)', 'query($s: String!) { session(ref: $s) { id } }'],
    ['sessionsByRef', 'query($s: String!) { sessionsByRef(refs: ["676909_2023-12-13", $s]) { id } }'],
    ['filter.subject', 'query($s: String!) { sessions(filter: { subject: $s }) { totalCount } }'],
    ['filter.subjects', 'query($s: String!) { sessions(filter: { subjects: [$s] }) { totalCount } }'],
    ['filter.startDate', 'query($s: String!) { sessions(filter: { startDate: $s }) { totalCount } }'],
    [
      'filter.genotypeContains',
      'query($s: String!) { sessions(filter: { genotypeContains: $s }) { totalCount } }',
    ],
    ['filter.rig', 'query($s: String!) { sessions(filter: { rig: $s }) { totalCount } }'],
  ])('%s refuses 99 kB with BAD_USER_INPUT naming the limit', async (_name, query) => {
    for (const value of [HUGE, PADDED]) {
      const result = await gw.query(query, { s: value });
      expectLengthRefusal(result.errors as GraphQLError[] | undefined);
    }
  });

  it('sessionsByRef still resolves the short references beside the long one', async () => {
    const result = await gw.query<{ sessionsByRef: ({ id: string } | null)[] }>(
      'query($s: String!) { sessionsByRef(refs: ["676909_2023-12-13", $s]) { id } }',
      { s: HUGE },
    );
    expect(result.data?.sessionsByRef).toEqual([{ id: '676909_2023-12-13' }, null]);
  });

  it('the export route refuses a long reference with 400 naming the limit', async () => {
    // A path beyond Node's header limit never reaches us; test the longest one that does.
    const response = await gw.fetch(`${gw.url}/sessions/${'a'.repeat(12_000)}/trials.csv`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(`at most ${MAX_INPUT_LENGTH}`);
  });

  it('/healthz answers while hostile requests run', async () => {
    const hostile = Array.from({ length: 4 }, () =>
      gw.query('query($s: String!) { session(ref: $s) { id } }', { s: HUGE }),
    );
    const health = await gw.fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
    await Promise.all(hostile);
  });
});
