import { sql } from 'drizzle-orm';
import type { PatchOperation, PullResponseOKV1 } from 'replicache';
import { ErrorCode } from '../../shared/errors.ts';
import { type AttachmentRow, attachment } from '../db/attachment-schema.ts';
import { type ConversationRow, conversation, type MessageRow, message } from '../db/chat-schema.ts';
import type { Database } from '../db/database.ts';
import { parseJson, rowFromJson } from '../db/json-rows.ts';
import {
  replicacheClient,
  replicacheClientGroup,
  replicacheTombstone,
  replicacheUserVersion,
} from '../db/replicache-schema.ts';
import { type ShareRow, share } from '../db/share-schema.ts';
import { transact } from '../db/transact.ts';
import { AppError } from '../http/app-error.ts';
import { ensureClientGroup } from './client-groups.ts';
import { type PullRequestV1, userVersionCookie } from './protocol.ts';
import {
  attachmentEntity,
  attachmentRowKey,
  conversationEntity,
  conversationRowKey,
  messageEntity,
  messageRowKey,
  shareEntity,
  shareRowKey,
} from './row-entities.ts';

/**
 * Answers a pull with per-user versions (decision 007): every row the user sees carries the
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
  const groupId = pull.clientGroupID;
  const cookieOrder = pull.cookie?.order ?? null;
  const ensureGroup = () => transact(db, (tx) => ensureClientGroup(tx, userId, groupId));
  // A first pull (no cookie) is often a new group's: make it before reading everything.
  if (cookieOrder === null) await ensureGroup();
  let changes = await readChanges(db, userId, [groupId], cookieOrder ?? 0);
  if (!changes.groups[groupId]) {
    await ensureGroup();
    changes = await readChanges(db, userId, [groupId], cookieOrder ?? 0);
  }
  if (changes.groups[groupId]?.owner !== userId) {
    throw new AppError(ErrorCode.notFound, 'Unknown client group');
  }
  // No cookie, or one above the counter (handed out by another database): start over.
  const startsOver = cookieOrder === null || cookieOrder > changes.version;
  if (startsOver && cookieOrder !== null) {
    changes = await readChanges(db, userId, [groupId], 0);
  }
  return pullResponse(changes, groupId, patchOf(changes, startsOver));
}

/**
 * What a pull from `since` would answer each of `groupIds`, read once for all of them: a
 * change reaches a person's devices as patches (see the poke hub), and their rows since
 * `since` are the same for every device. Only the person's own groups get one.
 */
export async function readPatches(
  db: Database,
  userId: string,
  groupIds: readonly string[],
  since: number,
): Promise<Map<string, PullResponseOKV1>> {
  const patches = new Map<string, PullResponseOKV1>();
  if (groupIds.length === 0) return patches;
  const changes = await readChanges(db, userId, groupIds, since);
  const patch = patchOf(changes, false);
  for (const groupId of groupIds) {
    if (changes.groups[groupId]?.owner !== userId) continue;
    patches.set(groupId, pullResponse(changes, groupId, patch));
  }
  return patches;
}

/**
 * The pull's answer to `groupId`: the patch, the new cookie, and the group's own clients
 * that changed. Every change takes a user version, so whatever the answer holds moves the
 * cookie, and an answer whose cookie did not move holds nothing (Replicache logs an error
 * for one that reports changes).
 */
function pullResponse(
  changes: Changes,
  groupId: string,
  patch: PatchOperation[],
): PullResponseOKV1 {
  return {
    cookie: userVersionCookie(changes.version),
    lastMutationIDChanges: changes.groups[groupId]?.clients ?? {},
    patch,
  };
}

/** What brings a device from `since` to what was read: from nothing, if it starts over. */
function patchOf(changes: Changes, startsOver: boolean): PatchOperation[] {
  const patch: PatchOperation[] = startsOver
    ? [{ op: 'clear' }]
    : changes.deleted.map((key) => ({ op: 'del', key }));
  for (const row of changes.conversations) {
    patch.push({ op: 'put', key: conversationRowKey(row), value: conversationEntity(row) });
  }
  for (const row of changes.messages) {
    patch.push({ op: 'put', key: messageRowKey(row), value: messageEntity(row) });
  }
  for (const row of changes.attachments) {
    patch.push({ op: 'put', key: attachmentRowKey(row), value: attachmentEntity(row) });
  }
  for (const row of changes.shares) {
    patch.push({ op: 'put', key: shareRowKey(row), value: shareEntity(row) });
  }
  return patch;
}

/** A client group as read: whose it is, and the last mutation id of each client that changed. */
type GroupClients = { owner: string; clients: Record<string, number> };

type Changes = {
  /** The user's change counter. */
  version: number;
  /**
   * Each of the groups asked about that exists (whosever it is), with the last mutation id of
   * each of its clients whose id changed after `since`.
   */
  groups: Record<string, GroupClients>;
  /** Keys deleted after `since`. */
  deleted: string[];
  conversations: ConversationRow[];
  messages: MessageRow[];
  attachments: AttachmentRow[];
  shares: ShareRow[];
};

/** The one row of `readChanges`' statement; each `json` column parsed or as text. */
type PullRow = {
  version: number | null;
  groups: Record<string, GroupClients> | string;
  deleted: string[] | string;
  conversations: Record<string, unknown>[] | string;
  messages: Record<string, unknown>[] | string;
  attachments: Record<string, unknown>[] | string;
  shares: Record<string, unknown>[] | string;
};

/**
 * Everything a pull sends, in one statement (one round trip to Postgres, instead of a
 * transaction of eight: most of a pull's time was waiting on them in turn).
 */
async function readChanges(
  db: Database,
  userId: string,
  /** At least one. */
  groupIds: readonly string[],
  since: number,
): Promise<Changes> {
  const groups = sql.join(
    groupIds.map((id) => sql`${id}`),
    sql`, `,
  );
  // Both drivers (node-postgres, PGlite) answer with `rows`; drizzle's own type cannot say so.
  const result = (await db.execute(sql`
    select
      (select ${replicacheUserVersion.version} from ${replicacheUserVersion}
        where ${replicacheUserVersion.userId} = ${userId}) as version,
      (select coalesce(json_object_agg(${replicacheClientGroup.id}, json_build_object(
          'owner', ${replicacheClientGroup.userId},
          'clients', (select coalesce(json_object_agg(${replicacheClient.id}, ${replicacheClient.lastMutationId}), '{}')
            from ${replicacheClient} where ${replicacheClient.clientGroupId} = ${replicacheClientGroup.id}
              and ${replicacheClient.version} > ${since}))), '{}')
        from ${replicacheClientGroup} where ${replicacheClientGroup.id} in (${groups})) as groups,
      (select coalesce(json_agg(${replicacheTombstone.key}), '[]') from ${replicacheTombstone}
        where ${replicacheTombstone.userId} = ${userId}
          and ${replicacheTombstone.version} > ${since}) as deleted,
      (select coalesce(json_agg(${conversation}), '[]') from ${conversation}
        where ${conversation.userId} = ${userId} and ${conversation.version} > ${since}) as conversations,
      (select coalesce(json_agg(${message}), '[]') from ${message}
        where ${message.userId} = ${userId} and ${message.version} > ${since}) as messages,
      (select coalesce(json_agg(${attachment}), '[]') from ${attachment}
        where ${attachment.userId} = ${userId} and ${attachment.version} > ${since}) as attachments,
      (select coalesce(json_agg(${share}), '[]') from ${share}
        where ${share.userId} = ${userId} and ${share.version} > ${since}) as shares
  `)) as unknown as { rows: PullRow[] };
  const [row] = result.rows;
  if (!row) throw new Error('the pull query returned no row');
  return {
    version: row.version ?? 0,
    groups: parseJson(row.groups),
    deleted: parseJson(row.deleted),
    conversations: parseJson(row.conversations).map((json) => rowFromJson(conversation, json)),
    messages: parseJson(row.messages).map((json) => rowFromJson(message, json)),
    attachments: parseJson(row.attachments).map((json) => rowFromJson(attachment, json)),
    shares: parseJson(row.shares).map((json) => rowFromJson(share, json)),
  };
}
