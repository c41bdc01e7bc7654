/**
 * The gateway of the scale benchmark, in a process of its own so that its memory is measured alone:
 * the scale lab's tracked sheets (LABGRAPH_FIXTURES_DIR), CodeOcean and DocDB as the environment says
 * (the benchmark's loopback servers), task files generated on first read. Prints one JSON line —
 * `{"url", "loadMs"}` — once ready, and serves until killed.
 */
import { env } from 'node:process';
import { CACHE_TTL_MS } from '../src/cache.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway } from '../src/server.ts';
import { withObjectStoreCache } from '../src/sources/objectstore/index.ts';
import { lazyTaskFileStore } from './lazyTaskFiles.ts';

const labDir = env.LABGRAPH_FIXTURES_DIR;
if (!labDir) throw new Error('LABGRAPH_FIXTURES_DIR must name the scale lab');
const config = loadConfig({
  ...env,
  LABGRAPH_LOG_LEVEL: 'silent',
  LABGRAPH_PORT: '0',
  LABGRAPH_HOST: '127.0.0.1',
});
const gateway = createGateway(config, {
  logger: createLogger('silent'),
  // Behind the listing cache the gateway puts in front of every object store it makes itself.
  sources: { objectStore: withObjectStoreCache(lazyTaskFileStore(labDir), CACHE_TTL_MS.objectstoreListing) },
});
const start = performance.now();
await gateway.load();
const url = await gateway.listen();
process.stdout.write(`${JSON.stringify({ url, loadMs: performance.now() - start })}\n`);
process.once('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
