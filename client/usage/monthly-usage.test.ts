import { describe, expect, test } from 'vitest';
import type { Message, MessageUsage } from '../../shared/entities.ts';
import { monthlyUsage } from './monthly-usage.ts';

const now = new Date(2026, 11, 15, 12);
let nextId = 0;

function answer(
  model: string,
  createdAt: Date,
  usage: Partial<MessageUsage> | null,
  role: Message['role'] = 'assistant',
): Message {
  nextId += 1;
  return {
    id: `m${nextId}`,
    conversationId: 'c1',
    role,
    content: 'text',
    status: 'done',
    model,
    error: null,
    order: nextId,
    createdAt: createdAt.getTime(),
    runId: null,
    messagesLeftOut: 0,
    usage: usage && {
      inputTokens: null,
      outputTokens: null,
      reasoningTokens: null,
      cachedInputTokens: null,
      costUsd: null,
      ...usage,
    },
  };
}

describe("this month's usage per model", () => {
  test('sums tokens and cost per model, costliest first', () => {
    const rows = monthlyUsage(
      [
        answer('parley/demo', new Date(2026, 11, 2), {
          inputTokens: 50,
          outputTokens: 5,
          costUsd: 0,
        }),
        answer('openai/gpt-4o', new Date(2026, 11, 3), {
          inputTokens: 1000,
          outputTokens: 200,
          costUsd: 0.002,
        }),
        answer('openai/gpt-4o', new Date(2026, 11, 14), {
          inputTokens: 10,
          outputTokens: 20,
          costUsd: 0.0005,
        }),
      ],
      now,
    );
    expect(rows).toEqual([
      {
        model: 'openai/gpt-4o',
        answers: 2,
        inputTokens: 1010,
        outputTokens: 220,
        costUsd: 0.0025,
        unpriced: 0,
      },
      {
        model: 'parley/demo',
        answers: 1,
        inputTokens: 50,
        outputTokens: 5,
        costUsd: 0,
        unpriced: 0,
      },
    ]);
  });

  test('answers from last month, next month, the person and without usage are left out', () => {
    const rows = monthlyUsage(
      [
        answer('openai/gpt-4o', new Date(2026, 10, 30, 23, 59), { inputTokens: 9, costUsd: 1 }),
        answer('openai/gpt-4o', new Date(2027, 0, 1), { inputTokens: 9, costUsd: 1 }),
        answer('openai/gpt-4o', new Date(2026, 11, 1), { inputTokens: 9, costUsd: 1 }, 'user'),
        answer('openai/gpt-4o', new Date(2026, 11, 5), null),
        answer('openai/gpt-4o', new Date(2026, 11, 1, 0, 0), { inputTokens: 3, costUsd: 0.25 }),
      ],
      now,
    );
    expect(rows).toEqual([
      {
        model: 'openai/gpt-4o',
        answers: 1,
        inputTokens: 3,
        outputTokens: 0,
        costUsd: 0.25,
        unpriced: 0,
      },
    ]);
  });

  test("a branch's copies of answers are not counted again", () => {
    const original = answer('openai/gpt-4o', new Date(2026, 11, 9), {
      inputTokens: 5,
      costUsd: 0.5,
    });
    const copy = { ...original, id: 'branch1-1', conversationId: 'branch1' };
    const rows = monthlyUsage([original, copy], now);
    expect(rows).toMatchObject([{ answers: 1, inputTokens: 5, costUsd: 0.5 }]);
  });

  test('an answer without a reported cost counts its tokens and is marked unpriced', () => {
    const [row] = monthlyUsage(
      [answer('other/model', new Date(2026, 11, 9), { inputTokens: 4, outputTokens: 6 })],
      now,
    );
    expect(row).toMatchObject({ inputTokens: 4, outputTokens: 6, costUsd: 0, unpriced: 1 });
  });
});
