/**
 * Plain HTTP routes beside /graphql (exports for dataframe users). Returns true when it handled the
 * request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayServices } from '../context.ts';

export async function handleRoute(
  _req: IncomingMessage,
  _res: ServerResponse,
  _pathname: string,
  _services: GatewayServices,
): Promise<boolean> {
  return false;
}
