import { afterAll, beforeAll } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { RunningServer } from '../start-server.ts';
import {
  type FakeOpenRouter,
  type FakeOpenRouterOptions,
  startFakeOpenRouter,
} from './fake-openrouter.ts';
import type { DatabaseTarget } from './test-databases.ts';
import { startTestServer } from './test-server.ts';

export type ServerOnFakeOpenRouter = {
  database: DatabaseHandle;
  openRouter: FakeOpenRouter;
  server: RunningServer;
};

/** What else the server starts with, besides its database and environment. */
type ServerExtras = Omit<Parameters<typeof startTestServer>[0], 'database' | 'env'>;

/**
 * The real server on a fresh database of `target`, answering with the operator's key
 * (`sk-or-test`) through the fake OpenRouter: the setup of every suite whose answers come from
 * scripted models. Started before the suite's tests, closed after them (server, fake, database).
 * The fields are set once `beforeAll` has run: read them inside hooks and tests. Called before
 * the suite's own hooks, so its `beforeAll` (sign-ups, sync clients) finds the server running
 * and its `afterAll` (closing sync clients) runs before the server closes (vitest's `stack`
 * hook order). `env` is merged over the two defaults; `server` is called in `beforeAll`, for
 * extras that must be opened first (attachment storage).
 */
export function useServerOnFakeOpenRouter(
  target: DatabaseTarget,
  options: {
    env?: Record<string, string>;
    fake?: FakeOpenRouterOptions;
    server?: () => ServerExtras | Promise<ServerExtras>;
  } = {},
): ServerOnFakeOpenRouter {
  const suite = {} as ServerOnFakeOpenRouter;
  beforeAll(async () => {
    [suite.database, suite.openRouter] = await Promise.all([
      target.open(),
      startFakeOpenRouter(options.fake),
    ]);
    suite.server = await startTestServer({
      ...(await options.server?.()),
      database: suite.database,
      env: {
        OPENROUTER_API_KEY: 'sk-or-test',
        OPENROUTER_BASE_URL: suite.openRouter.baseUrl,
        ...options.env,
      },
    });
  });
  afterAll(async () => {
    await suite.server?.close();
    await suite.openRouter?.close();
    await suite.database?.close();
  });
  return suite;
}
