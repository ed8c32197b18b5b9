import { existsSync } from 'node:fs';
import { openDatabase } from '../db/open-database.ts';
import { clientBuildFolder } from '../project-paths.ts';
import type { RunningServer } from '../start-server.ts';
import { startTestServer } from './test-server.ts';

/**
 * The real server with the built client (or the one in `clientRoot`), on an embedded database
 * of its own; its limits count by `now` when given.
 */
export async function startAppServer(
  env: Record<string, string> = {},
  clientRoot = clientBuildFolder,
  now?: () => number,
): Promise<RunningServer> {
  if (!existsSync(`${clientRoot}/index.html`)) {
    throw new Error(
      `No client build in ${clientRoot}: run \`npm run build\` first (npm test does).`,
    );
  }
  const database = await openDatabase({ dataDir: undefined });
  const server = await startTestServer({ database, clientRoot, env, now });
  return {
    ...server,
    async close() {
      await server.close();
      await database.close();
    },
  };
}
