import { randomBytes, randomUUID } from 'node:crypto';
import { asc, eq, inArray, ne, notInArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Message } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { attachment } from '../db/attachment-schema.ts';
import { user } from '../db/auth-schema.ts';
import { conversation, message } from '../db/chat-schema.ts';
import type { Database, DatabaseHandle } from '../db/database.ts';
import {
  replicacheClient,
  replicacheClientGroup,
  replicacheTombstone,
  replicacheUserVersion,
} from '../db/replicache-schema.ts';
import { share } from '../db/share-schema.ts';
import type { RunningServer } from '../start-server.ts';
import { pushClient } from '../testing/push-client.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import type { DatabaseTarget } from '../testing/test-databases.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

/** A person's rows, by kind: what a probe aims at. */
export type OwnRows = {
  conversations: string[];
  userMessages: string[];
  answers: string[];
  attachments: string[];
  /** Share links: their ids, and the tokens that open them. */
  shares: string[];
  shareTokens: string[];
  /** Client groups and clients their devices pushed and pulled with. */
  clientGroups: string[];
  clients: string[];
  /** Words that occur only in this person's content and titles. */
  secrets: string[];
};

/**
 * One conversation of a person: its id, the person's first message and its answer, and the
 * share of it, if it is shared.
 */
export type Exchange = {
  conversationId: string;
  userMessageId: string;
  answerId: string;
  shareId?: string | undefined;
};

export type Person = TestAccount & {
  client: ReturnType<typeof pushClient>;
  /** A conversation whose answer is finished. */
  done: Exchange;
  rows: OwnRows;
};

/**
 * The victim's extra: a conversation whose answer is still being generated, a branch, and a
 * live share of her finished conversation (`done.shareId`), opened by `shareToken`.
 */
export type Victim = Person & { streaming: Exchange; branchId: string; shareToken: string };

export type ProbeWorld = {
  database: DatabaseHandle;
  server: RunningServer;
  /** Has a finished answer, one still streaming, a branch, a pinned renamed conversation. */
  alice: Victim;
  /** Reads: pulls, streams, pokes, Alice's client groups. Has a finished answer of his own. */
  bob: Person;
  /**
   * Writes: every mutator aimed at Alice's rows. Kept apart from Bob, as the rows her probes
   * make may reuse Alice's id strings in another table (a conversation named like her message).
   */
  mallory: Person;
  close(): Promise<void>;
};

/**
 * A real server on `target` with two people whose rows were made through the API. Answers
 * come from the demo model, one word at once and the next a long while later, so a one-word
 * answer finishes at once and a longer one is still streaming for as long as a probe runs.
 */
export async function openProbeWorld(target: DatabaseTarget): Promise<ProbeWorld> {
  const database = await target.open();
  const server = await startTestServer({
    database,
    env: { DEMO_WORDS_PER_SECOND: '0.01', RUN_LEASE_MS: '600000' },
  });
  const [aliceAccount, bobAccount, malloryAccount] = await Promise.all([
    signUp(server.url, 'Alice'),
    signUp(server.url, 'Bob'),
    signUp(server.url, 'Mallory'),
  ]);
  const aliceSecret = `alicesecret${randomUUID().slice(0, 8)}`;
  const alice = pushClient(server.url, aliceAccount.cookie);
  const aliceDone = await ask(alice, aliceSecret, 'done');
  const streaming = await ask(alice, `${aliceSecret}streaming and more words`, 'streaming');
  const branchId = `branch-${randomUUID()}`;
  await alice.mutate('branchConversation', {
    id: branchId,
    parentId: aliceDone.conversationId,
    branchPointMessageId: aliceDone.answerId,
    createdAt: Date.now(),
  });
  await alice.mutate('renameConversation', {
    id: aliceDone.conversationId,
    title: `${aliceSecret} title`,
  });
  await alice.mutate('pinConversation', {
    id: aliceDone.conversationId,
    pinned: true,
    at: Date.now(),
  });
  // One sent with her message, one not sent yet (any message could still claim it).
  await uploadAttachment(server.url, aliceAccount.cookie, aliceSecret, aliceDone.userMessageId);
  await uploadAttachment(server.url, aliceAccount.cookie, aliceSecret);
  const shareId = `share-${randomUUID()}`;
  const shareToken = randomBytes(16).toString('base64url');
  await alice.mutate('createShare', {
    id: shareId,
    conversationId: aliceDone.conversationId,
    token: shareToken,
    mode: 'live',
    throughOrder: null,
    expiresAt: null,
    createdAt: Date.now(),
  });

  const other = async (account: TestAccount, word: string): Promise<Person> => {
    const client = pushClient(server.url, account.cookie);
    const done = await ask(client, word, 'done');
    return { ...account, client, done, rows: await ownRows(database.db, account.userId, [word]) };
  };
  const [bob, mallory] = await Promise.all([
    other(bobAccount, 'bobword'),
    other(malloryAccount, 'malloryword'),
  ]);

  return {
    database,
    server,
    alice: {
      ...aliceAccount,
      client: alice,
      done: { ...aliceDone, shareId },
      streaming,
      branchId,
      shareToken,
      rows: await ownRows(database.db, aliceAccount.userId, [aliceSecret]),
    },
    bob,
    mallory,
    async close() {
      await server.close();
      await database.close();
    },
  };
}

/** Sends a one-message conversation and waits until its answer reaches `status`. */
async function ask(
  client: ReturnType<typeof pushClient>,
  content: string,
  status: Message['status'],
): Promise<Exchange> {
  const { conversationId, answerId } = await client.ask(content, DEMO_MODEL_ID);
  const messages = await waitFor(
    async () => {
      const all = await client.messages();
      return all.some((m) => m.id === answerId && m.status === status) ? all : undefined;
    },
    { what: `an answer ${status}` },
  );
  const question = messages.find((m) => m.conversationId === conversationId && m.role === 'user');
  if (!question) throw new Error('the question was not stored');
  return { conversationId, userMessageId: question.id, answerId };
}

/** A small PDF (for the person's message), its name and bytes holding `secret`. */
async function uploadAttachment(
  baseUrl: string,
  cookie: string,
  secret: string,
  messageId?: string,
) {
  const forMessage = messageId === undefined ? '' : `&messageId=${messageId}`;
  const response = await fetch(
    `${baseUrl}/api/attachments/att-${randomUUID()}?name=${secret}.pdf${forMessage}`,
    {
      method: 'PUT',
      headers: { cookie, origin: new URL(baseUrl).origin, 'content-type': 'application/pdf' },
      body: `%PDF-1.4 ${secret} 1 0 obj << /Type /Page >> endobj`,
    },
  );
  if (response.status !== 201) throw new Error(`upload failed: ${await response.text()}`);
}

async function ownRows(db: Database, userId: string, secrets: string[]): Promise<OwnRows> {
  const conversations = await db
    .select({ id: conversation.id })
    .from(conversation)
    .where(eq(conversation.userId, userId));
  const messages = await db
    .select({ id: message.id, role: message.role })
    .from(message)
    .where(eq(message.userId, userId));
  const groups = await db
    .select({ id: replicacheClientGroup.id })
    .from(replicacheClientGroup)
    .where(eq(replicacheClientGroup.userId, userId));
  const attachments = await db
    .select({ id: attachment.id })
    .from(attachment)
    .where(eq(attachment.userId, userId));
  const shares = await db
    .select({ id: share.id, token: share.token })
    .from(share)
    .where(eq(share.userId, userId));
  const clients = await db
    .select({ id: replicacheClient.id })
    .from(replicacheClient)
    .where(
      inArray(
        replicacheClient.clientGroupId,
        groups.map((g) => g.id),
      ),
    );
  return {
    conversations: conversations.map((c) => c.id),
    userMessages: messages.filter((m) => m.role === 'user').map((m) => m.id),
    answers: messages.filter((m) => m.role === 'assistant').map((m) => m.id),
    attachments: attachments.map((a) => a.id),
    shares: shares.map((row) => row.id),
    shareTokens: shares.map((row) => row.token),
    clientGroups: groups.map((g) => g.id),
    clients: clients.map((c) => c.id),
    secrets,
  };
}

/**
 * Every row that is not the prober's own: everyone else's conversations, messages (and any
 * message in someone else's conversation, whoever wrote it), client groups and clients,
 * change counters and tombstones, accounts. A lease's expiry is left out: its own process
 * renews it.
 */
export async function rowsNotOwnedBy(db: Database, proberId: string) {
  const probersConversations = db
    .select({ id: conversation.id })
    .from(conversation)
    .where(eq(conversation.userId, proberId));
  const probersGroups = db
    .select({ id: replicacheClientGroup.id })
    .from(replicacheClientGroup)
    .where(eq(replicacheClientGroup.userId, proberId));
  const messages = await db
    .select()
    .from(message)
    .where(
      or(ne(message.userId, proberId), notInArray(message.conversationId, probersConversations)),
    )
    .orderBy(asc(message.id));
  return {
    users: await db.select().from(user).where(ne(user.id, proberId)).orderBy(asc(user.id)),
    conversations: await db
      .select()
      .from(conversation)
      .where(ne(conversation.userId, proberId))
      .orderBy(asc(conversation.id)),
    messages: messages.map(({ leaseExpiresAt: _, ...rest }) => rest),
    attachments: await db
      .select()
      .from(attachment)
      .where(ne(attachment.userId, proberId))
      .orderBy(asc(attachment.id)),
    shares: await db.select().from(share).where(ne(share.userId, proberId)).orderBy(asc(share.id)),
    clientGroups: await db
      .select()
      .from(replicacheClientGroup)
      .where(ne(replicacheClientGroup.userId, proberId))
      .orderBy(asc(replicacheClientGroup.id)),
    clients: await db
      .select()
      .from(replicacheClient)
      .where(notInArray(replicacheClient.clientGroupId, probersGroups))
      .orderBy(asc(replicacheClient.id)),
    versions: await db
      .select()
      .from(replicacheUserVersion)
      .where(ne(replicacheUserVersion.userId, proberId))
      .orderBy(asc(replicacheUserVersion.userId)),
    tombstones: await db
      .select()
      .from(replicacheTombstone)
      .where(ne(replicacheTombstone.userId, proberId))
      .orderBy(asc(replicacheTombstone.userId), asc(replicacheTombstone.key)),
  };
}

/**
 * The probes' world for one suite: opened before its tests (handed to `onOpen`), closed after.
 * Each refused mutation is logged as a warning, and the probes make thousands on purpose.
 */
export function useProbeWorld(target: DatabaseTarget, onOpen: (world: ProbeWorld) => void): void {
  let world: ProbeWorld | undefined;
  // Three accounts and their answers through the real API: slow on a busy machine.
  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    world = await openProbeWorld(target);
    onOpen(world);
  }, 180_000);
  afterAll(async () => {
    await world?.close();
    vi.restoreAllMocks();
  });
}
