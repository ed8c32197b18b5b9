import { expect, test } from 'vitest';
import { cleanTitle } from './conversation-title.ts';

test('a model’s title is cut to one clean line', () => {
  expect(cleanTitle('"Lisbon travel tips."')).toBe('Lisbon travel tips');
  expect(cleanTitle('Title: **Rainy day food**\nHere is why…')).toBe('Rainy day food');
  expect(cleanTitle('“Trams”')).toBe('Trams');
  expect(cleanTitle('x'.repeat(500)).length).toBeLessThanOrEqual(200);
  expect(cleanTitle('   ')).toBe('');
});
