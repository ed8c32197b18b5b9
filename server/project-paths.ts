import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, found by walking up from this module. The server runs from
 * its sources (tests, `npm run dev`) and from its bundle in dist/server (`npm start`), so a path
 * relative to the module itself would differ between the two.
 */
function findProjectRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** The SQL migrations drizzle-kit writes and the server applies at start. */
export const migrationsFolder = join(projectRoot, 'migrations');

/** What `vite build` writes: the client the server serves. */
export const clientBuildFolder = join(projectRoot, 'dist', 'client');

/** What `npm run build` writes for `npm start`: the server as one module, packages left out. */
export const serverBuildEntry = join(projectRoot, 'dist', 'server', 'node.mjs');
