import { Replicache, type WriteTransaction } from 'replicache';
import { afterEach, describe, expect, test } from 'vitest';
import type { Share } from '../../shared/entities.ts';
import { shareKey } from '../../shared/keys.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { clientMutators } from '../../shared/mutators/client.ts';
import { getShareOfConversation, lastMessageOrder, listShares } from './share-queries.ts';

// Rows as a pull would put them, in a real (in-memory, offline) Replicache.
const mutators = {
  ...clientMutators,
  async put(tx: WriteTransaction, { key, value }: { key: string; value: Share }) {
    await tx.set(key, value);
  },
};
const open: Replicache<typeof mutators>[] = [];
function localReplicache() {
  const rep = new Replicache({
    name: `shares-${open.length}-${Date.now()}`,
    kvStore: 'mem',
    mutators,
    pullInterval: null,
    logLevel: 'error',
  });
  open.push(rep);
  return rep;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((rep) => rep.close()));
});

const share = (n: number, conversationId: string, createdAt: number): Share => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  conversationId,
  token: `${'A'.repeat(21)}${n}`,
  mode: 'snapshot',
  throughOrder: 1,
  expiresAt: null,
  createdAt,
});
const first = '11111111-1111-4111-8111-111111111111';
const second = '22222222-2222-4222-8222-222222222222';

describe('share queries', () => {
  test('list every share newest first, leaving out what does not parse', async () => {
    const rep = localReplicache();
    await rep.mutate.put({ key: shareKey('a'), value: share(1, first, 100) });
    await rep.mutate.put({ key: shareKey('b'), value: share(2, second, 300) });
    await rep.mutate.put({
      key: shareKey('c'),
      value: { ...share(3, first, 200), token: 'short' },
    });
    const listed = await rep.query(listShares);
    expect(listed.map((s) => s.createdAt)).toEqual([300, 100]);
    expect(await rep.query((tx) => getShareOfConversation(tx, first))).toMatchObject({
      createdAt: 100,
    });
    expect(await rep.query((tx) => getShareOfConversation(tx, 'none'))).toBeNull();
  });

  test('a snapshot made now shows up to the last message, or -1 for none', async () => {
    const rep = localReplicache();
    const model = DEMO_MODEL_ID;
    await rep.mutate.createConversation({ id: first, title: 'Trip', model, createdAt: 1 });
    expect(await rep.query((tx) => lastMessageOrder(tx, first))).toBe(-1);
    for (const n of [1, 2]) {
      await rep.mutate.sendMessage({
        conversationId: first,
        userMessageId: `33333333-3333-4333-8333-33333333333${n}`,
        assistantMessageId: `44444444-4444-4444-8444-44444444444${n}`,
        content: `Question ${n}`,
        model,
        createdAt: 1 + n,
      });
    }
    // Two exchanges: orders 0 to 3.
    expect(await rep.query((tx) => lastMessageOrder(tx, first))).toBe(3);
  });
});
