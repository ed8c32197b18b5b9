import { randomBytes } from 'node:crypto';
import { type Poke, type PullResponseOKV1, Replicache } from 'replicache';
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
  /** Every patch the poke stream brought, as sent (with `patches: true`). */
  patches: PokePatch[];
  close(): Promise<void>;
};

/** A change sent on the poke stream as the answer to a pull from `baseCookie`. */
export type PokePatch = Poke & { pullResponse: PullResponseOKV1 };

export type SyncClientOptions = {
  /** The Replicache name: clients of one name in one process share a client group. */
  name?: string | undefined;
  /**
   * Take changes as patches on the poke stream, as the app does (`client/sync/use-poke.ts`),
   * pulling only when one does not apply; otherwise every poke pulls.
   */
  patches?: boolean | undefined;
};

/**
 * A real Replicache client in Node (in-memory store) speaking to the server over HTTP with
 * the given session cookie, and pulling whenever the server pokes: a device, minus the UI.
 * Two of them on one cookie are two client groups of one browser (two app versions' tabs).
 */
export function openSyncClient(
  baseUrl: string,
  cookie: string,
  { name, patches: takesPatches = false }: SyncClientOptions = {},
): SyncClient {
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
  const patches: PokePatch[] = [];
  // A pull racing close() rejects with "Closed"; that is the close we asked for.
  const pull = () => rep.pull().catch(() => {});
  const pokes = pokeUrl(baseUrl, rep, takesPatches)
    .then((url) =>
      readEvents(url, { cookie }, abort.signal, {
        onOpen: connected,
        onEvent: (event) => {
          if (event.event === 'poke') pull();
          if (event.event !== 'patch') return;
          const patch = JSON.parse(event.data) as PokePatch;
          patches.push(patch);
          // Replicache refuses a patch whose base is not where this client is.
          rep.poke(patch).catch(pull);
        },
      }),
    )
    .catch(() => {});

  return {
    rep,
    listening,
    patches,
    async close() {
      abort.abort();
      await pokes;
      await rep.close();
    },
  };
}

/** The poke stream's address; one that takes patches names the client group it is for. */
async function pokeUrl(baseUrl: string, rep: Replicache<ClientMutators>, patches: boolean) {
  if (!patches) return `${baseUrl}/api/replicache/poke`;
  const group = await rep.clientGroupID;
  return `${baseUrl}/api/replicache/poke?patches=1&group=${encodeURIComponent(group)}`;
}

/** Every conversation a client holds, most recently active first. */
export function listConversations(client: SyncClient): Promise<Conversation[]> {
  return client.rep.query(conversationsIn);
}

/** A conversation's messages as a client holds them, in order. */
export function listMessages(client: SyncClient, conversationId: string): Promise<Message[]> {
  return client.rep.query((tx) => messagesIn(tx, conversationId));
}
