import { describe, expect, test } from 'vitest';
import { nestsDeeperThan } from './json-depth.ts';

const nested = (depth: number) => `${'{"a":['.repeat(depth / 2)}1${']}'.repeat(depth / 2)}`;

describe('how deep a JSON body nests, counted before parsing', () => {
  test('nesting up to the limit passes, one level more does not', () => {
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(66), 64)).toBe(true);
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
  });

  test('siblings do not add up: only the depth of one path counts', () => {
    expect(nestsDeeperThan(JSON.stringify(Array.from({ length: 1000 }, () => [[1]])), 3)).toBe(
      false,
    );
  });

  test('brackets and escaped quotes inside strings are text, not nesting', () => {
    const text = JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\" and "{{{{"', c: '\\' });
    expect(nestsDeeperThan(text, 1)).toBe(false);
    expect(nestsDeeperThan(`[${text}]`, 1)).toBe(true);
  });

  test('a hundred thousand levels are found without running out of stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(nestsDeeperThan(deep, 64)).toBe(true);
  });

  test('text that is not JSON at all is left for the parser to refuse', () => {
    expect(nestsDeeperThan('', 64)).toBe(false);
    expect(nestsDeeperThan('not json', 64)).toBe(false);
    expect(nestsDeeperThan('"unterminated [[[[', 2)).toBe(false);
  });
});
