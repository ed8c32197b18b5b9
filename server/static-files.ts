import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { processLog } from './observability/process-log.ts';

/**
 * Serves the built client from `root`: hashed assets cached for a year, everything else
 * revalidated, and every other navigation answered with the shell (the SPA routes on the client).
 */
export function serveClient(app: Hono, root: string): void {
  if (!existsSync(join(root, 'index.html'))) {
    processLog.warn('static.client_build_missing', {
      root,
      hint: 'run `npm run build` to serve the app; the API works without it',
    });
    return;
  }
  // serveStatic resolves `root` against the working directory.
  const rootFromCwd = relative(process.cwd(), root) || '.';
  // Scripts and styles travel as the Brotli or gzip copy the build made of each (a quarter of
  // their size; scripts/compress-assets.mjs), so no request waits for compression.
  app.use(
    '/assets/*',
    serveStatic({
      root: rootFromCwd,
      precompressed: true,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  // The shell, the service worker and the manifest name the current build: always revalidated,
  // so a deployment is seen at the next load and old and new assets never mix.
  const revalidate = (_path: string, c: { header(name: string, value: string): void }) => {
    c.header('Cache-Control', 'no-cache');
  };
  app.use('*', serveStatic({ root: rootFromCwd, onFound: revalidate }));
  app.get('*', serveStatic({ root: rootFromCwd, path: 'index.html', onFound: revalidate }));
}
