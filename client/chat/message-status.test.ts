import { describe, expect, test } from 'vitest';
import type { Message } from '../../shared/entities.ts';
import { answerProblem } from './message-status.ts';

const refusal =
  "You've reached the limit of 60 messages an hour on this server's key. " +
  'Add your own key in Settings to keep going.';
const answer = (fields: Partial<Message>): Message => ({
  id: 'a-1',
  conversationId: 'c-1',
  role: 'assistant',
  content: '',
  status: 'error',
  model: 'openai/gpt-4o-mini',
  error: refusal,
  order: 1,
  createdAt: 0,
  runId: 'r-1',
  messagesLeftOut: 0,
  ...fields,
});
const clock = (day: number, hour: number, minute: number, second = 0) =>
  new Date(2026, 11, day, hour, minute, second).getTime();
const shown = (hour: number, minute: number) =>
  new Date(2026, 11, 4, hour, minute).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });

describe('an answer refused by a message limit', () => {
  test('says when the limit resets, in local time, rounded up to the minute', () => {
    const problem = answerProblem(answer({ limitResetsAt: clock(4, 14, 4, 30) }), clock(4, 13, 10));
    expect(problem).toBe(
      "You've reached the limit of 60 messages an hour on this server's key. " +
        `It resets at ${shown(14, 5)}. Add your own key in Settings to keep going.`,
    );
  });

  test('says "tomorrow" when the limit resets on the next day', () => {
    const problem = answerProblem(answer({ limitResetsAt: clock(5, 9, 30) }), clock(4, 22, 0));
    expect(problem).toContain(`It resets tomorrow at ${shown(9, 30)}.`);
  });

  test('an error from anything else is shown as written', () => {
    expect(answerProblem(answer({ error: 'The model is busy.' }))).toBe('The model is busy.');
    expect(answerProblem(answer({ error: 'The model is busy.', limitResetsAt: null }))).toBe(
      'The model is busy.',
    );
  });
});
