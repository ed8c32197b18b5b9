import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { appRequestHeaders } from './push-client.ts';

/** Requests of one browser of the app at `baseUrl`, signed in with `cookie`. */
export function accountRequests(baseUrl: string, cookie: string) {
  const replicache = (path: 'push' | 'pull', body: object) =>
    fetch(`${baseUrl}/api/replicache/${path}`, {
      method: 'POST',
      headers: appRequestHeaders(baseUrl, cookie),
      body: JSON.stringify({ schemaVersion: '', profileID: 'p', ...body }),
    });
  return {
    push: () =>
      replicache('push', { pushVersion: 1, clientGroupID: `g-${cookie.slice(-8)}`, mutations: [] }),
    pull: () =>
      replicache('pull', { pullVersion: 1, clientGroupID: `g-${cookie.slice(-8)}`, cookie: null }),
    deleteAccount: (confirm: { password?: string; email?: string }) =>
      fetch(`${baseUrl}/api/account`, {
        method: 'DELETE',
        headers: appRequestHeaders(baseUrl, cookie),
        body: JSON.stringify(confirm),
      }),
    exportData: () => fetch(`${baseUrl}/api/account/export`, { headers: { cookie } }),
  };
}

type CountRow = { table: string; n: number };

/**
 * How many rows of each table in the database belong to `userId`, by the column that names
 * them; a table with no rule here fails, so that a new table is not forgotten by account
 * deletion (nor by this check).
 */
export async function rowsOf(
  db: Database,
  userId: string,
  email: string,
  signInKey: string,
): Promise<Record<string, number>> {
  const result = (await db.execute(
    sql`select table_name as "table" from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )) as unknown as { rows: { table: string }[] };
  const counts: Record<string, number> = {};
  for (const { table } of result.rows) {
    const query = countQuery(table, userId, email, signInKey);
    if (!query) throw new Error(`decide how deleting an account clears the table ${table}`);
    const rows = (await db.execute(query)) as unknown as { rows: CountRow[] };
    counts[table] = Number(rows.rows[0]?.n ?? 0);
  }
  return counts;
}

function countQuery(table: string, userId: string, email: string, signInKey: string) {
  switch (table) {
    case 'user':
      return sql`select count(*) as n from "user" where id = ${userId} or email = ${email}`;
    case 'replicache_client':
      return sql`select count(*) as n from replicache_client c
        join replicache_client_group g on g.id = c.client_group_id where g.user_id = ${userId}`;
    case 'verification':
      return sql`select count(*) as n from verification
        where value = ${userId} or identifier = ${email}`;
    case 'auth_attempt':
      return sql`select count(*) as n from auth_attempt where key in
        (${signInKey}, ${`messages:day:${userId}`}, ${`messages:hour:${userId}`})`;
    case 'session':
    case 'account':
    case 'conversation':
    case 'message':
    case 'api_key':
    case 'attachment':
    case 'share':
    case 'replicache_client_group':
    case 'replicache_user_version':
    case 'replicache_tombstone':
      return sql`select count(*) as n from ${sql.identifier(table)} where user_id = ${userId}`;
    case 'attachment_garbage':
      // Nobody's: storage keys of deleted attachments (a person's go when their rows do),
      // kept only until the sweep has deleted the files.
      return sql`select 0 as n`;
    default:
      return undefined;
  }
}
