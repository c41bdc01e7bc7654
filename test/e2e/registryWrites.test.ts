/**
 * The write side over real HTTP on the embedded lab: auth (UNAUTHENTICATED / FORBIDDEN naming the
 * scope), registerSession end to end (session(ref:) by ALF path, knownTo, replay, key reuse), 50
 * concurrent allocations, and every userError rule leaving nothing written.
 */
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrySource } from '../../src/sources/registry/index.ts';
import { FIXTURE_TOKENS, postAs, type RunningGateway, startGateway } from '../support/gateway.ts';

/** The fixture lab's registry seed (subjects 700001 and 676909, users, water types…). */
const SEEDED = { LABGRAPH_LOG_LEVEL: 'silent', LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' };
const TOKENS = FIXTURE_TOKENS;

type Data = Record<string, unknown>;
interface Payload {
  replayed: boolean;
  userErrors: { code: string; field: string[] | null; message: string }[];
  [field: string]: unknown;
}

let gw: RunningGateway;
let registry: RegistrySource;

const post = (query: string, variables: Data, token?: string): Promise<ExecutionResult<Data>> =>
  postAs<Data>(gw, query, variables, token);

const REGISTER_SESSION = `mutation($input: RegisterSessionInput!) {
  registerSession(input: $input) {
    created number alfPath replayed userErrors { code field message }
    session { id knownTo alfPath registration { startTime endTime users projects procedures } }
  }
}`;
const RECORD_WEIGHT = `mutation($input: RecordWeightInput!) {
  recordWeight(input: $input) { replayed userErrors { code field message } weighing { weightG dateTime user } }
}`;
const RECORD_WATER = `mutation($input: RecordWaterAdministrationInput!) {
  recordWaterAdministration(input: $input) {
    replayed userErrors { code field message } waterAdministration { volumeMl adlib waterType session { id } }
  }
}`;
const REGISTER_SUBJECT = `mutation($input: RegisterSubjectInput!) {
  registerSubject(input: $input) { replayed userErrors { code field message } subject { id } registration { lab sex } }
}`;

async function mutate(name: string, query: string, input: Data, token = TOKENS.write): Promise<Payload> {
  const result = await post(query, { input }, token);
  expect(result.errors).toBeUndefined();
  return result.data?.[name] as Payload;
}

/** Everything the registry holds, to show that a refused call wrote nothing. */
async function registryState() {
  const mids = (await registry.subjects()).map((s) => s.mid);
  return {
    subjects: mids.length,
    sessions: (await registry.sessions()).length,
    weighings: (await registry.weighings(mids)).length,
    water: (await registry.waterAdministrations(mids)).length,
  };
}

beforeAll(async () => {
  gw = await startGateway(SEEDED);
  registry = await gw.gateway.services.registry();
}, 180_000);
afterAll(async () => gw?.close());

describe('auth', () => {
  it('refuses a mutation without a token, or with one lacking the scope, naming the scope', async () => {
    const input = { subject: '700001', weightG: 20, idempotencyKey: 'auth-1' };
    const none = await post(RECORD_WEIGHT, { input });
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', needed: 'write' });
    const reader = await post(RECORD_WEIGHT, { input }, TOKENS.read);
    expect(reader.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'write' });
    expect(reader.errors?.[0]?.message).toMatch(
      /user viewer holds scopes read; this operation needs scope 'write'/,
    );
    const admin = await post('mutation { upsertProject(input: { name: "X" }) { name } }', {}, TOKENS.write);
    expect(admin.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'admin' });
    const bad = await post(RECORD_WEIGHT, { input }, 'not-a-real-token');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(JSON.stringify(bad)).not.toContain('not-a-real-token');
    expect((await registry.weighings(['700001'])).some((w) => w.weightG === 20)).toBe(false);
  });

  it('lets an admin upsert reference data, and reads stay open', async () => {
    const upsert = await post(
      'mutation { upsertProject(input: { name: "OptoPilot", description: "pilot" }) { name replayed userErrors { code } } }',
      {},
      TOKENS.admin,
    );
    expect(upsert.data?.upsertProject).toEqual({ name: 'OptoPilot', replayed: false, userErrors: [] });
    const read = await post('{ subject(id: "700001") { id registration { lab } } }', {});
    expect(read.data?.subject).toEqual({ id: '700001', registration: { lab: 'dynamic-routing' } });
  });
});

describe('registerSession', () => {
  it('registers a session that session(ref:) finds by its ALF path; a replay returns it; another input with the key is refused', async () => {
    const input = {
      subject: '700001',
      date: '2024-04-02',
      startTime: '2024-04-02T09:30:00',
      endTime: '2024-04-02T10:30:00',
      procedures: ['Behavior training/tasks'],
      idempotencyKey: 'session-apr-2',
    };
    const first = await mutate('registerSession', REGISTER_SESSION, input);
    expect(first).toMatchObject({
      created: true,
      number: 1,
      replayed: false,
      userErrors: [],
      alfPath: 'dynamic-routing/Subjects/700001/2024-04-02/001',
      session: {
        id: '700001_2024-04-02',
        knownTo: ['REGISTRY'],
        registration: {
          startTime: '2024-04-02T09:30:00-07:00',
          users: ['trainer'],
          procedures: ['Behavior training/tasks'],
        },
      },
    });
    const second = await mutate('registerSession', REGISTER_SESSION, {
      ...input,
      idempotencyKey: 'session-apr-2b',
    });
    expect(second).toMatchObject({
      created: true,
      number: 2,
      alfPath: 'dynamic-routing/Subjects/700001/2024-04-02/002',
    });
    const found = await post(
      '{ session(ref: "dynamic-routing/Subjects/700001/2024-04-02/002") { id alfPath } }',
      {},
    );
    expect(found.data?.session).toEqual({
      id: '700001_2024-04-02_1',
      alfPath: 'dynamic-routing/Subjects/700001/2024-04-02/002',
    });
    const before = await registryState();
    expect(await mutate('registerSession', REGISTER_SESSION, input)).toMatchObject({
      replayed: true,
      number: 1,
      created: true,
    });
    const reused = await mutate('registerSession', REGISTER_SESSION, { ...input, location: 'NP1' });
    expect(reused.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await registryState()).toEqual(before);
    const update = await mutate('registerSession', REGISTER_SESSION, {
      ...input,
      number: 1,
      idempotencyKey: null,
      location: 'NP1',
    });
    expect(update).toMatchObject({ created: false, number: 1 });
  });

  it('gives 50 concurrent registrations without a number the numbers 1–50', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        mutate('registerSession', REGISTER_SESSION, {
          subject: '676909',
          date: '2024-04-10',
          idempotencyKey: `burst-${i}`,
        }),
      ),
    );
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    expect(results.map((r) => r.number as number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });
});

describe('registered subjects', () => {
  it("show the registry's facts where no read source has them, agreeing ones add no disagreement", async () => {
    const { data, errors } = await post(
      `{ registered: subject(id: "700001") { genotype sex dateOfBirth disagreements { field } }
         known: subject(id: "676909") { disagreements { field shownSource otherSource } } }`,
      {},
    );
    expect(errors).toBeUndefined();
    expect(data?.registered).toEqual({
      genotype: 'wt/wt',
      sex: 'FEMALE',
      dateOfBirth: '2024-01-02',
      disagreements: [],
    });
    // The seed registers 676909 with the sex and birth date DocDB and the sheet give it: no disagreement.
    expect(data?.known).toEqual({ disagreements: [] });
  });
});

describe('every rule refuses with its code and writes nothing', () => {
  const session = { subject: '700001', date: '2024-05-01', number: 1 };
  it.each([
    ['registerSession', REGISTER_SESSION, { ...session, subject: '123' }, ['INVALID_MID']],
    ['registerSession', REGISTER_SESSION, { ...session, subject: '799999' }, ['SUBJECT_NOT_FOUND']],
    ['registerSession', REGISTER_SESSION, { ...session, number: 0 }, ['INVALID_SESSION_NUMBER']],
    ['registerSession', REGISTER_SESSION, { ...session, number: 1000 }, ['INVALID_SESSION_NUMBER']],
    ['registerSession', REGISTER_SESSION, { ...session, number: null }, ['IDEMPOTENCY_KEY_REQUIRED']],
    ['registerSession', REGISTER_SESSION, { ...session, startTime: 'tomorrow' }, ['INVALID_DATETIME']],
    [
      'registerSession',
      REGISTER_SESSION,
      { ...session, startTime: '2024-05-02T09:00:00' },
      ['START_TIME_DATE_MISMATCH'],
    ],
    [
      'registerSession',
      REGISTER_SESSION,
      { ...session, startTime: '2024-05-01T09:00:00', endTime: '2024-05-01T08:00:00' },
      ['END_BEFORE_START'],
    ],
    ['registerSession', REGISTER_SESSION, { ...session, lab: 'other-lab' }, ['LAB_MISMATCH']],
    [
      'registerSession',
      REGISTER_SESSION,
      { ...session, users: ['ghost', 'trainer', 'phantom'], projects: ['Nope'], procedures: ['Nothing'] },
      ['USER_NOT_FOUND', 'UNKNOWN_PROJECT', 'UNKNOWN_PROCEDURE'],
    ],
    ['registerSession', REGISTER_SESSION, { ...session, nTrials: -1 }, ['INVALID_VALUE']],
    ['recordWeight', RECORD_WEIGHT, { subject: '700001', weightG: 0 }, ['NON_POSITIVE_WEIGHT']],
    ['recordWeight', RECORD_WEIGHT, { subject: '700001', weightG: -3 }, ['NON_POSITIVE_WEIGHT']],
    ['recordWeight', RECORD_WEIGHT, { subject: '700001', weightG: 61 }, ['IMPLAUSIBLE_WEIGHT']],
    ['recordWeight', RECORD_WEIGHT, { subject: '799999', weightG: 20 }, ['SUBJECT_NOT_FOUND']],
    ['recordWeight', RECORD_WEIGHT, { subject: '700001', weightG: 20, user: 'ghost' }, ['USER_NOT_FOUND']],
    [
      'recordWeight',
      RECORD_WEIGHT,
      { subject: '700001', weightG: 20, dateTime: '2024-13-01' },
      ['INVALID_DATETIME'],
    ],
    ['recordWaterAdministration', RECORD_WATER, { subject: '700001', volumeMl: 0 }, ['NON_POSITIVE_VOLUME']],
    ['recordWaterAdministration', RECORD_WATER, { subject: '700001' }, ['VOLUME_REQUIRED']],
    [
      'recordWaterAdministration',
      RECORD_WATER,
      { subject: '700001', volumeMl: 1, waterType: 'Juice' },
      ['WATER_TYPE_NOT_FOUND'],
    ],
    [
      'recordWaterAdministration',
      RECORD_WATER,
      { subject: '700001', volumeMl: 1, session: '700001_2023-01-01' },
      ['SESSION_NOT_FOUND'],
    ],
    [
      'recordWaterAdministration',
      RECORD_WATER,
      { subject: '700001', volumeMl: 1, session: '676909_2024-03-05' },
      ['SESSION_SUBJECT_MISMATCH'],
    ],
    [
      'registerSubject',
      REGISTER_SUBJECT,
      { mid: '700001', lab: 'dynamic-routing', sex: 'F' },
      ['SUBJECT_ALREADY_REGISTERED'],
    ],
    ['registerSubject', REGISTER_SUBJECT, { mid: '7000', lab: 'dynamic-routing', sex: 'F' }, ['INVALID_MID']],
    ['registerSubject', REGISTER_SUBJECT, { mid: '700002', lab: 'nowhere', sex: 'F' }, ['LAB_NOT_FOUND']],
    [
      'registerSubject',
      REGISTER_SUBJECT,
      { mid: '700002', lab: 'dynamic-routing', sex: 'F', dateOfBirth: '2024-02-01', deathDate: '2024-01-01' },
      ['DEATH_BEFORE_BIRTH'],
    ],
    [
      'registerSubject',
      REGISTER_SUBJECT,
      { mid: '700002', lab: 'dynamic-routing', sex: 'F', projects: ['Nope'] },
      ['UNKNOWN_PROJECT'],
    ],
  ] as const)('%s %j → %j', async (name, query, input, codes) => {
    const before = await registryState();
    const payload = await mutate(name, query, input);
    expect(payload.userErrors.map((e) => e.code)).toEqual(codes);
    expect(await registryState()).toEqual(before);
  });

  it('lists every unknown user in one error', async () => {
    const payload = await mutate('registerSession', REGISTER_SESSION, {
      ...session,
      users: ['ghost', 'trainer', 'phantom'],
    });
    expect(payload.userErrors).toEqual([
      { code: 'USER_NOT_FOUND', field: ['users'], message: 'unknown users: ghost, phantom' },
    ]);
  });

  it('refuses water after the death date, and an identical record within 60 s without a key', async () => {
    const subject = await mutate('registerSubject', REGISTER_SUBJECT, {
      mid: '700003',
      lab: 'dynamic-routing',
      sex: 'M',
      dateOfBirth: '2024-01-01',
      deathDate: '2024-03-01',
      idempotencyKey: 'subject-700003',
    });
    expect(subject).toMatchObject({
      userErrors: [],
      subject: { id: '700003' },
      registration: { lab: 'dynamic-routing', sex: 'M' },
    });
    const before = await registryState();
    const late = await mutate('recordWaterAdministration', RECORD_WATER, {
      subject: '700003',
      volumeMl: 1,
      dateTime: '2024-03-02T09:00:00',
    });
    expect(late.userErrors.map((e) => e.code)).toEqual(['AFTER_DEATH_DATE']);
    expect(await registryState()).toEqual(before);

    const weighing = { subject: '700003', weightG: 23.456789, dateTime: '2024-02-01T08:00:00' };
    const first = await mutate('recordWeight', RECORD_WEIGHT, weighing);
    expect(first).toMatchObject({
      userErrors: [],
      weighing: { weightG: 23.46, dateTime: '2024-02-01T08:00:00-08:00', user: 'trainer' },
    });
    const again = await mutate('recordWeight', RECORD_WEIGHT, weighing);
    expect(again.userErrors.map((e) => e.code)).toEqual(['DUPLICATE_RECORD']);
    const water = await mutate('recordWaterAdministration', RECORD_WATER, {
      subject: '700001',
      volumeMl: 0.123456,
      session: 'dynamic-routing/Subjects/700001/2024-03-04/001',
      idempotencyKey: 'water-1',
    });
    expect(water).toMatchObject({
      userErrors: [],
      waterAdministration: { volumeMl: 0.1235, session: { id: '700001_2024-03-04' } },
    });
  });
});

describe('LABGRAPH_READ_AUTH=token', () => {
  let closed: RunningGateway;
  beforeAll(async () => {
    closed = await startGateway({ ...SEEDED, LABGRAPH_READ_AUTH: 'token' });
  }, 180_000);
  afterAll(async () => closed?.close());

  it('makes queries need a token with scope read', async () => {
    const ask = (token?: string) => postAs<Data>(closed, '{ subject(id: "700001") { id } }', {}, token);
    expect((await ask()).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', needed: 'read' });
    expect((await ask(TOKENS.read)).data).toEqual({ subject: { id: '700001' } });
  });
});
