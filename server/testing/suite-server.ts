import { afterAll, beforeAll } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { startTestServer } from './test-server.ts';

/**
 * A real server on an embedded database of its own for one suite: started before its tests
 * (handed to `onStart`), closed with its database after them.
 */
export function useSuiteServer(
  onStart: (server: RunningServer, database: DatabaseHandle) => void,
  env?: Record<string, string>,
): void {
  let database: DatabaseHandle | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    server = await startTestServer({ database, env });
    onStart(server, database);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });
}
