import { describe, expect, it } from 'vitest';
import { conversationPath, matchRoute } from './paths.ts';

describe('the app’s addresses', () => {
  it('names each page, with or without a trailing slash', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/login')).toEqual({ page: 'login' });
    expect(matchRoute('/settings/')).toEqual({ page: 'settings' });
    expect(matchRoute('/c/abc_1-2')).toEqual({ page: 'conversation', conversationId: 'abc_1-2' });
  });

  it('round-trips a conversation id through its address', () => {
    const id = 'a b/c%d';
    expect(matchRoute(conversationPath(id))).toEqual({ page: 'conversation', conversationId: id });
  });

  it('knows nothing else, so those addresses show "Page not found"', () => {
    for (const path of ['/c', '/c/', '/c/a/b', '/chats', '/login/x', '/c/%E0%A4%A']) {
      expect(matchRoute(path)).toBeNull();
    }
  });
});
