/**
 * The dashboard as a scientist opens it: Debian's headless Chromium (through playwright-core) on a
 * gateway over the fixture lab, offline. For each view: it loads without console errors or off-site
 * requests, costs at most two GraphQL requests, and its plots hold as many marks as the fixture lab
 * says; URL and keyboard navigation work; a corrupt task file shows its error code in the behaviour
 * panels while the other panels render. Screenshots land in reports/screenshots/ (git-ignored).
 * One browser and one page for the whole file. Skips, saying why, where Chromium is absent
 * (.ci/run installs it).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE, type LabSession } from '../../fixtures/generator/lab.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { CHROMIUM, chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { EMBEDDED_ENV, type RunningGateway, startHttpGateway } from '../support/gateway.ts';

const available = chromiumAvailable;
if (!available)
  console.warn(`Dashboard browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const SCREENSHOTS = path.join(PROJECT_ROOT, 'reports', 'screenshots');
const lab = buildLab();
/** The model's sessions the catalog lists (as test/e2e/querying.test.ts counts them). */
const listed = (s: LabSession) => s.yaml !== null || (s.sheet !== null && !s.sheet.ignore) || s.aind !== null;
const readableTask = (s: LabSession) => listed(s) && s.task !== null && s.task.broken === undefined;
/** A subject whose sessions include several readable task files, and one with a corrupt file. */
const CURVE_SUBJECT = EDGE.sameDaySubject;
const rawMissingSession = lab.sessions.find(
  (s) => listed(s) && s.aind !== null && !s.aind.rawAsset && s.aind.rawDataOnS3,
) as LabSession;
const corruptSession = lab.sessions.find(
  (s) => listed(s) && s.task?.broken === 'missing-trialEndFrame',
) as LabSession;

/** What one visit cost and what went wrong in the page. */
interface Visit {
  graphqlRequests: number;
}

describe.skipIf(!available)('the dashboard in a browser', () => {
  let gw: RunningGateway;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const offsite: string[] = [];
  let graphqlRequests = 0;

  beforeAll(async () => {
    // The registry seed gives subjects weighings and water for the subject view.
    gw = await startHttpGateway({ ...EMBEDDED_ENV, LABGRAPH_REGISTRY_SEED: 'fixtures/registry/seed.yaml' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('crash', () => consoleErrors.push('the page crashed'));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${gw.url}/`) && !url.startsWith('data:')) offsite.push(url);
      if (url === `${gw.url}/graphql` && request.method() === 'POST') graphqlRequests += 1;
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  /** Waits until the view at `hash` has rendered (by URL, or by whatever navigation `act` does). */
  async function visit(hash: string | null, act?: () => Promise<void>): Promise<Visit> {
    graphqlRequests = 0;
    consoleErrors.length = 0;
    // Forget the previous render, so that waiting cannot match it.
    await page.evaluate(() => document.querySelector('main')?.removeAttribute('data-view')).catch(() => {});
    if (act) await act();
    else if (page.url() === `${gw.url}/${hash}`) await page.reload();
    else await page.goto(`${gw.url}/${hash}`);
    await page.waitForSelector('main[data-view]:not([aria-busy])', { timeout: 20_000 });
    return { graphqlRequests };
  }

  function expectClean(visited: Visit) {
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    expect(offsite).toEqual([]);
    expect(visited.graphqlRequests).toBeGreaterThan(0);
    expect(visited.graphqlRequests).toBeLessThanOrEqual(2);
  }

  const rowIds = () => page.$$eval('.lab-table tbody th a', (links) => links.map((a) => a.textContent ?? ''));

  describe('lab view', () => {
    it('lists every subject once, cleanly, in one or two requests', async () => {
      const visited = await visit('');
      expectClean(visited);
      const { data } = await gw.query<{ subjects: { totalCount: number } }>('{ subjects { totalCount } }');
      const ids = await rowIds();
      expect(ids.length).toBe(data?.subjects.totalCount);
      expect(new Set(ids).size).toBe(ids.length);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'lab.png'), fullPage: true });
    });

    it('filters by genotype piece through the URL, on the server', async () => {
      const visited = await visit('#/?genotype=pvalb');
      expectClean(visited);
      // The genotype labgraph shows: DocDB's when it disagrees with the sheet.
      const expected = lab.subjects
        .filter((s) => (s.docdbDisagrees?.genotype ?? s.genotype).toLowerCase().includes('pvalb'))
        .map((s) => s.id);
      expect((await rowIds()).sort()).toEqual(expected.sort());
    });

    it('sorts by a column without asking GraphQL again', async () => {
      await visit('');
      const visited = await visit(null, async () => {
        await page.click('th a.sort >> text=Sessions');
      });
      expect(visited.graphqlRequests).toBe(0);
      expect(page.url()).toContain('sort=sessions');
      const counts = await page.$$eval('.lab-table tbody tr td:nth-child(3)', (cells) =>
        cells.map((c) => Number(c.textContent)),
      );
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    });

    it('reaches a subject by keyboard: Tab to its link, Enter', async () => {
      await visit('');
      const first = (await rowIds())[0] as string;
      const visited = await visit(null, async () => {
        await page.locator('.lab-table tbody th a').first().focus();
        await page.keyboard.press('Enter');
      });
      expect(page.url()).toContain(`#/subject/${first}`);
      expectClean(visited);
      // Focus moved to the new view's heading.
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    });
  });

  describe('subject view', () => {
    it('plots one learning-curve point per session with a readable task file, two rates each', async () => {
      const visited = await visit(`#/subject/${CURVE_SUBJECT}`);
      expectClean(visited);
      const expected = lab.sessions.filter((s) => s.subject === CURVE_SUBJECT && readableTask(s)).length;
      expect(expected).toBeGreaterThan(1);
      expect(await page.locator('.mark-dprime circle, .mark-dprime path').count()).toBe(expected);
      expect(await page.locator('.mark-rates circle, .mark-rates path').count()).toBe(2 * expected);
      const sessions = lab.sessions.filter((s) => s.subject === CURVE_SUBJECT && listed(s)).length;
      const registered = await gw.query<{ subject: { sessions: { totalCount: number } } }>(
        `{ subject(id: "${CURVE_SUBJECT}") { sessions { totalCount } } }`,
      );
      expect(await page.locator('.session-table tbody tr').count()).toBe(
        registered.data?.subject.sessions.totalCount,
      );
      expect(registered.data?.subject.sessions.totalCount).toBeGreaterThanOrEqual(sessions);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'subject.png'), fullPage: true });
    });

    it('plots the registry weighings over the shaded plausible range, with units on every axis', async () => {
      await visit(`#/subject/${CURVE_SUBJECT}`);
      const { data } = await gw.query<{
        subject: { weighings: { totalCount: number }; weightLimitG: number };
      }>(`{ subject(id: "${CURVE_SUBJECT}") { weightLimitG weighings { totalCount } } }`);
      expect(data?.subject.weighings.totalCount).toBeGreaterThan(0);
      expect(await page.locator('.mark-weight circle').count()).toBe(data?.subject.weighings.totalCount);
      expect(await page.locator('.mark-plausible-weight rect').count()).toBe(1);
      expect(await page.textContent('.plot-weight')).toContain(`${data?.subject.weightLimitG} g`);
      const axisLabels = await page.$$eval('svg [aria-label$="axis label"] text', (labels) =>
        labels.map((t) => t.textContent ?? ''),
      );
      expect(axisLabels.length).toBeGreaterThanOrEqual(6);
      for (const label of axisLabels) expect(label).toMatch(/\(|date/i);
    });

    it('shows the exact value in a tooltip', async () => {
      await visit(`#/subject/${CURVE_SUBJECT}`);
      await page.locator('.mark-dprime circle, .mark-dprime path').first().hover();
      const tip = await page.waitForSelector('[aria-label="tip"]', { timeout: 5_000 });
      expect(await tip.textContent()).toMatch(/d′ \(exact\)\s*-?\d+\.\d{6,}/);
    });

    it('lists a corrupt task file with its error code and still draws the rest', async () => {
      const visited = await visit(`#/subject/${corruptSession.subject}`);
      expect(consoleErrors).toEqual([]);
      expect(visited.graphqlRequests).toBeLessThanOrEqual(2);
      const alert = await page.textContent('#learning-curve [role="alert"]');
      expect(alert).toContain(corruptSession.id);
      expect(alert).toContain('INVALID_DATA');
      expect(await page.locator('.session-table tbody tr').count()).toBeGreaterThan(1);
    });
  });

  describe('session view', () => {
    const SESSION = `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`;
    interface Behaviour {
      session: {
        performance: {
          crossModalityDprime: number | null;
          hitRate: number | null;
          falseAlarmRate: number | null;
          catchResponseRate: number | null;
        }[];
        trials: { isNoncontingentReward: boolean; isRepeat: boolean }[];
        dataAssets: { id: string }[];
      };
    }

    it('draws a d′ bar and a group of rate bars per block, and one raster mark per trial', async () => {
      const visited = await visit(`#/session/${SESSION}`);
      expectClean(visited);
      const { data } = await gw.query<Behaviour>(
        `{ session(ref: "${SESSION}") { performance { crossModalityDprime hitRate falseAlarmRate catchResponseRate } trials { isNoncontingentReward isRepeat } dataAssets { id } } }`,
      );
      const blocks = data?.session.performance ?? [];
      const trials = data?.session.trials ?? [];
      expect(blocks.length).toBeGreaterThan(1);
      expect(await page.locator('.mark-block-dprime rect').count()).toBe(
        blocks.filter((b) => b.crossModalityDprime !== null).length,
      );
      expect(await page.locator('.plot-block-rates [aria-label="fx-axis tick label"] text').count()).toBe(
        blocks.length,
      );
      const rates = blocks.flatMap((b) => [b.hitRate, b.falseAlarmRate, b.catchResponseRate]);
      expect(await page.locator('.mark-block-rates rect').count()).toBe(
        rates.filter((r) => r !== null).length,
      );
      expect(await page.locator('.mark-trials path, .mark-trials circle').count()).toBe(trials.length);
      expect(await page.locator('.mark-blocks rect').count()).toBe(blocks.length);
      expect(await page.locator('.mark-autoreward circle').count()).toBe(
        trials.filter((t) => t.isNoncontingentReward).length,
      );
      expect(await page.locator('.mark-repeat path').count()).toBe(trials.filter((t) => t.isRepeat).length);
      expect(await page.locator('.asset-table tbody tr').count()).toBe(data?.session.dataAssets.length);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'session.png'), fullPage: true });
    });

    it("links CSV exports that answer, and GraphiQL with the view's query and variables", async () => {
      await visit(`#/session/${SESSION}`);
      const csv = await page.getAttribute('a[href$="/trials.csv"]', 'href');
      const response = await gw.fetch(`${gw.url}${csv}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      await response.body?.cancel();
      const graphiql = (await page.getAttribute('a.graphiql-link', 'href')) as string;
      // GraphiQL in a page of its own, so that its workers never talk into the dashboard's page.
      const graphiqlPage = await browser.newPage();
      try {
        await graphiqlPage.goto(`${gw.url}${graphiql}`);
        await graphiqlPage.waitForSelector('.graphiql-editor', { timeout: 20_000 });
        const editor = ((await graphiqlPage.textContent('.graphiql-editor')) ?? '').replaceAll('\u00a0', ' ');
        expect(editor).toContain('DashboardSession');
        expect(editor).toContain(`"${SESSION}"`);
      } finally {
        await graphiqlPage.close();
      }
    });

    it('says why raw data are missing', async () => {
      await visit(`#/session/${rawMissingSession.id}`);
      expect(await page.textContent('.raw-missing')).toMatch(/No raw data asset: .+/);
    });

    it("shows a corrupt task file's error code in the behaviour panels and renders the others", async () => {
      const visited = await visit(`#/session/${corruptSession.id}`);
      expect(consoleErrors).toEqual([]);
      expect(visited.graphqlRequests).toBeLessThanOrEqual(2);
      for (const id of ['#performance', '#trials']) {
        expect(await page.textContent(`${id} [role="alert"] .error-code`)).toBe('INVALID_DATA');
      }
      expect(await page.locator('#data .asset-table, #data .notice-empty').count()).toBeGreaterThan(0);
      expect(await page.textContent('#data')).toContain('Stimulus files');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'session-corrupt.png'), fullPage: true });
    });

    it('opens a session from the learning curve by keyboard', async () => {
      await visit(`#/subject/${CURVE_SUBJECT}`);
      const visited = await visit(null, async () => {
        await page.locator('.mark-dprime a').first().focus();
        await page.keyboard.press('Enter');
      });
      expect(page.url()).toMatch(new RegExp(`#/session/${CURVE_SUBJECT}_`));
      expectClean(visited);
    });
  });
});
