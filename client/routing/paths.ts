/** The app's pages, by what their address names. */
export type AppRoute =
  | { page: 'login' }
  | { page: 'home' }
  | { page: 'conversation'; conversationId: string }
  | { page: 'settings' };

/** The address of a conversation. */
export const conversationPath = (conversationId: string): string =>
  `/c/${encodeURIComponent(conversationId)}`;

/** Which page a path names, or null for one the app does not know (shown as not found). */
export function matchRoute(pathname: string): AppRoute | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return { page: 'home' };
  if (path === '/login') return { page: 'login' };
  if (path === '/settings') return { page: 'settings' };
  const conversation = /^\/c\/([^/]+)$/.exec(path);
  if (conversation?.[1]) {
    try {
      return { page: 'conversation', conversationId: decodeURIComponent(conversation[1]) };
    } catch {
      return null;
    }
  }
  return null;
}
