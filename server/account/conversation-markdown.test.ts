import { expect, test } from 'vitest';
import { conversationMarkdown } from './conversation-markdown.ts';
import type { ExportedConversation, ExportedMessage } from './export-rows.ts';

const message = (fields: Partial<ExportedMessage>): ExportedMessage => ({
  id: 'm',
  role: 'assistant',
  content: '',
  parts: null,
  status: 'done',
  model: 'openai/gpt-4o-mini',
  error: null,
  usage: null,
  finishReason: 'stop',
  sources: [],
  createdAt: '2026-12-05T00:00:00.000Z',
  attachments: [],
  ...fields,
});

test('an exported answer lists the pages it cites, each once, under its text', () => {
  const conversation: ExportedConversation = {
    id: 'c',
    title: 'Lisbon',
    model: 'openai/gpt-4o-mini',
    createdAt: '2026-12-05T00:00:00.000Z',
    updatedAt: '2026-12-05T00:00:00.000Z',
    pinnedAt: null,
    parentConversationId: null,
    branchPointMessageId: null,
    branchKind: null,
    webSearch: true,
    messages: [
      message({
        content: 'Sunny. Warm.',
        sources: [
          { url: 'https://a.example/', title: 'Weather', start: 0, end: 6 },
          { url: 'https://a.example/', title: 'Weather', start: 7, end: 12 },
          { url: 'https://b.example/x', title: '' },
        ],
      }),
    ],
  };
  expect(conversationMarkdown(conversation)).toContain(
    'Sunny. Warm.\n\nSources:\n- <https://a.example/> Weather\n- <https://b.example/x>\n',
  );
});
