/**
 * The layers of src/ (README "Architecture"), enforced: `npm run lint:deps` fails on any import that
 * points the wrong way and on any cycle (type-only imports included).
 *
 *   sources → services → loaders → resolvers / routes;  domain is pure and imported by all.
 */
const IO_MODULES =
  '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|cluster|worker_threads|readline)$';
const DRIVERS =
  '^(@aws-sdk/|mongodb|pg|pg-|@electric-sql/|kysely|h5wasm|exceljs|dataloader|graphql|graphql-yoga|@pothos/|pino|lru-cache)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src/ (type-only imports count).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'sources-stay-at-the-bottom',
      severity: 'error',
      comment: 'Sources know nothing of the layers built on them, nor of GraphQL.',
      from: { path: '^src/sources/' },
      to: {
        path: '^src/(services|loaders|resolvers|routes|protection|context|server|main)([./]|$)',
      },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'Domain rules do no I/O: no sources, services, loaders, resolvers, config, drivers or I/O modules.',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(sources|services|loaders|resolvers|routes|protection|context|server|main|config|cache|logger)([./]|$)',
          IO_MODULES,
          DRIVERS,
        ],
      },
    },
    {
      name: 'services-below-loaders',
      severity: 'error',
      comment: 'Services declare the batched reads they need (services/reads.ts); loaders implement them.',
      from: { path: '^src/services/' },
      to: { path: '^src/(loaders|resolvers|routes|protection|context|server|main)([./]|$)' },
    },
    {
      name: 'loaders-only-batch-services',
      severity: 'error',
      comment:
        "Loaders are DataLoader factories over service calls: they import services and domain only (and the request's cancellation scope they run batches under).",
      from: { path: '^src/loaders/' },
      to: {
        path: '^src/',
        pathNot: ['^src/(loaders|services|domain)/', '^src/errors\\.ts$', '^src/cancellation\\.ts$'],
      },
    },
    {
      // Type-only imports are allowed: a Pothos object ref is typed by the value its service returns
      // (DataAsset, a DocDB section view…), and a type carries no call, so every value still comes
      // resolver → service → source. Re-exporting each type through a service would only alias it.
      name: 'resolvers-never-read-sources',
      severity: 'error',
      comment: 'Resolvers expose fields: every value comes through a service (resolver → service → source).',
      from: { path: '^src/resolvers/' },
      to: { path: '^src/sources/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'routes-never-read-sources',
      severity: 'error',
      from: { path: '^src/routes/' },
      to: { path: '^src/sources/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/|^node_modules/|^(node:)?[a-z_]+$',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
