// The interactive reference of the admin API at /api/docs (Scalar). Scalar's page loads its browser
// bundle from a CDN by default; Nova serves it itself, from node_modules (@scalar/api-reference's
// standalone bundle), at /api/docs/assets/scalar.js, and turns off Scalar's web fonts, so that the page
// works on a machine without internet and sends nothing to third parties.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { API_TITLE } from './app.ts';

const ASSET = '/api/docs/assets/scalar.js';

let bundle: Promise<Buffer> | undefined;
function scalarBundle(): Promise<Buffer> {
  bundle ??= (async () => {
    const require = createRequire(import.meta.url);
    // the package exports no path to its browser bundle: it lies beside its entry (dist/index.js)
    const entry = require.resolve('@scalar/api-reference');
    return readFile(path.join(path.dirname(entry), 'browser', 'standalone.js'));
  })().catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}

/** Mounted at /api/docs. */
export function docsRoutes() {
  const app = new Hono();
  app.get('/assets/scalar.js', async (c) => {
    const body = await scalarBundle();
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    });
  });
  app.get(
    '/',
    Scalar({
      url: '/api/v1/openapi.json',
      pageTitle: API_TITLE,
      cdn: ASSET,
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    } as Parameters<typeof Scalar>[0]),
  );
  return app;
}
