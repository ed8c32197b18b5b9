import { expect, test } from 'vitest';
import { Conversation, type Message } from '../../shared/entities.ts';
import { matchConversations } from './search-conversations.ts';

const conversation = (id: string, title: string, updatedAt: number): Conversation =>
  Conversation.parse({ id, title, model: 'parley/demo', createdAt: 0, updatedAt });
const message = (conversationId: string, order: number, content: string): Message => ({
  id: `${conversationId}-${order}`,
  conversationId,
  role: order % 2 === 0 ? 'user' : 'assistant',
  content,
  status: 'done',
  model: null,
  error: null,
  order,
  createdAt: 0,
  runId: null,
  messagesLeftOut: 0,
});

const conversations = [
  conversation('picnic', 'Plan a picnic', 2),
  conversation('budget', 'Monthly budget', 3),
  conversation('cafe', 'Café ideas', 1),
];
const messages = [
  message('picnic', 0, 'Plan a picnic'),
  message(
    'picnic',
    1,
    `${'Sure. '.repeat(20)}Bring a Watermelon and some shade, and plenty of water for everyone.`,
  ),
  message('budget', 0, 'Rent, food, and a watermelon a week'),
];

test('finds words in titles and in message text, ignoring case and accents, newest first', () => {
  const hits = matchConversations(conversations, messages, 'WATERMELON');
  expect(hits.map((hit) => hit.conversation.id)).toEqual(['budget', 'picnic']);
  expect(matchConversations(conversations, messages, 'cafe').map((h) => h.snippet)).toEqual([null]);
});

test('a message match carries a short snippet around the words', () => {
  const [hit] = matchConversations(conversations, messages, 'watermelon').slice(1);
  expect(hit?.snippet).toMatch(/^….*Bring a Watermelon and some shade.*…$/);
  expect(hit?.snippet?.length).toBeLessThan(100);
});

test('an empty query finds nothing', () => {
  expect(matchConversations(conversations, messages, '   ')).toEqual([]);
});
