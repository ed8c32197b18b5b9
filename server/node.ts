import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/config.ts';
import { ConfigError } from './config/env.ts';
import { startServer } from './start-server.ts';

// The Node entry: `npm start` runs this after building the client.
try {
  const config = loadConfig();
  const server = await startServer({
    config,
    clientRoot: fileURLToPath(new URL('../dist/client', import.meta.url)),
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
