/**
 * GraphQL-over-HTTP conformance: every graphql-http server audit, run over real HTTP against the
 * running gateway, one test per audit. MUST (error) and SHOULD (warn) findings fail the test; only
 * an optional MAY finding (notice) is tolerated. The suite runs twice: with the default config and
 * with the production one (GraphiQL off), since protection must not cost
 * conformance. Introspection stays on there: two audits (2EA1, 28B9) send their variables to a
 * `__type(name: $name)` query, which the introspection switch refuses by design.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/config.ts';
import { type RunningGateway, startHttpGateway } from '../support/gateway.ts';

const CONFIGS: [string, Env][] = [
  ['default config', {}],
  ['production config', { NODE_ENV: 'production', LABGRAPH_INTROSPECTION: 'true' }],
];

describe.each(CONFIGS)('graphql-http server audits, %s', (_name, env) => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startHttpGateway(env);
  });
  afterAll(() => gw.close());

  const audits = serverAudits({ url: () => `${gw.url}/graphql` });

  it('covers the whole audit set (13 MUST, 23 SHOULD and 25 MAY in graphql-http 1.23)', () => {
    const byLevel = (level: string) => audits.filter((audit) => audit.name.startsWith(`${level} `)).length;
    expect(audits.length).toBeGreaterThanOrEqual(61);
    expect(byLevel('MUST')).toBeGreaterThanOrEqual(13);
    expect(byLevel('SHOULD')).toBeGreaterThanOrEqual(23);
  });

  for (const audit of audits) {
    it(`${audit.id}: ${audit.name}`, async () => {
      const result = await audit.fn();
      const finding = result.status === 'ok' ? null : { status: result.status, reason: result.reason };
      // A MAY that is not met is a notice; anything else must be fully met.
      if (finding?.status !== 'notice') expect(finding).toBeNull();
    });
  }
});
