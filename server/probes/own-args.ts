import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { type MutatorName, type mutatorArgs, mutatorNames } from '../../shared/mutators/args.ts';
import type { Exchange } from './probe-world.ts';

type ArgsOf<N extends MutatorName> = z.input<(typeof mutatorArgs)[N]>;

/** A new row id, as a device makes one. */
const freshId = () => `probe-${randomUUID()}`;

/**
 * Valid arguments of every mutator on the prober's own rows (new rows get new ids). A new
 * mutator does not compile until it is given here, so it cannot go unprobed.
 */
export const ownArgs: { [N in MutatorName]: (own: Exchange) => ArgsOf<N> } = {
  createConversation: () => ({
    id: freshId(),
    title: 'Probe',
    model: DEMO_MODEL_ID,
    createdAt: Date.now(),
  }),
  sendMessage: (own) => ({
    conversationId: own.conversationId,
    userMessageId: freshId(),
    assistantMessageId: freshId(),
    content: 'probe',
    model: DEMO_MODEL_ID,
    createdAt: Date.now(),
  }),
  renameConversation: (own) => ({ id: own.conversationId, title: 'Renamed by a probe' }),
  deleteConversation: (own) => ({ id: own.conversationId }),
  setConversationModel: (own) => ({ id: own.conversationId, model: 'openai/gpt-4o' }),
  stopAnswer: (own) => ({ conversationId: own.conversationId, messageId: own.answerId }),
  retryAnswer: (own) => ({ conversationId: own.conversationId, messageId: own.answerId }),
  branchConversation: (own) => ({
    id: freshId(),
    parentId: own.conversationId,
    branchPointMessageId: own.answerId,
    createdAt: Date.now(),
  }),
  editMessage: (own) => ({
    id: freshId(),
    parentId: own.conversationId,
    messageId: own.userMessageId,
    userMessageId: freshId(),
    assistantMessageId: freshId(),
    content: 'edited by a probe',
    model: DEMO_MODEL_ID,
    createdAt: Date.now(),
  }),
  pinConversation: (own) => ({ id: own.conversationId, pinned: true, at: Date.now() }),
  setConversationWebSearch: (own) => ({ id: own.conversationId, webSearch: true }),
  createShare: (own) => ({
    id: freshId(),
    conversationId: own.conversationId,
    token: randomBytes(16).toString('base64url'),
    mode: 'live',
    throughOrder: null,
    expiresAt: null,
    createdAt: Date.now(),
  }),
  // A share of the prober's own is not at hand: these aim at whichever share the id names.
  updateShare: (own) => ({
    id: own.shareId ?? freshId(),
    mode: 'snapshot',
    throughOrder: 0,
    expiresAt: null,
  }),
  stopShare: (own) => ({ id: own.shareId ?? freshId() }),
};

/**
 * The order the probes run in: those that change the prober's own rows (a retry restarts its
 * answer, a deletion removes its conversation) last, so that every earlier probe still finds
 * the prober's rows as they were and is refused only for what it aims at.
 */
export const probeOrder: MutatorName[] = [
  ...mutatorNames.filter((n) => !['stopAnswer', 'retryAnswer', 'deleteConversation'].includes(n)),
  'stopAnswer',
  'retryAnswer',
  'deleteConversation',
];
