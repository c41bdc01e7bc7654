/**
 * The floor of the throughput benchmark: a bare graphql-yoga + Pothos server answering `{ hello }`,
 * with nothing of labgraph's (no plugins, no context, no logging). Started as a child process by
 * bench/throughput.ts; listens on the port given as its argument on loopback.
 */
import { createServer } from 'node:http';
import SchemaBuilder from '@pothos/core';
import { createYoga } from 'graphql-yoga';

const builder = new SchemaBuilder({});
builder.queryType({
  fields: (t) => ({ hello: t.string({ resolve: () => 'world' }) }),
});
const yoga = createYoga({ schema: builder.toSchema(), logging: false, landingPage: false });
const port = Number(process.argv[2] ?? 0);
createServer(yoga).listen(port, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
