/**
 * First paint of the dashboard's Subject view over the fixture lab: the embedded gateway on loopback,
 * Debian's headless Chromium (playwright-core), a fresh page per run. Prints, as medians of `--runs`
 * loads (default 7) after one warm-up, the page's first contentful paint (the shell), the moment the
 * view has rendered with its plots, and its one GraphQL request, with the view's time as a ratio of
 * the GraphQL request's. Never passes or fails; skips, saying why, without /usr/bin/chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { argv } from 'node:process';
import { EDGE } from '../fixtures/generator/lab.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway } from '../src/server.ts';
import { CHROMIUM, chromiumAvailable, launchChromium } from '../test/support/chromium.ts';

function option(name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

interface Load {
  firstContentfulPaintMs: number;
  viewRenderedMs: number;
  graphqlMs: number;
}

export async function runDashboardBenchmark(): Promise<void> {
  if (!chromiumAvailable) {
    console.log(`dashboard: skipped, ${CHROMIUM} not found (apt-get install chromium)`);
    return;
  }
  const runs = option('runs', 7);
  const registryDir = await mkdtemp(path.join(tmpdir(), 'labgraph-bench-dashboard-'));
  const config = loadConfig({
    LABGRAPH_LOG_LEVEL: 'silent',
    LABGRAPH_PORT: '0',
    LABGRAPH_REGISTRY_DIR: registryDir,
  });
  const gateway = createGateway(config, { logger: createLogger('silent') });
  const browser = await launchChromium();
  try {
    await gateway.load();
    const bundle = await gateway.dashboard?.bundle();
    const url = await gateway.listen(0, '127.0.0.1');
    const target = `${url}/#/subject/${EDGE.sameDaySubject}`;
    const loads: Load[] = [];
    for (let run = 0; run <= runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(target);
      await page.waitForSelector('main[data-view="subject"]', { timeout: 30_000 });
      const load = await page.evaluate(() => {
        const main = document.querySelector('main') as HTMLElement;
        const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
        const request = performance
          .getEntriesByType('resource')
          .find((entry) => entry.name.endsWith('/graphql')) as PerformanceResourceTiming | undefined;
        return {
          firstContentfulPaintMs: paint,
          viewRenderedMs: Number(main.dataset.renderedAt),
          graphqlMs: request ? request.responseEnd - request.startTime : Number.NaN,
        };
      });
      if (run > 0) loads.push(load); // run 0 warms the gateway's caches
      await page.close();
    }
    const fcp = median(loads.map((l) => l.firstContentfulPaintMs));
    const view = median(loads.map((l) => l.viewRenderedMs));
    const graphql = median(loads.map((l) => l.graphqlMs));
    console.log(
      `dashboard: subject view ${EDGE.sameDaySubject} over the fixture lab, median of ${runs} page loads (bundle built once in ${bundle?.buildMs.toFixed(0)} ms, ${((bundle?.script.body.length ?? 0) / 1000).toFixed(0)} kB script)`,
    );
    console.log(`  first contentful paint (page shell)        ${fcp.toFixed(0).padStart(6)} ms`);
    console.log(`  subject view rendered (learning curve, …)  ${view.toFixed(0).padStart(6)} ms`);
    console.log(`  its one GraphQL request                    ${graphql.toFixed(0).padStart(6)} ms`);
    console.log(`  view rendered / GraphQL request = ${(view / graphql).toFixed(2)}×`);
  } finally {
    await browser.close();
    await gateway.close();
    await rm(registryDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runDashboardBenchmark();
