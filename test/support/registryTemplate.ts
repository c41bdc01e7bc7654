/**
 * An empty, migrated PGlite registry made once per test run (vitest globalSetup) and copied for each
 * gateway a test starts: PGlite's initdb takes seconds, copying its directory does not. The template
 * is named after the migrations, so a new migration makes a new template.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.ts';
import { openRegistry } from '../../src/sources/registry/index.ts';

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'src', 'sources', 'registry', 'migrations');

async function templateDir(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await readdir(MIGRATIONS_DIR)).sort())
    hash.update(await readFile(path.join(MIGRATIONS_DIR, file)));
  return path.join(PROJECT_ROOT, '.cache', `test-registry-${hash.digest('hex').slice(0, 12)}`);
}

const exists = (dir: string) =>
  stat(dir).then(
    () => true,
    () => false,
  );

/** vitest globalSetup: builds the template unless this set of migrations already has one. */
export default async function setup(): Promise<void> {
  const dir = await templateDir();
  if (await exists(dir)) return;
  const building = `${dir}.building-${process.pid}`;
  const registry = await openRegistry({ backend: 'pglite', dir: building });
  await registry.close();
  await rename(building, dir).catch(async () => rm(building, { recursive: true, force: true }));
}

/** A fresh copy of the template for one gateway; `remove` deletes it. */
export async function scratchRegistryDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const template = await templateDir();
  if (!(await exists(template))) await setup();
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'labgraph-registry-')), 'registry');
  await cp(template, dir, { recursive: true });
  return { dir, remove: () => rm(path.dirname(dir), { recursive: true, force: true }) };
}
