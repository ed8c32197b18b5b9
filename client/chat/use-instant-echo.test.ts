import { describe, expect, test } from 'vitest';
import type { Message } from '../../shared/entities.ts';
import { exchangeMessages } from '../../shared/mutators/client.ts';
import { withEchoes } from './use-instant-echo.ts';

const send = (n: number) => ({
  userMessageId: `u${n}`,
  assistantMessageId: `a${n}`,
  content: `message ${n}`,
  model: 'demo',
  createdAt: n,
});
const stored: Message[] = exchangeMessages('c1', send(1), 0);
const sent = exchangeMessages('c1', send(2), 2);

describe('messages shown with their echoes', () => {
  test('a sent message shows after the stored ones, with its empty answer, before the store has it', () => {
    expect(withEchoes(stored, sent)?.map((m) => [m.id, m.role, m.status, m.order])).toEqual([
      ['u1', 'user', 'queued', 0],
      ['a1', 'assistant', 'queued', 1],
      ['u2', 'user', 'queued', 2],
      ['a2', 'assistant', 'queued', 3],
    ]);
  });

  test('once the store holds them, the stored rows show and the echoes never double them', () => {
    const storedNow = [...stored, ...sent.map((m) => ({ ...m, status: 'pending' as const }))];
    const shown = withEchoes(storedNow, sent);
    expect(shown).toBe(storedNow);
    expect(shown?.filter((m) => m.id === 'u2')).toHaveLength(1);
  });

  test('nothing is shown until the store has answered, echoes or not', () => {
    expect(withEchoes(undefined, sent)).toBeUndefined();
  });
});
