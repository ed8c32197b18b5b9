import { setFlagsFromString } from 'node:v8';
import { loadConfig } from './config/config.ts';
import { ConfigError } from './config/env.ts';
import { clientBuildFolder } from './project-paths.ts';
import { startServer } from './start-server.ts';
import { StartUpError } from './start-up-error.ts';

// The Node entry. `npm start` runs its bundle (dist/server/node.mjs, see scripts/build-server.mjs);
// `npm run dev` and the tests run it from source through tsx.

// After each full collection V8 lets the heap grow to up to four times what survived; streaming
// answers make garbage fast, so a busy server's memory swung widely from run to run for the same
// live size (decision 019). Growing by half instead keeps it near its live size, for
// more frequent collections that run mostly on another core (delivery p99 did not move). V8
// reads the flag at each collection, so setting it here takes effect.
setFlagsFromString('--heap-growing-percent=50');
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
  if (error instanceof ConfigError || error instanceof StartUpError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
