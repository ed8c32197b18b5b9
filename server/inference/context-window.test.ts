import { describe, expect, test } from 'vitest';
import { estimateTokens, promptBudget, selectContext } from './context-window.ts';
import type { ChatTurn } from './generate.ts';

const system = 'You are a test assistant.';
// A turn of about `tokens` estimated tokens (plain ASCII).
const turn = (role: ChatTurn['role'], label: string, tokens = 100): ChatTurn => ({
  role,
  content: `${label} `.padEnd(tokens * 3, 'x'),
});
/** `pairs` exchanges, oldest first, then the person's newest message. */
const chat = (pairs: number, tokens = 100): ChatTurn[] => [
  ...Array.from({ length: pairs }, (_, n) => [
    turn('user', `question ${n}`, tokens),
    turn('assistant', `answer ${n}`, tokens),
  ]).flat(),
  turn('user', 'latest', tokens),
];

describe('the context sent to a model', () => {
  test('a conversation that fits goes whole, and nothing is marked left out', () => {
    const turns = chat(5);
    expect(selectContext(system, turns, 128_000)).toEqual({
      kind: 'fits',
      turns,
      messagesLeftOut: 0,
    });
  });

  test('a longer one keeps its newest messages, within the budget, and counts the rest', () => {
    const turns = chat(100);
    const contextLength = 8_000;
    const context = selectContext(system, turns, contextLength);
    if (context.kind !== 'fits') throw new Error(`expected a context, got ${context.error}`);
    expect(context.messagesLeftOut).toBeGreaterThan(0);
    expect(context.turns.length + context.messagesLeftOut).toBe(turns.length);
    // The newest ones, in order, ending with the person's latest message.
    expect(context.turns).toEqual(turns.slice(context.messagesLeftOut));
    expect(context.turns.at(-1)?.content).toMatch(/^latest /);
    const sent = [system, ...context.turns.map((t) => t.content)];
    const tokens = sent.reduce((sum, text) => sum + estimateTokens(text) + 4, 0);
    expect(tokens).toBeLessThanOrEqual(promptBudget(contextLength));
    // Close to full: one more message would not have fit.
    expect(tokens + 104).toBeGreaterThan(promptBudget(contextLength));
  });

  test('a cut window opens on the person’s message, not on an answer', () => {
    const context = selectContext(system, chat(100), 8_000);
    if (context.kind !== 'fits') throw new Error('expected a context');
    expect(context.turns[0]?.role).toBe('user');
  });

  test('messages older than those loaded count as left out', () => {
    const context = selectContext(system, chat(2), 128_000, 40);
    expect(context).toMatchObject({ kind: 'fits', messagesLeftOut: 40 });
  });

  test('the latest message always goes in, even when older ones are much smaller', () => {
    const turns = [...chat(3, 10).slice(0, -1), turn('user', 'big latest', 5_000)];
    const context = selectContext(system, turns, 8_000);
    if (context.kind !== 'fits') throw new Error('expected a context');
    expect(context.turns.at(-1)?.content).toMatch(/^big latest /);
  });

  test('a latest message too long for the model fails with what to do', () => {
    const context = selectContext(system, chat(2, 10).concat(turn('user', 'huge', 9_000)), 8_000);
    expect(context).toMatchObject({ kind: 'tooLong' });
    if (context.kind !== 'tooLong') return;
    expect(context.latestTokens).toBeGreaterThan(context.budgetTokens);
    expect(context.error).toMatch(/too long for this model/);
    expect(context.error).toMatch(
      /Edit it shorter, or retry with a model that has a longer context/,
    );
  });

  test('empty messages (stopped before a word) are not sent and not counted', () => {
    const turns = [turn('user', 'hi', 10), { role: 'assistant' as const, content: ' ' }];
    const latest = turn('user', 'again', 10);
    expect(selectContext(system, [...turns, latest], 8_000)).toEqual({
      kind: 'fits',
      turns: [turns[0], latest],
      messagesLeftOut: 0,
    });
  });
});

describe('the token estimate', () => {
  test('errs high for prose and code, as a real tokenizer counts them', () => {
    // GPT's o200k and cl100k count 11 tokens for this sentence and 10 for the line of code.
    expect(estimateTokens('The quick brown fox jumps over the lazy dog again.')).toBeGreaterThan(
      11,
    );
    expect(estimateTokens('const x = await db.select().from(message);')).toBeGreaterThan(10);
  });

  test('counts text outside ASCII as at least a token a character', () => {
    // cl100k counts 14 tokens for these 16 characters; o200k 8.
    const chinese = '人工智能正在改变我们的生活方式。';
    expect(estimateTokens(chinese)).toBeGreaterThanOrEqual(chinese.length);
  });

  test('leaves the answer and a margin out of the budget', () => {
    expect(promptBudget(128_000)).toBe(128_000 - 8_192 - 6_400);
    expect(promptBudget(1_000)).toBe(1_000 - 250 - 50);
  });
});
