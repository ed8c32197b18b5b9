import { describe, expect, test } from 'vitest';
import { RecentMap } from './recent-map.ts';

describe('a map of what was used lately', () => {
  test('past its capacity it lets go of the entry used least recently', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
  });
});
