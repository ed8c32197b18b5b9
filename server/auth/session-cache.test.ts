import { describe, expect, test } from 'vitest';
import { createSessionCache } from './session-cache.ts';

const alice = { id: 'u-alice', email: 'alice@example.test', name: 'Alice' };
const inAnHour = (now: number) => new Date(now + 60 * 60 * 1000);

describe('the sessions checked lately', () => {
  test('a session is trusted for a few seconds, then checked again', () => {
    let now = 1_000_000;
    const cache = createSessionCache(() => now);
    cache.set('cookie-a', 'token-a', alice, inAnHour(now));
    expect(cache.get('cookie-a')).toEqual({ user: alice, token: 'token-a' });
    now += 4_000;
    expect(cache.get('cookie-a')).toEqual({ user: alice, token: 'token-a' });
    now += 2_000;
    expect(cache.get('cookie-a')).toBeUndefined();
  });

  test('never past the session’s own expiry', () => {
    let now = 1_000_000;
    const cache = createSessionCache(() => now);
    cache.set('cookie-a', 'token-a', alice, new Date(now + 2_000));
    now += 3_000;
    expect(cache.get('cookie-a')).toBeUndefined();
  });

  test('a deleted session is forgotten at once, under every cookie it was seen with', () => {
    const cache = createSessionCache();
    cache.set('cookie-a', 'token-a', alice, inAnHour(Date.now()));
    cache.set('cookie-a-encoded-otherwise', 'token-a', alice, inAnHour(Date.now()));
    cache.set('cookie-b', 'token-b', alice, inAnHour(Date.now()));
    cache.forget('token-a');
    expect(cache.get('cookie-a')).toBeUndefined();
    expect(cache.get('cookie-a-encoded-otherwise')).toBeUndefined();
    expect(cache.get('cookie-b')?.user).toEqual(alice);
  });

  test('a check that began before the session was deleted does not put it back', () => {
    let now = 1_000_000;
    const cache = createSessionCache(() => now);
    cache.forget('token-a');
    cache.set('cookie-a', 'token-a', alice, inAnHour(now));
    expect(cache.get('cookie-a')).toBeUndefined();
    now += 31_000;
    cache.set('cookie-b', 'token-b', alice, inAnHour(now));
    cache.forget('token-b');
    expect(cache.get('cookie-b')).toBeUndefined();
  });
});
