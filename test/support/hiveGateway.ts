/**
 * Hive Gateway (its runtime, `@graphql-hive/gateway-runtime`, the programmatic core of
 * `@graphql-hive/gateway`) serving a composed supergraph on an ephemeral loopback port. It records
 * every request it sends to a subgraph, so tests see how a query was planned across them.
 */
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { serveOnLoopback } from './loopbackServer.ts';
import type { ReceivedRequest } from './surgerySubgraph.ts';

/** A request the gateway sent to a subgraph. */
export interface SubgraphRequest extends ReceivedRequest {
  url: string;
}

export interface HiveGateway {
  /** The supergraph's GraphQL endpoint. */
  url: string;
  /** Requests sent to subgraphs since the last reset. */
  sent: SubgraphRequest[];
  reset(): void;
  close(): Promise<void>;
}

export async function startHiveGateway(supergraph: string): Promise<HiveGateway> {
  const sent: SubgraphRequest[] = [];
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    // A failing test then says what went wrong in which subgraph.
    maskedErrors: false,
    // Subgraphs are reached over HTTP (what @graphql-hive/gateway bundles; the runtime alone does not).
    transports: { http: import('@graphql-mesh/transport-http') },
    plugins: () => [
      {
        onFetch({ url, options }) {
          const body = JSON.parse(String(options.body ?? '{}')) as Partial<ReceivedRequest>;
          sent.push({ url, query: body.query ?? '', variables: body.variables ?? {} });
        },
      },
    ],
  });
  const server = await serveOnLoopback(runtime);
  return {
    url: `${server.origin}/graphql`,
    sent,
    reset: () => {
      sent.length = 0;
    },
    async close() {
      await server.close();
      await runtime.dispose();
    },
  };
}
