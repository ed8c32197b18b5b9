import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Conversation, Message } from '../../shared/entities.ts';
import { MemoryStorage } from '../testing/memory-storage.ts';

const conversation = (n: number): Conversation => ({
  id: `c${n}`,
  title: `Chat ${n}`,
  model: 'parley/demo',
  createdAt: n,
  updatedAt: n,
  parentConversationId: null,
  branchPointMessageId: null,
  branchKind: null,
  pinnedAt: null,
  webSearch: false,
});
const message = (n: number, content: string): Message => ({
  id: `m${n}`,
  conversationId: 'c1',
  role: n % 2 === 0 ? 'user' : 'assistant',
  content,
  status: 'done',
  model: null,
  error: null,
  order: n,
  createdAt: n,
  runId: null,
  messagesLeftOut: 0,
});

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  signedIn('ada');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Who the device remembers as signed in (see last-user.ts). */
function signedIn(id: string) {
  storage.setItem('parley:last-user', JSON.stringify({ id, name: id, email: `${id}@example.com` }));
}

/** The module as a fresh page load has it: it reads what was saved once. */
async function freshPage() {
  vi.resetModules();
  return import('./last-screen.ts');
}

describe('the last screen', () => {
  test('what was shown is saved and opens for the same person only', async () => {
    const before = await freshPage();
    const list = Array.from({ length: 100 }, (_, i) => conversation(100 - i));
    before.noteConversationsShown('ada', list);
    before.noteConversationShown({ conversation: conversation(1), messages: [message(0, 'Hi')] });
    before.saveLastScreen();

    const after = await freshPage();
    const screen = after.readLastScreen('ada');
    expect(screen?.conversations).toEqual(list.slice(0, after.savedConversations));
    expect(screen?.open?.messages).toEqual([message(0, 'Hi')]);
    expect(after.readLastScreen('grace')).toBeNull();
  });

  test('an open conversation too long to be worth it is left out; the list is still saved', async () => {
    const before = await freshPage();
    before.noteConversationsShown('ada', [conversation(1)]);
    const long = Array.from({ length: 40 }, (_, n) => message(n, 'x'.repeat(10_000)));
    before.noteConversationShown({ conversation: conversation(1), messages: long });
    before.saveLastScreen();

    const screen = (await freshPage()).readLastScreen('ada');
    expect(screen?.conversations).toEqual([conversation(1)]);
    expect(screen?.open).toBeNull();
  });

  test('nothing is saved for someone signed out, and signing out forgets what was', async () => {
    const before = await freshPage();
    before.noteConversationsShown('ada', [conversation(1)]);
    before.saveLastScreen();
    before.forgetLastScreen();
    expect(storage.getItem('parley:last-screen')).toBeNull();

    before.noteConversationsShown('ada', [conversation(2)]);
    storage.removeItem('parley:last-user');
    before.saveLastScreen();
    expect(storage.getItem('parley:last-screen')).toBeNull();
  });

  test('a damaged value opens nothing', async () => {
    storage.setItem('parley:last-screen', '{"userId":"ada","conversations":[{"id":1}]}');
    expect((await freshPage()).readLastScreen('ada')).toBeNull();
    storage.setItem('parley:last-screen', 'not JSON');
    expect((await freshPage()).readLastScreen('ada')).toBeNull();
  });
});
