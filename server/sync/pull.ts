import { sql } from 'drizzle-orm';
import type { PatchOperation, PullResponseOKV1 } from 'replicache';
import { ErrorCode } from '../../shared/errors.ts';
import { type ConversationRow, conversation, type MessageRow, message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { parseJson, rowFromJson } from '../db/json-rows.ts';
import {
  replicacheClient,
  replicacheClientGroup,
  replicacheTombstone,
  replicacheUserVersion,
} from '../db/replicache-schema.ts';
import { transact } from '../db/transact.ts';
import { AppError } from '../http/app-error.ts';
import { ensureClientGroup } from './client-groups.ts';
import { type PullRequestV1, userVersionCookie } from './protocol.ts';
import {
  conversationEntity,
  conversationRowKey,
  messageEntity,
  messageRowKey,
} from './row-entities.ts';

/**
 * Answers a pull with per-user versions (decision 005): every row the user sees carries the
 * user version of its last change, and every deletion a tombstone, so the pull sends what is
 * newer than the version the cookie names, whatever the size of the rest. No cookie, or one
 * this server did not hand out (an older strategy, another database), starts over with
 * `clear` and everything.
 *
 * The pull is one statement (`readChanges`), so one snapshot: a user's writers take their
 * versions one after another on one row lock, so every version up to the snapshot's counter
 * is in it. A group seen for the first time is created in a transaction before.
 */
export async function processPull(
  db: Database,
  userId: string,
  pull: PullRequestV1,
): Promise<PullResponseOKV1> {
  const cookieOrder = pull.cookie?.order ?? null;
  const ensureGroup = () => transact(db, (tx) => ensureClientGroup(tx, userId, pull.clientGroupID));
  // A first pull (no cookie) is often a new group's: make it before reading everything.
  if (cookieOrder === null) await ensureGroup();
  let changes = await readChanges(db, userId, pull.clientGroupID, cookieOrder ?? 0);
  if (changes.owner === null) {
    await ensureGroup();
    changes = await readChanges(db, userId, pull.clientGroupID, cookieOrder ?? 0);
  }
  if (changes.owner !== userId) throw new AppError(ErrorCode.notFound, 'Unknown client group');
  // No cookie, or one above the counter (handed out by another database): start over.
  const startsOver = cookieOrder === null || cookieOrder > changes.version;
  if (startsOver && cookieOrder !== null) {
    changes = await readChanges(db, userId, pull.clientGroupID, 0);
  }
  const cookie = userVersionCookie(changes.version);
  const patch: PatchOperation[] = startsOver
    ? [{ op: 'clear' }]
    : changes.deleted.map((key) => ({ op: 'del', key }));
  for (const row of changes.conversations) {
    const value = conversationEntity(row);
    patch.push({ op: 'put', key: conversationRowKey(row), value });
  }
  for (const row of changes.messages) {
    patch.push({ op: 'put', key: messageRowKey(row), value: messageEntity(row) });
  }
  return { cookie, lastMutationIDChanges: changes.clients, patch };
}

type Changes = {
  /** The user the client group belongs to; `null` when there is no such group. */
  owner: string | null;
  /** The user's change counter. */
  version: number;
  /** The last mutation id of each client of the group: a group has a few (tabs), all sent. */
  clients: Record<string, number>;
  /** Keys deleted after `since`. */
  deleted: string[];
  conversations: ConversationRow[];
  messages: MessageRow[];
};

/** The one row of `readChanges`' statement; each `json` column parsed or as text. */
type PullRow = {
  owner: string | null;
  version: number | null;
  clients: Record<string, number> | string;
  deleted: string[] | string;
  conversations: Record<string, unknown>[] | string;
  messages: Record<string, unknown>[] | string;
};

/**
 * Everything a pull sends, in one statement (one round trip to Postgres, instead of a
 * transaction of eight: most of a pull's time was waiting on them in turn).
 */
async function readChanges(
  db: Database,
  userId: string,
  groupId: string,
  since: number,
): Promise<Changes> {
  // Both drivers (node-postgres, PGlite) answer with `rows`; drizzle's own type cannot say so.
  const result = (await db.execute(sql`
    select
      (select ${replicacheClientGroup.userId} from ${replicacheClientGroup}
        where ${replicacheClientGroup.id} = ${groupId}) as owner,
      (select ${replicacheUserVersion.version} from ${replicacheUserVersion}
        where ${replicacheUserVersion.userId} = ${userId}) as version,
      (select coalesce(json_object_agg(${replicacheClient.id}, ${replicacheClient.lastMutationId}), '{}')
        from ${replicacheClient} where ${replicacheClient.clientGroupId} = ${groupId}) as clients,
      (select coalesce(json_agg(${replicacheTombstone.key}), '[]') from ${replicacheTombstone}
        where ${replicacheTombstone.userId} = ${userId}
          and ${replicacheTombstone.version} > ${since}) as deleted,
      (select coalesce(json_agg(${conversation}), '[]') from ${conversation}
        where ${conversation.userId} = ${userId} and ${conversation.version} > ${since}) as conversations,
      (select coalesce(json_agg(${message}), '[]') from ${message}
        where ${message.userId} = ${userId} and ${message.version} > ${since}) as messages
  `)) as unknown as { rows: PullRow[] };
  const [row] = result.rows;
  if (!row) throw new Error('the pull query returned no row');
  return {
    owner: row.owner,
    version: row.version ?? 0,
    clients: parseJson(row.clients),
    deleted: parseJson(row.deleted),
    conversations: parseJson(row.conversations).map((json) => rowFromJson(conversation, json)),
    messages: parseJson(row.messages).map((json) => rowFromJson(message, json)),
  };
}
