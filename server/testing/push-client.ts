import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Message } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { titleFromMessage } from '../../shared/titles.ts';

/**
 * Speaks Replicache's push and pull protocol directly, for tests that need exact control
 * (a server in a child process, a message sent at a precise moment).
 */
export function pushClient(baseUrl: string, cookie: string) {
  const clientGroupID = `group-${randomUUID()}`;
  const clientID = `client-${randomUUID()}`;
  let mutationId = 0;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}/api/replicache/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${path} failed: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    mutate(name: string, args: unknown) {
      return post('push', {
        pushVersion: 1,
        schemaVersion: '',
        profileID: 'test',
        clientGroupID,
        mutations: [{ id: ++mutationId, clientID, name, args, timestamp: Date.now() }],
      });
    },
    /** Starts a conversation with one message; returns the ids of the conversation and answer. */
    async ask(content: string, model = DEMO_MODEL_ID) {
      const conversationId = `c-${randomUUID()}`;
      const answerId = `a-${randomUUID()}`;
      await this.mutate('createConversation', {
        id: conversationId,
        // As the app does: the first words of the first message, until a real title comes.
        title: titleFromMessage(content),
        model,
        createdAt: Date.now(),
      });
      await this.mutate('sendMessage', {
        conversationId,
        userMessageId: `u-${randomUUID()}`,
        assistantMessageId: answerId,
        content,
        model,
        createdAt: Date.now(),
      });
      return { conversationId, answerId };
    },
    /** Every message the user can see, from a fresh pull. */
    async messages(): Promise<Message[]> {
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
        op.op === 'put' && op.key?.startsWith('message/') ? [Message.parse(op.value)] : [],
      );
    },
  };
}

const PullBody = z.object({
  patch: z.array(
    z.object({ op: z.string(), key: z.string().optional(), value: z.unknown().optional() }),
  ),
});
