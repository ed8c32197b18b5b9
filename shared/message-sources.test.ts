import { expect, test } from 'vitest';
import { Message } from './entities.ts';

const answer = {
  id: 'a',
  conversationId: 'c',
  role: 'assistant',
  content: 'Sunny.',
  status: 'done',
  model: 'openai/gpt-4o-mini',
  error: null,
  order: 1,
  createdAt: 0,
  runId: null,
};

test('a message keeps the sources it can read and loses only the ones it cannot', () => {
  const parsed = Message.parse({
    ...answer,
    sources: [
      { url: 'https://a.example/', title: 'A', start: 0, end: 6 },
      { url: 'javascript:alert(1)', title: 'Bad' },
      { url: 'https://b.example/a b', title: 'Not as the parser writes it' },
      { title: 'No address' },
      ...Array.from({ length: 40 }, (_, n) => ({ url: `https://many.example/${n}`, title: '' })),
    ],
  });
  expect(parsed.sources?.[0]).toEqual({ url: 'https://a.example/', title: 'A', start: 0, end: 6 });
  expect(parsed.sources?.[1]?.url).toBe('https://many.example/0');
  // Only the first 32 are looked at.
  expect(parsed.sources).toHaveLength(29);
});
