import { describe, expect, test } from 'vitest';
import { messagePreview } from './long-message.ts';

const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

describe('the preview of a long message', () => {
  test('is nothing for a message short enough to show whole', () => {
    expect(messagePreview('Plan a picnic for Saturday')).toBeNull();
    expect(messagePreview(words(250))).toBeNull();
  });

  test('is its start, cut at a word, when the rest is long', () => {
    const text = words(2_000);
    const preview = messagePreview(text) ?? '';
    expect(preview.length).toBeGreaterThan(1_400);
    expect(preview.length).toBeLessThanOrEqual(1_500);
    expect(text.startsWith(preview)).toBe(true);
    expect(text[preview.length]).toBe(' ');
  });

  test('stops after 24 lines of a pasted log', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    const preview = messagePreview(lines.join('\n')) ?? '';
    expect(preview.split('\n')).toEqual(lines.slice(0, 24));
  });

  test('is cut where it must be when there is no space near the limit', () => {
    const text = 'x'.repeat(5_000);
    expect(messagePreview(text)).toBe('x'.repeat(1_500));
  });
});
