/**
 * Debian's Chromium for browser tests and benchmarks, headless and offline: no sandbox (CI runs as
 * root), no GPU, no QUIC, and none of the background calls Chromium makes to the outside world.
 * `launch()` gives every browser a fresh temporary profile (its own --user-data-dir).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
