/**
 * The labgraph CLI.
 *   labgraph serve              start the gateway (default)
 *   labgraph schema [--check]   print the SDL to schema/schema.graphql and the federation subgraph's
 *                               to schema/subgraph.graphql (or fail if either is stale)
 *   labgraph fixtures [--h5py]  regenerate the embedded fixture lab under fixtures/
 *   labgraph operations         print the trusted documents' hashes (JSON: hash → file)
 *   labgraph fixtures --scale N [--out DIR]
 *                               write a lab of about N tracked sessions (benchmarks) into DIR
 *                               (default .cache/scale-N, git-ignored); its task files are not written
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, loadDotEnv, PROJECT_ROOT } from './config.ts';
import { ConfigError, SourceFileError } from './errors.ts';
import { createLogger } from './logger.ts';
import { loadTrustedDocuments } from './protection/trustedDocuments.ts';
import { printedSchema, printedSubgraphSchema } from './resolvers/schema.ts';
import { createGateway } from './server.ts';

/** The committed SDL files: the plain schema, and the subgraph's (LABGRAPH_FEDERATION=true). */
const SCHEMA_FILES = [
  { file: path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), print: printedSchema },
  { file: path.join(PROJECT_ROOT, 'schema', 'subgraph.graphql'), print: printedSubgraphSchema },
];

async function serve() {
  const config = loadConfig();
  const gateway = createGateway(config);
  await gateway.load();
  // Built before listening, so that the first visitor does not wait for esbuild.
  const dashboard = await gateway.dashboard?.bundle();
  if (dashboard) gateway.services.logger.info(`dashboard built in ${Math.round(dashboard.buildMs)} ms`);
  const url = await gateway.listen();
  gateway.services.logger.info(
    `labgraph listening: ${dashboard ? `dashboard at ${url}/, ` : ''}GraphiQL at ${url}/graphql`,
  );
  const stop = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function schemaCommand(check: boolean) {
  for (const { file, print } of SCHEMA_FILES) {
    const sdl = print();
    const name = path.relative(PROJECT_ROOT, file);
    if (check) {
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : null;
      if (committed !== sdl) {
        console.error(`${name} is stale: run \`npm run schema\` and commit it.`);
        process.exit(1);
      }
      continue;
    }
    writeFileSync(file, sdl);
    console.log(`wrote ${name}`);
  }
}

async function fixtures(args: string[]) {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const scale = option('--scale');
  if (scale !== undefined) {
    const sessions = Number(scale);
    if (!Number.isInteger(sessions) || sessions < 20 || sessions > 1_000_000) {
      console.error(`--scale takes a number of sessions from 20 to 1000000, got '${scale}'`);
      process.exit(2);
    }
    const dir = path.resolve(option('--out') ?? path.join(PROJECT_ROOT, '.cache', `scale-${sessions}`));
    const { buildScaleLab, emitScaleLab } = await import('../fixtures/generator/scaleLab.ts');
    const lab = buildScaleLab(sessions);
    await emitScaleLab(lab, dir);
    console.log(
      `scale lab: ${lab.subjects.length} subjects, ${lab.sessions.length} sessions written to ${dir}`,
    );
    return;
  }
  const { generateFixtures } = await import('../fixtures/generator/index.ts');
  await generateFixtures(path.join(PROJECT_ROOT, 'fixtures'), { h5py: args.includes('--h5py') });
}

/** The manifest a client needs to send trusted documents by hash. */
function operationsCommand() {
  const store = loadTrustedDocuments(loadConfig().persistedOperations.dir);
  const manifest = Object.fromEntries([...store].map(([hash, document]) => [hash, document.file]));
  console.log(JSON.stringify(manifest, null, 2));
}

async function main(argv: string[]) {
  loadDotEnv();
  const [command = 'serve', ...args] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'schema':
      return schemaCommand(args.includes('--check'));
    case 'fixtures':
      return fixtures(args);
    case 'operations':
      return operationsCommand();
    default:
      console.error(`unknown command '${command}': use serve, schema, fixtures or operations`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Config and source-file errors are the user's to fix: say exactly what, without a stack trace.
  if (error instanceof ConfigError || error instanceof SourceFileError) {
    createLogger('error').fatal(`labgraph cannot start: ${error.message}`);
  } else {
    createLogger('error').fatal({ err: error }, 'labgraph failed');
  }
  process.exit(1);
});
