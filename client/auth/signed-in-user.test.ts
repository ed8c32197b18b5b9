import { describe, expect, it } from 'vitest';
import { toSignedInUser } from './signed-in-user.ts';

describe('who is signed in', () => {
  it('keeps the id, name and email of a user-shaped value and drops the rest', () => {
    const user = {
      id: 'u1',
      name: 'Ada',
      email: 'ada@example.com',
      image: null,
      emailVerified: true,
    };
    expect(toSignedInUser(user)).toEqual({ id: 'u1', name: 'Ada', email: 'ada@example.com' });
  });

  it('refuses anything else, so a damaged remembered user counts as nobody', () => {
    for (const value of [
      null,
      'u1',
      [],
      { id: '', name: 'Ada', email: 'a@b' },
      { id: 'u1', name: 'Ada' },
      { id: 1, name: 'Ada', email: 'a@b' },
      { id: 'u1', name: null, email: 'a@b' },
    ]) {
      expect(toSignedInUser(value)).toBeNull();
    }
  });
});
