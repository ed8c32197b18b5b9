import { describe, expect, test } from 'vitest';
import { CreateShareArgs, UpdateShareArgs } from '../../shared/mutators/args.ts';
import { newShareArgs, withExpiry, withMode } from './share-changes.ts';
import { expiryChoices } from './share-expiry.ts';

const day = 24 * 60 * 60 * 1000;
const now = Date.UTC(2026, 11, 5, 12);
const made = newShareArgs({
  id: '0f4e3a2b-7c1d-4e5f-8a9b-0c1d2e3f4a5b',
  token: 'AAAAAAAAAAAAAAAAAAAAAA',
  conversationId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
  lastOrder: 5,
  now,
});

describe('share changes', () => {
  test('a new link is a snapshot of the messages so far that opens for 30 days', () => {
    expect(CreateShareArgs.parse(made)).toEqual({
      id: '0f4e3a2b-7c1d-4e5f-8a9b-0c1d2e3f4a5b',
      token: 'AAAAAAAAAAAAAAAAAAAAAA',
      conversationId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      mode: 'snapshot',
      throughOrder: 5,
      expiresAt: now + 30 * day,
      createdAt: now,
    });
  });

  test('a new expiry counts from when it is chosen and leaves what the link shows', () => {
    const later = now + 3 * day;
    const [oneDay, , , never] = expiryChoices;
    expect(UpdateShareArgs.parse(withExpiry(made, oneDay, later))).toEqual({
      id: made.id,
      mode: 'snapshot',
      throughOrder: 5,
      expiresAt: later + day,
    });
    expect(withExpiry(made, never, later).expiresAt).toBeNull();
  });

  test('a live link keeps no last message; a snapshot shows up to the last one now', () => {
    const live = withMode(made, 'live', 9);
    expect(UpdateShareArgs.parse(live)).toEqual({
      id: made.id,
      mode: 'live',
      throughOrder: null,
      expiresAt: made.expiresAt,
    });
    expect(withMode({ ...made, ...live }, 'snapshot', 9)).toMatchObject({
      mode: 'snapshot',
      throughOrder: 9,
    });
  });
});
