/**
 * The embedded CodeOcean backend: the fixture lab's assets (`<fixturesDir>/codeocean/data_assets.json`,
 * an array of API-shaped records) and computations (`computations.json`, capsule id → records),
 * answered with the server's own search semantics (`searchEngine.ts`). (Asset output files are read
 * through the object store, as with the real API.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InvalidDataError } from '../../errors.ts';
import { searchRecords, searchRequestWireSchema } from './searchEngine.ts';
import { type CodeOceanPagingOptions, createSourceFromTransport } from './sourceCore.ts';
import type { CodeOceanBackend, CodeOceanRequestEvent } from './types.ts';
import { dataAssetWireSchema } from './wire.ts';

export interface CodeOceanEmbeddedOptions extends CodeOceanPagingOptions {
  /** The fixtures root (holds `codeocean/` and `s3/`). Either this or `assetsFile`. */
  fixturesDir?: string;
  /**
   * `…/codeocean/data_assets.json` when not under `fixturesDir`; `computations.json` is read beside it
   * and output files from `../s3/` next to its folder.
   */
  assetsFile?: string;
  /** Called once per emulated API call, like the HTTP client's hook (tests count requests). */
  onRequest?: (event: CodeOceanRequestEvent) => void;
}

type AssetRecord = z.infer<typeof dataAssetWireSchema>;

interface Loaded {
  assets: AssetRecord[];
  byId: Map<string, AssetRecord>;
  computations: Record<string, unknown[]>;
  /** Every computation of every capsule, by (lowercase) id: what `GET computations/{id}` serves. */
  computationById: Map<string, unknown>;
}

async function readJsonFile(file: string, missing: unknown): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidDataError(file, `codeocean: ${file} is not JSON`, { cause: error });
  }
}

async function load(assetsFile: string): Promise<Loaded> {
  const computationsFile = path.join(path.dirname(assetsFile), 'computations.json');
  const rawAssets = await readJsonFile(assetsFile, []);
  const list = z.array(z.unknown()).safeParse(rawAssets);
  if (!list.success) throw new InvalidDataError(assetsFile, `codeocean: ${assetsFile} must hold an array`);
  const assets = list.data.map((raw, i) => {
    const parsed = dataAssetWireSchema.safeParse(raw);
    if (!parsed.success) {
      throw new InvalidDataError(assetsFile, `codeocean: record ${i} of ${assetsFile} is malformed`, {
        cause: parsed.error,
      });
    }
    return { ...parsed.data, id: parsed.data.id.toLowerCase() };
  });
  const computations = z
    .record(z.string(), z.array(z.unknown()))
    .safeParse(await readJsonFile(computationsFile, {}));
  if (!computations.success) {
    throw new InvalidDataError(
      computationsFile,
      `codeocean: ${computationsFile} must map capsule ids to lists`,
    );
  }
  const computationById = new Map<string, unknown>();
  for (const record of Object.values(computations.data).flat()) {
    const id = typeof record === 'object' && record !== null && 'id' in record ? record.id : null;
    if (typeof id === 'string') computationById.set(id.toLowerCase(), record);
  }
  return {
    assets,
    byId: new Map(assets.map((a) => [a.id, a])),
    computations: computations.data,
    computationById,
  };
}

export function createCodeOceanEmbeddedBackend(options: CodeOceanEmbeddedOptions): CodeOceanBackend {
  const assetsFile = path.resolve(
    options.assetsFile ?? path.join(options.fixturesDir ?? 'fixtures', 'codeocean', 'data_assets.json'),
  );
  let loaded: Promise<Loaded> | null = null;
  const data = () => {
    loaded ??= load(assetsFile).catch((error: unknown) => {
      loaded = null; // a fixed file is picked up on the next call
      throw error;
    });
    return loaded;
  };
  const report = (operation: CodeOceanRequestEvent['operation'], apiPath: string) =>
    options.onRequest?.({ operation, path: apiPath });

  return createSourceFromTransport(
    {
      kind: 'embedded',
      describe: () => `embedded CodeOcean fixtures ${assetsFile}`,
      async searchPage(body) {
        report('search', 'data_assets/search');
        return searchRecords((await data()).assets, searchRequestWireSchema.parse(body));
      },
      async getDataAsset(id) {
        report('getDataAsset', `data_assets/${id}`);
        return (await data()).byId.get(id.toLowerCase()) ?? null;
      },
      async listCapsuleComputations(capsuleId) {
        report('listCapsuleComputations', `capsules/${capsuleId}/computations`);
        return (await data()).computations[capsuleId] ?? null;
      },
      async getComputation(id) {
        report('getComputation', `computations/${id}`);
        return (await data()).computationById.get(id.toLowerCase()) ?? null;
      },
      where: (apiPath) => `file://${assetsFile} (as ${apiPath})`,
    },
    options,
  );
}
