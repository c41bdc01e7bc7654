/**
 * Issue 9 #6: with credentials in a REST DOCDB_URI (`http://user:pass@host`), the password reached
 * /readyz, the GraphQL errors of DocDB fields and the log, because the fetch error quoting the full URL
 * was copied verbatim. Every URI is now redacted before it reaches a message; the credentials go to the
 * gateway as a header.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { capturingLogger, postGraphQL, startUpstreams, type Upstreams } from '../support/upstreams.ts';

const USER = 'labdocdb';
const PASSWORD = 'Rest-Pa55w0rd-9f3k';
const GENOTYPES = '{ sessions(first: 20) { edges { node { id subject { id genotype } } } } }';

const running: { upstreams: Upstreams; gateway: RunningGateway }[] = [];
afterEach(async () => {
  for (const { upstreams, gateway } of running.splice(0)) {
    await gateway.close();
    await upstreams.stop();
  }
});

async function scenario(failing: boolean) {
  const upstreams = await startUpstreams({ docdb: 'rest' });
  if (failing) upstreams.rest?.failNext(1_000_000, 503);
  const url = new URL(upstreams.docdbUri);
  url.username = USER;
  url.password = PASSWORD;
  const { logger, lines } = capturingLogger();
  const gateway = await startGateway(
    upstreams.env({
      DOCDB_URI: url.href,
      LABGRAPH_UPSTREAM_TIMEOUT_MS: '1000',
      LABGRAPH_UPSTREAM_ATTEMPT_TIMEOUT_MS: '500',
      LABGRAPH_UPSTREAM_RETRIES: '1',
    }),
    { logger },
  );
  running.push({ upstreams, gateway });
  return { upstreams, gateway, logs: lines };
}

const expectNoSecret = (texts: readonly string[]) => {
  for (const text of texts) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(text).not.toContain(`${USER}:`);
  }
};

describe('a password in a REST DOCDB_URI', () => {
  it('is used: DocDB fields resolve and the gateway got HTTP Basic', async () => {
    const { upstreams, gateway } = await scenario(false);
    const response = await postGraphQL(gateway, GENOTYPES);
    expect(response.body.errors).toBeUndefined();
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    expect(upstreams.rest?.requests.every((r) => r.authorization === basic)).toBe(true);
  });

  it('never reaches /readyz, GraphQL errors or the log when DocDB fails', async () => {
    const { gateway, logs } = await scenario(true);
    const ready = await gateway.fetch(`${gateway.url}/readyz`);
    const readyText = await ready.text();
    expect(readyText).toContain('docdb');
    const response = await postGraphQL(gateway, GENOTYPES);
    const errors = response.body.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.extensions?.source === 'docdb')).toBe(true);
    expect(logs.length).toBeGreaterThan(0);
    expectNoSecret([readyText, response.text, ...logs]);
  });
});
