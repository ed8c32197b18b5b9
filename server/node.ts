import { loadConfig } from './config/config.ts';
import { ConfigError } from './config/env.ts';
import { clientBuildFolder } from './project-paths.ts';
import { startServer } from './start-server.ts';

// The Node entry. `npm start` runs its bundle (dist/server/node.mjs, see scripts/build-server.mjs);
// `npm run dev` and the tests run it from source through tsx.
try {
  const config = loadConfig();
  const server = await startServer({
    config,
    clientRoot: clientBuildFolder,
  });
  console.log(`Parley is running at ${server.url} (database: ${server.database.driver})`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
