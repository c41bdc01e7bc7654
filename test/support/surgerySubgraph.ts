/**
 * A second Federation v2 subgraph for the federation tests, written as another team would write one:
 * the surgery notes a LIMS holds, built with Pothos' federation plugin and served by Yoga on an
 * ephemeral loopback port. It adds `Session.surgeryNotes` to labgraph's Session entity, and its
 * `surgeries` list points at labgraph's Session and DataAsset entities by id (it cannot resolve a
 * DataAsset itself). It records every GraphQL request it gets, so tests see the `_entities` batches.
 */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import { createYoga } from 'graphql-yoga';
import { FEDERATION_SPEC } from '../../src/resolvers/schema.ts';
import { serveOnLoopback } from './loopbackServer.ts';

export interface Surgery {
  notes: string;
  sessionId: string;
  /** The raw data asset recorded with the surgery, if any. */
  assetId: string | null;
}

/** A GraphQL request the subgraph received: its document and variables. */
export interface ReceivedRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface SurgerySubgraph {
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** Requests received since the last reset. */
  received: ReceivedRequest[];
  reset(): void;
  close(): Promise<void>;
}

function surgerySchema(surgeries: readonly Surgery[]) {
  const builder = new SchemaBuilder<{ DefaultFieldNullability: false }>({
    plugins: [DirectivesPlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
  const byId = builder.selection<{ id: string }>('id');

  const SessionRef = builder
    .externalRef('Session', byId, (ref) => ref)
    .implement({
      fields: (t) => ({
        id: t.exposeID('id'),
        surgeryNotes: t.string({
          nullable: true,
          description: 'The surgery notes recorded for this session, joined; null when there are none.',
          resolve: ({ id }) => {
            const notes = surgeries.filter((s) => s.sessionId === id).map((s) => s.notes);
            return notes.length > 0 ? notes.join('; ') : null;
          },
        }),
      }),
    });
  // A key only: the assets themselves are labgraph's to resolve.
  const DataAssetRef = builder
    .externalRef('DataAsset', builder.keyDirective(byId, false))
    .implement({ fields: (t) => ({ id: t.exposeID('id') }) });

  const SurgeryRef = builder.objectRef<Surgery>('Surgery').implement({
    description: 'One surgery note.',
    fields: (t) => ({
      notes: t.exposeString('notes'),
      session: t.field({ type: SessionRef, resolve: (s) => ({ id: s.sessionId }) }),
      asset: t.field({
        type: DataAssetRef,
        nullable: true,
        resolve: (s) => (s.assetId ? { id: s.assetId } : null),
      }),
    }),
  });

  builder.queryType({
    fields: (t) => ({
      surgeries: t.field({ type: [SurgeryRef], resolve: () => [...surgeries] }),
    }),
  });
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_SPEC });
}

export async function startSurgerySubgraph(surgeries: readonly Surgery[]): Promise<SurgerySubgraph> {
  const received: ReceivedRequest[] = [];
  const yoga = createYoga({
    schema: surgerySchema(surgeries),
    logging: false,
    plugins: [
      {
        onParams({ params }) {
          received.push({ query: params.query ?? '', variables: params.variables ?? {} });
        },
      },
    ],
  });
  const server = await serveOnLoopback(yoga);
  return {
    url: `${server.origin}/graphql`,
    received,
    reset: () => {
      received.length = 0;
    },
    close: () => server.close(),
  };
}
