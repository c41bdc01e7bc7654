/**
 * GraphiQL as a scientist meets it: a real headless Chromium opens /graphql on a gateway with no
 * network beyond loopback, the page renders from the bundled build (no CDN), and running the
 * preloaded example operation shows sessions. Skips, saying why, where Debian's chromium is absent
 * (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startHttpGateway } from '../support/gateway.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(`GraphiQL browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

describe.skipIf(!available)('GraphiQL in a browser', () => {
  let gw: RunningGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startHttpGateway();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // As root, offline: no sandbox, and no background calls to the outside world.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('renders without a CDN and runs the preloaded operation', async () => {
    const page = await browser.newPage();
    const offsite: string[] = [];
    page.on('request', (request) => {
      if (
        !request.url().startsWith(gw.url) &&
        !request.url().startsWith('blob:') &&
        !request.url().startsWith('data:')
      ) {
        offsite.push(request.url());
      }
    });
    await page.goto(`${gw.url}/graphql`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    expect(await page.textContent('.graphiql-editor')).toContain('RecentSessions');
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      // The editor renders spaces as non-breaking spaces.
      () =>
        /"totalCount":\s\d+/.test(
          document.querySelector('.graphiql-response')?.textContent?.replaceAll('\u00a0', ' ') ?? '',
        ),
      null,
      { timeout: 20_000 },
    );
    const response = ((await page.textContent('.graphiql-response')) ?? '').replaceAll('\u00a0', ' ');
    expect(response).toMatch(/"id": "\d{6,7}_\d{4}-\d{2}-\d{2}/);
    expect(response).not.toContain('"errors"');
    expect(offsite.filter((url) => !url.includes('favicon'))).toEqual([]);
  });
});
