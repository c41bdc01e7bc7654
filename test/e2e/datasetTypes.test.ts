/**
 * Dataset types and data formats over HTTP on the embedded lab: the seeded lists, the admin upserts
 * returning the whole object, replays, auth refusals naming the scope, and every userError leaving
 * nothing written.
 */
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrySource } from '../../src/sources/registry/index.ts';
import { FIXTURE_TOKENS, postAs, type RunningGateway, startGateway } from '../support/gateway.ts';

const SEEDED = { LABGRAPH_LOG_LEVEL: 'silent', LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' };
// fixtures/auth/tokens.yaml: labadmin holds admin, trainer write.
const ADMIN = FIXTURE_TOKENS.admin;
const WRITE = FIXTURE_TOKENS.write;

type Data = Record<string, unknown>;
interface Payload {
  replayed: boolean;
  userErrors: { code: string; field: string[] | null; message: string }[];
  datasetType?: Data | null;
  dataFormat?: Data | null;
}

let gw: RunningGateway;
let registry: RegistrySource;

const post = (query: string, variables: Data, token?: string): Promise<ExecutionResult<Data>> =>
  postAs<Data>(gw, query, variables, token);

const UPSERT_TYPE = `mutation($input: UpsertDatasetTypeInput!) {
  upsertDatasetType(input: $input) {
    replayed userErrors { code field message }
    datasetType { name filenamePattern description createdBy createdAt }
  }
}`;
const UPSERT_FORMAT = `mutation($input: UpsertDataFormatInput!) {
  upsertDataFormat(input: $input) {
    replayed userErrors { code field message }
    dataFormat { name fileExtension description createdBy createdAt }
  }
}`;

async function mutate(name: string, query: string, input: Data, token = ADMIN): Promise<Payload> {
  const result = await post(query, { input }, token);
  expect(result.errors).toBeUndefined();
  return result.data?.[name] as Payload;
}

const state = async () => ({ types: await registry.datasetTypes(), formats: await registry.dataFormats() });

beforeAll(async () => {
  gw = await startGateway(SEEDED);
  registry = await gw.gateway.services.registry();
}, 180_000);
afterAll(async () => gw?.close());

describe('dataset types and data formats', () => {
  it('lists what the registry holds, open to readers', async () => {
    const result = await post(
      '{ datasetTypes { name filenamePattern createdBy } dataFormats { name fileExtension } }',
      {},
    );
    expect(result.errors).toBeUndefined();
    const seededTypes = (await registry.datasetTypes()).map((t) => ({
      name: t.name,
      filenamePattern: t.filenamePattern,
      createdBy: 'seed',
    }));
    expect(result.data?.datasetTypes).toEqual(seededTypes);
    expect(result.data?.datasetTypes).toContainEqual({
      name: 'behavior',
      filenamePattern: '*.hdf5',
      createdBy: 'seed',
    });
    expect(result.data?.dataFormats).toContainEqual({ name: 'npy', fileExtension: '.npy' });
    expect(result.data?.dataFormats).toHaveLength((await registry.dataFormats()).length);
  });

  it('upserts a dataset type as an admin and returns the whole object; a replay writes nothing', async () => {
    const input = {
      name: 'wheel.position',
      filenamePattern: '',
      description: 'Wheel position (rad)',
      idempotencyKey: 'wheel-1',
    };
    const first = await mutate('upsertDatasetType', UPSERT_TYPE, input);
    expect(first).toMatchObject({
      replayed: false,
      userErrors: [],
      datasetType: {
        name: 'wheel.position',
        filenamePattern: null,
        description: 'Wheel position (rad)',
        createdBy: 'labadmin',
      },
    });
    expect(first.datasetType?.createdAt).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[-+]\d{2}:\d{2}$/,
    );
    const before = await state();
    const again = await mutate('upsertDatasetType', UPSERT_TYPE, input);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await state()).toEqual(before);
    // An update by name: a new pattern, and the same pattern in another case on the same type.
    const updated = await mutate('upsertDatasetType', UPSERT_TYPE, {
      name: 'wheel.position',
      filenamePattern: '*wheel.position*',
    });
    expect(updated.datasetType).toMatchObject({ filenamePattern: '*wheel.position*', createdBy: 'labadmin' });
    const recased = await mutate('upsertDatasetType', UPSERT_TYPE, {
      name: 'wheel.position',
      filenamePattern: '*WHEEL.position*',
    });
    expect(recased).toMatchObject({ userErrors: [], datasetType: { filenamePattern: '*WHEEL.position*' } });
  });

  it('upserts a data format as an admin and returns the whole object', async () => {
    const created = await mutate('upsertDataFormat', UPSERT_FORMAT, {
      name: 'ssv',
      fileExtension: '.ssv',
      description: 'Space-separated values',
    });
    expect(created).toMatchObject({
      replayed: false,
      userErrors: [],
      dataFormat: {
        name: 'ssv',
        fileExtension: '.ssv',
        description: 'Space-separated values',
        createdBy: 'labadmin',
      },
    });
  });

  it('refuses writers without the admin scope, naming it, and writes nothing', async () => {
    const before = await state();
    const input = { name: 'sneaky', filenamePattern: '*.sneaky' };
    const writer = await post(UPSERT_TYPE, { input }, WRITE);
    expect(writer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'admin' });
    expect(writer.errors?.[0]?.message).toMatch(
      /user trainer holds scopes write, read; this operation needs scope 'admin'/,
    );
    const nobody = await post(UPSERT_FORMAT, { input: { name: 'sneaky', fileExtension: '.sneaky' } });
    expect(nobody.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', needed: 'admin' });
    expect(await state()).toEqual(before);
  });

  it.each([
    [
      'a pattern another type has, in another case',
      UPSERT_TYPE,
      'upsertDatasetType',
      { name: 'task', filenamePattern: '*.HDF5' },
      'FILENAME_PATTERN_TAKEN',
      'filenamePattern',
      "dataset type 'behavior' already has the filename pattern '*.hdf5'",
    ],
    [
      'a pattern with a folder',
      UPSERT_TYPE,
      'upsertDatasetType',
      { name: 'task', filenamePattern: 'behavior/*.hdf5' },
      'INVALID_VALUE',
      'filenamePattern',
      'cannot contain /',
    ],
    [
      'a blank type name',
      UPSERT_TYPE,
      'upsertDatasetType',
      { name: ' ', filenamePattern: '*.x' },
      'INVALID_VALUE',
      'name',
      '1–128 characters',
    ],
    [
      'an extension another format has, in another case',
      UPSERT_FORMAT,
      'upsertDataFormat',
      { name: 'numpy', fileExtension: '.NPY' },
      'FILE_EXTENSION_TAKEN',
      'fileExtension',
      "data format 'npy' already has the extension '.npy'",
    ],
    [
      'an extension with two dots',
      UPSERT_FORMAT,
      'upsertDataFormat',
      { name: 'tarball', fileExtension: '.tar.gz' },
      'INVALID_VALUE',
      'fileExtension',
      'accepted: a dot then no other dot',
    ],
    [
      'an extension without its dot',
      UPSERT_FORMAT,
      'upsertDataFormat',
      { name: 'numpy', fileExtension: 'npy' },
      'INVALID_VALUE',
      'fileExtension',
      'e.g. .npy',
    ],
  ])('refuses %s and writes nothing', async (_case, query, name, input, code, field, message) => {
    const before = await state();
    const payload = await mutate(name, query, input);
    expect(payload.userErrors).toEqual([{ code, field: [field], message: expect.stringContaining(message) }]);
    expect(name === 'upsertDatasetType' ? payload.datasetType : payload.dataFormat).toBeNull();
    expect(await state()).toEqual(before);
  });
});
