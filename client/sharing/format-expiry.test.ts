import { describe, expect, test } from 'vitest';
import { expiryStatus, formatExpiry } from './format-expiry.ts';

const now = Date.UTC(2026, 11, 5, 12);

describe('how a link’s expiry reads', () => {
  test('in Settings: Never, Expired, or the date it expires', () => {
    expect(expiryStatus(null, now)).toBe('Never');
    expect(expiryStatus(now - 1, now)).toBe('Expired');
    expect(expiryStatus(Date.UTC(2027, 0, 4, 12), now, 'en-GB')).toMatch(/^Expires 4 Jan 2027/);
  });

  test('in the dialog: until when it opens', () => {
    expect(formatExpiry(null, now)).toBe('It opens until you stop sharing.');
    expect(formatExpiry(now, now)).toBe('Expired.');
    expect(formatExpiry(Date.UTC(2027, 0, 4, 12), now, 'en-GB')).toMatch(/^It opens until 4 Jan/);
  });
});
