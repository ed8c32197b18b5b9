// Neon's serverless driver: node-postgres's protocol over a WebSocket, so it runs where TCP does
// not (Cloudflare Workers). Nothing here may import a Node-only module: the Workers entry uses it
// as it is. Migrations are not this module's job (they need the migration files on disk).
import { Client, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { processLog } from '../observability/process-log.ts';
import type { Database, DatabaseHandle } from './database.ts';
import * as schema from './schema.ts';

/** What a WebSocket constructor is to the driver (the `ws` package's on Node 20). */
export type WebSocketConstructor = NonNullable<Client['neonConfig']['webSocketConstructor']>;

export type NeonOptions = {
  /** A Postgres URL: a Neon endpoint's, or any database a `wsProxy` reaches. */
  url: string;
  /**
   * A WebSocket proxy in front of a database that is not Neon (local development, tests): host,
   * port and path, without protocol; the driver appends `?address=<host>:<port>`. The proxy is
   * spoken to in plain `ws://` with the Postgres protocol's own TLS off, as Neon's local setups
   * do; unset, the driver speaks to Neon itself over `wss://`.
   */
  wsProxy?: string | undefined;
  /** Where there is no global `WebSocket` (Node 20), the constructor to use. */
  webSocketConstructor?: WebSocketConstructor | undefined;
  /** Most connections at once (one WebSocket each). */
  max?: number | undefined;
};

/**
 * A pool of Neon connections as a drizzle database: interactive transactions included
 * (drizzle's `neon-serverless`, not `neon-http`, which has none). The schema is expected to be
 * up to date: migrate before, with the migration files (`openDatabase` on Node; drizzle-kit
 * before a Workers deploy).
 */
export function connectNeon(options: NeonOptions): DatabaseHandle & { pool: Pool } {
  const { wsProxy, webSocketConstructor } = options;
  // Options per connection rather than on the global `neonConfig`: two pools in one process
  // (a test beside a server) may reach different places.
  class ConfiguredClient extends Client {
    constructor(config?: ConstructorParameters<typeof Client>[0]) {
      super(config);
      if (webSocketConstructor) this.neonConfig.webSocketConstructor = webSocketConstructor;
      if (wsProxy !== undefined) {
        this.neonConfig.wsProxy = wsProxy;
        this.neonConfig.useSecureWebSocket = false;
        this.neonConfig.pipelineTLS = false;
        this.neonConfig.pipelineConnect = false;
      }
    }
  }
  const pool = new Pool({ connectionString: options.url, max: options.max ?? 10 });
  // The driver's Pool sets its own `Client` after construction, over the option of that name.
  pool.Client = ConfiguredClient;
  // As with node-postgres: an idle connection the far end closes is an event on the pool, and
  // an unheard one would end the process. The pool opens a new connection when next asked.
  pool.on('error', (error: Error) => {
    processLog.warn('db.idle_connection_closed', { driver: 'neon', error: error.message });
  });
  const db = drizzle({ client: pool, schema });
  return { db: db as unknown as Database, driver: 'neon', pool, close: () => pool.end() };
}
