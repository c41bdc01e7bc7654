/**
 * The tests `npm run mutation` (StrykerJS) runs against each mutant: only the fast, pure unit suites
 * that exercise src/domain (and the pure rules of src/services) — no loopback servers, no HDF5
 * files, no simulator property runs — so a run fits a small shared machine.
 * Derived from vitest.config.ts so that its `graphql` alias (one copy of graphql) still applies.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/domain/**/*.test.ts', 'test/services/stimFile*.test.ts'],
    // Property checks over the task simulator take ~15 s a run: too slow to repeat per mutant.
    exclude: ['test/domain/taskProperties.test.ts'],
  },
});
