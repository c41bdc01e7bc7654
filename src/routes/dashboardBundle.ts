/**
 * The dashboard's bundle: web/main.ts (TypeScript, Observable Plot, the operations in
 * schema/operations/ as text) built by esbuild in memory, once per process, on the first call. The
 * server serves what this returns; nothing is written to disk, so a served bundle can never be
 * older than the sources it was built from (README "Dashboard": why it is not committed).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../configBase.ts';

export const DASHBOARD_ENTRY = path.join(PROJECT_ROOT, 'web', 'main.ts');

export interface DashboardAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Strong validator of the body (served as ETag). */
  etag: string;
}

export interface DashboardBundle {
  script: DashboardAsset;
  style: DashboardAsset;
  /** How long the build took, for the startup log. */
  buildMs: number;
}

function asset(contents: Uint8Array, contentType: string): DashboardAsset {
  const body = new Uint8Array(contents); // its own ArrayBuffer, as Response bodies are typed
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, contentType, etag: `"${digest}"` };
}

/** Builds the bundle (rejects with esbuild's messages when the sources do not build). */
export async function buildDashboard(entry = DASHBOARD_ENTRY): Promise<DashboardBundle> {
  const started = performance.now();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    outdir: 'out',
    entryNames: 'dashboard',
    // The page talks GraphQL through the committed operation documents, imported as text.
    loader: { '.graphql': 'text' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const style = result.outputFiles.find((file) => file.path.endsWith('.css'));
  if (!script || !style) throw new Error('the dashboard build produced no script or no stylesheet');
  return {
    script: asset(script.contents, 'text/javascript; charset=utf-8'),
    style: asset(style.contents, 'text/css; charset=utf-8'),
    buildMs: performance.now() - started,
  };
}
