import { describe, expect, test } from 'vitest';
import { formatDuration } from './reasoning-details.tsx';

describe('how long reasoning took', () => {
  test('is said to the second, never as nothing, and in minutes past one', () => {
    expect(formatDuration(120)).toBe('1 s');
    expect(formatDuration(4_400)).toBe('4 s');
    expect(formatDuration(59_400)).toBe('59 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(65_200)).toBe('1 min 5 s');
  });
});
