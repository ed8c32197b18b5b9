import type { Share, ShareMode } from '../../shared/entities.ts';
import type { CreateShareArgs, UpdateShareArgs } from '../../shared/mutators/args.ts';
import { defaultExpiry, type ExpiryChoice, expiresAtFor } from './share-expiry.ts';

/**
 * A new link to a conversation: a snapshot of its messages up to `lastOrder`, opening for 30
 * days. A snapshot first, because a person sharing a chat shares what they have read; later
 * messages are one choice away.
 */
export function newShareArgs(fields: {
  id: string;
  token: string;
  conversationId: string;
  lastOrder: number;
  now: number;
}): CreateShareArgs {
  return {
    id: fields.id,
    conversationId: fields.conversationId,
    token: fields.token,
    mode: 'snapshot',
    throughOrder: fields.lastOrder,
    expiresAt: expiresAtFor(defaultExpiry, fields.now),
    createdAt: fields.now,
  };
}

/** `share` opening for `choice`, counted from `now`; what it shows is unchanged. */
export function withExpiry(share: Share, choice: ExpiryChoice, now: number): UpdateShareArgs {
  return {
    id: share.id,
    mode: share.mode,
    throughOrder: share.throughOrder,
    expiresAt: expiresAtFor(choice, now),
  };
}

/**
 * `share` showing `mode`: a snapshot shows the messages up to `lastOrder` (the conversation's
 * last one now), a live link every message, so it keeps no order.
 */
export function withMode(share: Share, mode: ShareMode, lastOrder: number): UpdateShareArgs {
  return {
    id: share.id,
    mode,
    throughOrder: mode === 'snapshot' ? lastOrder : null,
    expiresAt: share.expiresAt,
  };
}

/** What a link shows, as the dialog and Settings name it. */
export const modeLabels: Record<ShareMode, string> = {
  snapshot: 'Messages up to now',
  live: 'Later messages too',
};
