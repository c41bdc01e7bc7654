/**
 * Plain HTTP routes beside /graphql (exports for dataframe users). Returns true when it handled the
 * request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayServices } from '../context.ts';
import { handleExport, matchExportRoute } from './exports.ts';

export async function handleRoute(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  services: GatewayServices,
): Promise<boolean> {
  const exportRoute = matchExportRoute(pathname);
  if (exportRoute) {
    await handleExport(req, res, exportRoute, services);
    return true;
  }
  return false;
}
