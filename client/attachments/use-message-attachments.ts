import { useCallback, useSyncExternalStore } from 'react';
import type { ReadTransaction } from 'replicache';
import { Attachment } from '../../shared/entities.ts';
import { attachmentPrefix } from '../../shared/keys.ts';
import { parseEach } from '../../shared/queries.ts';
import type { ParleyReplicache } from '../sync/replicache.ts';
import { useReplicache } from '../sync/use-replicache.ts';
import { forgetAttachmentBytes } from './attachment-bytes.ts';
import {
  goneAttachments,
  groupByMessage,
  type MessageAttachments,
  noAttachments,
} from './attachments-by-message.ts';

/** Every attachment on this device. */
async function listAttachments(tx: ReadTransaction): Promise<Attachment[]> {
  const values = await tx.scan({ prefix: attachmentPrefix }).values().toArray();
  return parseEach(Attachment, values);
}

type AttachmentStore = {
  byMessage: Map<string, MessageAttachments>;
  listeners: Set<() => void>;
};

const stores = new WeakMap<ParleyReplicache, AttachmentStore>();

/**
 * One subscription per store, grouped by message, for every message shown: a subscription of
 * its own per message would scan every attachment once per message, and could only answer a
 * render later. It lasts as long as the store (Replicache ends it on close), so a message
 * mounting (a switch, a scroll of the virtualised list) finds its attachments at once, in its
 * first paint, and its row keeps its height. It also sees attachments go, and lets their bytes
 * on the device go with them.
 */
function storeOf(rep: ParleyReplicache): AttachmentStore {
  let store = stores.get(rep);
  if (store) return store;
  const created: AttachmentStore = { byMessage: new Map(), listeners: new Set() };
  stores.set(rep, created);
  let ids = new Set<string>();
  rep.subscribe(listAttachments, {
    onData: (attachments) => {
      void forgetAttachmentBytes(goneAttachments(ids, attachments));
      ids = new Set(attachments.map((attachment) => attachment.id));
      created.byMessage = groupByMessage(attachments, created.byMessage);
      for (const listener of created.listeners) listener();
    },
  });
  store = created;
  return store;
}

/**
 * Starts reading this store's attachments, ahead of the first message that needs them: called
 * when a conversation opens, so its messages paint with their attachments.
 */
export function watchAttachments(rep: ParleyReplicache): void {
  storeOf(rep);
}

/**
 * The attachments a message carries, oldest first, live; the same (empty) list while it has
 * none. Re-renders only when this message's attachments change.
 */
export function useMessageAttachments(messageId: string): MessageAttachments {
  const store = storeOf(useReplicache());
  const subscribe = useCallback(
    (onChange: () => void) => {
      store.listeners.add(onChange);
      return () => {
        store.listeners.delete(onChange);
      };
    },
    [store],
  );
  return useSyncExternalStore(
    subscribe,
    () => store.byMessage.get(messageId) ?? noAttachments,
    () => noAttachments,
  );
}
