import { streamText } from 'ai';
import { describe, expect, test } from 'vitest';
import { createDemoModel, splitWords } from './demo-model.ts';

const reply = async (prompt: string) => {
  const result = streamText({
    model: createDemoModel(1000),
    messages: [
      { role: 'user', content: 'an earlier question' },
      { role: 'assistant', content: 'an earlier answer' },
      { role: 'user', content: prompt },
    ],
  });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return deltas;
};

describe('the demo model', () => {
  test('echoes the last user message verbatim, word by word, whitespace kept', async () => {
    const prompt = '  Two  spaces,\n\ta tab and a newline.  ';
    const deltas = await reply(prompt);
    expect(deltas.join('')).toBe(prompt);
    expect(deltas).toHaveLength(7);
  });

  test('splits into words that join back into the text', () => {
    for (const text of ['', ' ', 'one', 'a b  c\n', '\n\nlead']) {
      expect(splitWords(text).join('')).toBe(text);
    }
  });

  test('stops when the request is aborted, keeping what it said', async () => {
    const abort = new AbortController();
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    const seen: string[] = [];
    const result = streamText({
      model: createDemoModel(200),
      messages: [{ role: 'user', content: words }],
      abortSignal: abort.signal,
    });
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta' && seen.push(part.text) === 3) abort.abort();
      if (part.type === 'abort') break;
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeLessThan(10);
    expect(words.startsWith(seen.join(''))).toBe(true);
  });
});
