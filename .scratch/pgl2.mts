import { PGlite } from '/work/wt/registry/node_modules/@electric-sql/pglite/dist/index.js';
import { openRegistry } from '/work/wt/registry/src/sources/registry/index.ts';

let t = performance.now();
const lap = (label: string) => {
  const now = performance.now();
  console.log(label, Math.round(now - t));
  t = now;
};
const raw = await PGlite.create();
lap('raw memory create');
await raw.close();
lap('close');
const r = await openRegistry({ backend: 'pglite', dir: undefined });
lap('memory open+migrate');
await r.close();
const d = await openRegistry({ backend: 'pglite', dir: '/tmp/pgl-dir-test' });
lap('dir open+migrate (first)');
await d.close();
const d2 = await openRegistry({ backend: 'pglite', dir: '/tmp/pgl-dir-test' });
lap('dir reopen');
await d2.close();
