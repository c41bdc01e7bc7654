/**
 * The loopback upstreams (s3rver, the MongoDB-wire server, the CodeOcean test server) and a gateway
 * over them, started before a file's tests and stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { type RunningGateway, startGateway } from './gateway.ts';
import { startUpstreams, type Upstreams } from './upstreams.ts';

export interface GatewayOverUpstreams {
  readonly gw: RunningGateway;
  readonly upstreams: Upstreams;
}

/** Registers the file's beforeAll/afterAll; read `gw` and `upstreams` inside tests only. */
export function gatewayOverUpstreams(): GatewayOverUpstreams {
  let upstreams: Upstreams | undefined;
  let gw: RunningGateway | undefined;
  beforeAll(async () => {
    upstreams = await startUpstreams();
    gw = await startGateway(upstreams.env());
  });
  afterAll(async () => {
    await gw?.close();
    await upstreams?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the upstreams and gateway start in beforeAll');
    return value;
  };
  return {
    get gw() {
      return started(gw);
    },
    get upstreams() {
      return started(upstreams);
    },
  };
}
