import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Attachment, Conversation, Message, Share } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { titleFromMessage } from '../../shared/titles.ts';

/**
 * The headers of a JSON request from the app's own page at `baseUrl`, as a browser sends them:
 * the server refuses a write with any other origin or content type.
 */
export function appRequestHeaders(baseUrl: string, cookie: string): Record<string, string> {
  return { 'content-type': 'application/json', origin: new URL(baseUrl).origin, cookie };
}

/**
 * Speaks Replicache's push and pull protocol directly, for tests that need exact control
 * (a server in a child process, a message sent at a precise moment).
 */
/** What a send may carry besides its text: the toggles it was sent with, the files it names. */
type SendOptions = { reasoning?: boolean; webSearch?: boolean; attachmentIds?: string[] };

export function pushClient(baseUrl: string, cookie: string) {
  const clientGroupID = `group-${randomUUID()}`;
  const clientID = `client-${randomUUID()}`;
  let mutationId = 0;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}/api/replicache/${path}`, {
      method: 'POST',
      headers: appRequestHeaders(baseUrl, cookie),
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${path} failed: ${response.status} ${await response.text()}`);
    return response.json();
  };
  /** The values of a fresh pull whose keys start with `prefix`. */
  const pulled = async (prefix: string): Promise<unknown[]> => {
    const body = PullBody.parse(
      await post('pull', {
        pullVersion: 1,
        schemaVersion: '',
        profileID: 'test',
        clientGroupID: `${clientGroupID}-r`,
        cookie: null,
      }),
    );
    return body.patch.flatMap((op) =>
      op.op === 'put' && op.key?.startsWith(prefix) ? [op.value] : [],
    );
  };
  return {
    /** The client id its mutations are pushed as. */
    clientID,
    mutate(name: string, args: unknown) {
      return post('push', {
        pushVersion: 1,
        schemaVersion: '',
        profileID: 'test',
        clientGroupID,
        mutations: [{ id: ++mutationId, clientID, name, args, timestamp: Date.now() }],
      });
    },
    /**
     * Starts a conversation with one message; returns the ids of the conversation and answer.
     * `reasoning`, `webSearch`: send it with that toggle on (or off); `attachmentIds`: files it
     * carries.
     */
    async ask(content: string, model = DEMO_MODEL_ID, options: SendOptions = {}) {
      const conversationId = `c-${randomUUID()}`;
      await this.mutate('createConversation', {
        id: conversationId,
        // As the app does: the first words of the first message, until a real title comes.
        title: titleFromMessage(content),
        model,
        createdAt: Date.now(),
      });
      return { conversationId, ...(await this.reply(conversationId, content, model, options)) };
    },
    /** Sends one more message in `conversationId`; returns the ids of it and its answer. */
    async reply(
      conversationId: string,
      content: string,
      model = DEMO_MODEL_ID,
      { reasoning, webSearch, attachmentIds }: SendOptions = {},
    ) {
      const answerId = `a-${randomUUID()}`;
      const userMessageId = `u-${randomUUID()}`;
      await this.mutate('sendMessage', {
        conversationId,
        userMessageId,
        assistantMessageId: answerId,
        content,
        model,
        createdAt: Date.now(),
        ...(reasoning === undefined ? {} : { reasoning }),
        ...(attachmentIds === undefined ? {} : { attachmentIds }),
        ...(webSearch === undefined ? {} : { webSearch }),
      });
      return { answerId, userMessageId };
    },
    /** Every message the user can see, from a fresh pull. */
    async messages(): Promise<Message[]> {
      return (await pulled('message/')).map((value) => Message.parse(value));
    },
    /** Every attachment the user can see, from a fresh pull. */
    async attachments(): Promise<Attachment[]> {
      return (await pulled('attachment/')).map((value) => Attachment.parse(value));
    },
    /** Every share link of the user's, from a fresh pull. */
    async shares(): Promise<Share[]> {
      return (await pulled('share/')).map((value) => Share.parse(value));
    },
    /** Every conversation the user can see, from a fresh pull. */
    async conversations(): Promise<Conversation[]> {
      return (await pulled('conversation/')).map((value) => Conversation.parse(value));
    },
  };
}

const PullBody = z.object({
  patch: z.array(
    z.object({ op: z.string(), key: z.string().optional(), value: z.unknown().optional() }),
  ),
});
