/**
 * The dashboard at `/`, as a Yoga plugin: the page shell, `/dashboard.js` and `/dashboard.css` from
 * the in-memory bundle (dashboardBundle.ts), built on first use and kept for the process. The page
 * may load only what this server serves (Content-Security-Policy `'self'`): no CDN, no web fonts, no
 * off-site request, and it reads the lab only through POST /graphql.
 */
import type { Plugin } from 'graphql-yoga';
import { buildDashboard, type DashboardAsset, type DashboardBundle } from './dashboardBundle.ts';

export const DASHBOARD_PATH = '/';
const SCRIPT_PATH = '/dashboard.js';
const STYLE_PATH = '/dashboard.css';

/** Plot writes inline style attributes, hence 'unsafe-inline' for styles only; scripts are 'self'. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>labgraph dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLE_PATH}">
<script type="module" src="${SCRIPT_PATH}"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="#/">labgraph</a><nav aria-label="Views" id="crumbs"></nav><a class="graphiql" href="/graphql">GraphiQL</a></header>
<main id="main" tabindex="-1"><p class="loading">Loading…</p></main>
<noscript>The dashboard needs JavaScript; GraphQL is at /graphql.</noscript>
</body>
</html>
`;

export interface Dashboard {
  /** The bundle, built once (the first call starts the build; later calls share it). */
  bundle(): Promise<DashboardBundle>;
}

export function createDashboard(): Dashboard {
  let pending: Promise<DashboardBundle> | null = null;
  return {
    bundle() {
      pending ??= buildDashboard();
      return pending;
    },
  };
}

function assetResponse(request: Request, asset: DashboardAsset): Response {
  const headers = { 'content-type': asset.contentType, etag: asset.etag, 'cache-control': 'no-cache' };
  if (request.headers.get('if-none-match') === asset.etag)
    return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : asset.body, { status: 200, headers });
}

export function dashboardRoutes(dashboard: Dashboard): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const path = url.pathname;
      if (path !== DASHBOARD_PATH && path !== SCRIPT_PATH && path !== STYLE_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (path === DASHBOARD_PATH) {
        return endResponse(
          new Response(request.method === 'HEAD' ? null : PAGE, {
            status: 200,
            headers: {
              'content-type': 'text/html; charset=utf-8',
              'cache-control': 'no-cache',
              'content-security-policy': CONTENT_SECURITY_POLICY,
              'x-content-type-options': 'nosniff',
              'referrer-policy': 'no-referrer',
            },
          }),
        );
      }
      const bundle = await dashboard.bundle();
      endResponse(assetResponse(request, path === SCRIPT_PATH ? bundle.script : bundle.style));
    },
  };
}
