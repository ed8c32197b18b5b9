import { randomBytes } from 'node:crypto';
import { Replicache } from 'replicache';
import type { Conversation, Message } from '../../shared/entities.ts';
import { type ClientMutators, clientMutators } from '../../shared/mutators/client.ts';
import {
  listConversations as conversationsIn,
  listMessages as messagesIn,
} from '../../shared/queries.ts';
import { appRequestHeaders } from './push-client.ts';
import { readEvents } from './sse-reader.ts';

export type SyncClient = {
  rep: Replicache<ClientMutators>;
  /** Resolves once the poke stream is connected. */
  listening: Promise<void>;
  close(): Promise<void>;
};

/**
 * A real Replicache client in Node (in-memory store) speaking to the server over HTTP with
 * the given session cookie, and pulling whenever the server pokes: a device, minus the UI.
 */
export function openSyncClient(baseUrl: string, cookie: string, name?: string): SyncClient {
  // Push answers carry a body only for errors (ClientStateNotFound, VersionNotSupported).
  const post = async (path: string, body: unknown, expectBody: boolean) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: appRequestHeaders(baseUrl, cookie),
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      response: expectBody && response.ok && text ? JSON.parse(text) : undefined,
      httpRequestInfo: { httpStatusCode: response.status, errorMessage: response.ok ? '' : text },
    };
  };
  const rep = new Replicache({
    name: name ?? `device-${randomBytes(6).toString('hex')}`,
    kvStore: 'mem',
    mutators: clientMutators,
    pullInterval: null,
    logLevel: 'error',
    puller: (body) => post('/api/replicache/pull', body, true),
    pusher: (body) => post('/api/replicache/push', body, false),
  });

  const abort = new AbortController();
  let connected: () => void = () => {};
  const listening = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const pokes = readEvents(`${baseUrl}/api/replicache/poke`, { cookie }, abort.signal, {
    onOpen: connected,
    onEvent: (event) => {
      // A pull racing close() rejects with "Closed"; that is the close we asked for.
      if (event.event === 'poke') rep.pull().catch(() => {});
    },
  }).catch(() => {});

  return {
    rep,
    listening,
    async close() {
      abort.abort();
      await pokes;
      await rep.close();
    },
  };
}

/** Every conversation a client holds, most recently active first. */
export function listConversations(client: SyncClient): Promise<Conversation[]> {
  return client.rep.query(conversationsIn);
}

/** A conversation's messages as a client holds them, in order. */
export function listMessages(client: SyncClient, conversationId: string): Promise<Message[]> {
  return client.rep.query((tx) => messagesIn(tx, conversationId));
}
