import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/** The drizzle database every driver yields; code above the drivers sees only this. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A drizzle transaction on a {@link Database}. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either a database or a transaction on one: what query functions take. */
export type Queryable = Database | Transaction;

/** `neon` is Postgres too, reached over a WebSocket (Neon's serverless driver). */
export type DatabaseDriver = 'pglite' | 'postgres' | 'neon';

/** An open database and how to let it go. */
export type DatabaseHandle = {
  db: Database;
  driver: DatabaseDriver;
  close(): Promise<void>;
};
