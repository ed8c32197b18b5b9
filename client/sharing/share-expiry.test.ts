import { describe, expect, test } from 'vitest';
import {
  currentExpiryChoice,
  defaultExpiry,
  expiresAtFor,
  expiryChoiceNamed,
  expiryChoices,
  isExpired,
} from './share-expiry.ts';

const day = 24 * 60 * 60 * 1000;
const now = Date.UTC(2026, 11, 5, 12);

describe('share link expiry', () => {
  test('offers 1 day, 7 days, 30 days and Never, and a new link opens for 30 days', () => {
    expect(expiryChoices.map((choice) => choice.label)).toEqual([
      '1 day',
      '7 days',
      '30 days',
      'Never',
    ]);
    expect(expiresAtFor(defaultExpiry, now)).toBe(now + 30 * day);
  });

  test('counts a choice from now, and Never is no expiry at all', () => {
    const expiresAt = (label: string) => {
      const choice = expiryChoiceNamed(label);
      if (!choice) throw new Error(`no choice ${label}`);
      return expiresAtFor(choice, now);
    };
    expect(expiresAt('1 day')).toBe(now + day);
    expect(expiresAt('7 days')).toBe(now + 7 * day);
    expect(expiresAt('Never')).toBeNull();
    expect(expiryChoiceNamed('forever')).toBeUndefined();
  });

  test('reads back as the choice it was given, even days later', () => {
    expect(currentExpiryChoice(now + 7 * day, now).label).toBe('7 days');
    expect(currentExpiryChoice(now + 28 * day, now).label).toBe('30 days');
    expect(currentExpiryChoice(now + 3 * 60 * 60 * 1000, now).label).toBe('1 day');
    expect(currentExpiryChoice(null, now).label).toBe('Never');
  });

  test('a link has expired from the moment its expiry passes; Never never does', () => {
    expect(isExpired(now, now)).toBe(true);
    expect(isExpired(now + 1, now)).toBe(false);
    expect(isExpired(null, now + 1000 * day)).toBe(false);
  });
});
