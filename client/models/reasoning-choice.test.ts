import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { reasoningWanted, setReasoningWanted } from './reasoning-choice.ts';

beforeEach(() => {
  const stored = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => stored.set(key, value),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the reasoning toggle', () => {
  test('is off for every model until turned on, and then only for that model', () => {
    expect(reasoningWanted('anthropic/claude-sonnet-4')).toBe(false);
    setReasoningWanted('anthropic/claude-sonnet-4', true);
    expect(reasoningWanted('anthropic/claude-sonnet-4')).toBe(true);
    expect(reasoningWanted('google/gemini-2.5-flash')).toBe(false);
    setReasoningWanted('anthropic/claude-sonnet-4', false);
    expect(reasoningWanted('anthropic/claude-sonnet-4')).toBe(false);
  });

  test('a stored value it cannot read counts as nothing chosen', () => {
    localStorage.setItem('parley:reasoning-models', '{not json');
    expect(reasoningWanted('anthropic/claude-sonnet-4')).toBe(false);
    localStorage.setItem('parley:reasoning-models', '{"a":1}');
    expect(reasoningWanted('a')).toBe(false);
  });
});
