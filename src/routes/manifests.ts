/**
 * Stored manifests as files, a Yoga plugin: `GET /manifests/<id>.jsonl` (format JSONL) and
 * `GET /manifests/<id>.json` (format SEGMENTATION_V1), streamed from the registry's stored content.
 * The bytes are canonical JSON, identical on every read and after restarts; `ETag` is their SHA-256.
 * Errors as the other routes: NOT_FOUND 404 (no such manifest, or the other format's extension),
 * METHOD_NOT_ALLOWED 405.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayServices } from '../context.ts';
import { MANIFEST_CONTENT_TYPES, MANIFEST_EXTENSIONS, manifestLines } from '../domain/manifest.ts';
import { RequestRefusedError } from '../errors.ts';
import { type NodeServerContext, rearmedPerChunk } from '../protection/writeTimeout.ts';
import { manifestContent } from '../services/manifests.ts';
import { answerExport, chunkedStream, requireGetOrHead } from './exportSupport.ts';

const MANIFEST_PATH = /^\/manifests\/([^/]+)\.(jsonl|json)$/;

export function manifestRoutes(services: GatewayServices): Plugin<object, NodeServerContext> {
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const match = MANIFEST_PATH.exec(url.pathname);
      if (!match) return;
      const [, id = '', extension = ''] = match;
      await answerExport(
        () => manifestResponse(request, id, extension, services, serverContext),
        endResponse,
      );
    },
  };
}

async function manifestResponse(
  request: Request,
  id: string,
  extension: string,
  services: GatewayServices,
  serverContext: NodeServerContext,
): Promise<Response> {
  requireGetOrHead(request);
  const record = await (await services.registry()).manifest(id);
  if (!record) {
    throw new RequestRefusedError('NOT_FOUND', `No stored manifest has id ${JSON.stringify(id)}`, {
      manifest: id,
    });
  }
  const wanted = MANIFEST_EXTENSIONS[record.format];
  if (extension !== wanted) {
    throw new RequestRefusedError(
      'NOT_FOUND',
      `Manifest ${id} is ${record.format}: GET /manifests/${id}.${wanted}`,
      { manifest: id },
    );
  }
  const headers = {
    'content-type': MANIFEST_CONTENT_TYPES[record.format],
    'content-disposition': `inline; filename="${id}.${wanted}"`,
    etag: `"${record.sha256}"`,
    'cache-control': 'public, max-age=31536000, immutable',
  };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  const lines = manifestLines(record.format, manifestContent(record).entries);
  return new Response(rearmedPerChunk(chunkedStream(lines, request.signal), serverContext), {
    status: 200,
    headers,
  });
}
