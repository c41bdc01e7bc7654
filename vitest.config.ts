import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Vite would resolve `graphql` to its ESM build for our sources while Node loads the CJS build
    // for dependencies (Yoga, Pothos): two copies, and graphql refuses types from "another realm".
    // Point every import at the one file Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One migrated, empty PGlite registry that each test gateway copies (initdb is slow).
    globalSetup: ['test/support/registryTemplate.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start loopback servers on ephemeral ports; files run in parallel workers.
    pool: 'forks',
  },
});
