import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/**
 * Serves the built client from `root`: hashed assets cached for a year, and every other
 * navigation answered with the shell (the SPA routes on the client).
 */
export function serveClient(app: Hono, root: string): void {
  if (!existsSync(join(root, 'index.html'))) {
    console.warn(
      `[static] no client build in ${root}; run \`npm run build\` (the API still works)`,
    );
    return;
  }
  // serveStatic resolves `root` against the working directory.
  const rootFromCwd = relative(process.cwd(), root) || '.';
  app.use(
    '/assets/*',
    serveStatic({
      root: rootFromCwd,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root: rootFromCwd }));
  app.get('*', serveStatic({ root: rootFromCwd, path: 'index.html' }));
}
