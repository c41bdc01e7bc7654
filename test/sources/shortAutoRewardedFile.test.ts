/**
 * Issue 16.2 on a file in the task's exact format: trialAutoRewarded shorter than the trials while
 * trialAutoRewardScheduled is whole and holds an auto-reward the task gave after 10 missed GO trials.
 * Only the short array may be rebuilt; the stored scheduled flags (and so the legacy GO trials and hit
 * rates) must be those the task wrote.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  exactFormatExamplePath,
  SHORT_AUTO_REWARDED_KEPT,
  SHORT_AUTO_REWARDED_PROFILE,
} from '../../fixtures/generator/taskFiles.ts';
import { simulateTaskFile } from '../../fixtures/generator/taskSimulator.ts';
import { boolColumn, numericColumn, rowObjects } from '../../src/domain/columns.ts';
import { computeLegacyPerformance } from '../../src/domain/legacyPerformance.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { readTaskFile } from '../../src/sources/taskfile/index.ts';

const URI = 's3://aind-scratch-data/labgraph-test-files/short-auto-rewarded.hdf5';

describe('a task file whose trialAutoRewarded is short (exact format, committed)', () => {
  it('keeps the stored scheduled flags and rebuilds only the awarded ones', async () => {
    const file = await readTaskFile(await readFile(exactFormatExamplePath('short-auto-rewarded')), URI);
    // What the task knew: the whole simulated session, before the awarded array was cut short.
    const whole = simulateTaskFile(SHORT_AUTO_REWARDED_PROFILE);
    const n = file.trialEndFrame.length;
    expect(file.trialAutoRewarded).toHaveLength(SHORT_AUTO_REWARDED_KEPT);
    expect(SHORT_AUTO_REWARDED_KEPT).toBeLessThan(n);

    const trials = computeTrials(file);
    const scheduled = boolColumn(trials, 'is_reward_scheduled');
    const inBlock = Array.from(numericColumn(trials, 'trial_index_in_block'));
    const afterMisses = scheduled.flatMap((s, k) =>
      s && (inBlock[k] as number) >= file.newBlockAutoRewards ? [k] : [],
    );
    expect(afterMisses.length).toBeGreaterThan(0);
    expect(scheduled).toEqual(whole.trialAutoRewardScheduled?.slice(0, n));
    expect(boolColumn(trials, 'is_noncontingent_reward')).toEqual(whole.trialAutoRewarded.slice(0, n));
  });

  it('gives the legacy hit rates of the whole file', async () => {
    const file = await readTaskFile(await readFile(exactFormatExamplePath('short-auto-rewarded')), URI);
    const whole = simulateTaskFile(SHORT_AUTO_REWARDED_PROFILE);
    const legacy = (data: typeof file) => rowObjects(computeLegacyPerformance(data, computeTrials(data)));
    expect(legacy(file)).toEqual(legacy(whole));
  });
});
