import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/** The drizzle database every driver yields; code above the drivers sees only this. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A drizzle transaction on a {@link Database}. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either a database or a transaction on one: what query functions take. */
export type Queryable = Database | Transaction;

export type DatabaseDriver = 'pglite' | 'postgres';

/** An open database and how to let it go. */
export type DatabaseHandle = {
  db: Database;
  driver: DatabaseDriver;
  close(): Promise<void>;
};
