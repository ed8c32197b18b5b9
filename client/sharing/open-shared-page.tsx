import { useEffect } from 'react';

/**
 * Whether this document was itself loaded from `href`: then whoever answered it (an older
 * service worker, a server without shared pages) gave the app, and loading it again would give
 * the app again.
 */
function loadedFrom(href: string): boolean {
  const [navigation] = performance.getEntriesByType('navigation');
  return navigation?.name === href;
}

/**
 * `/share/$token`: the server renders shared chats, for people with no app, so a navigation
 * inside the app to one loads it as a document.
 */
export function OpenSharedPage() {
  const reload = !loadedFrom(location.href);
  useEffect(() => {
    if (reload) location.replace(location.href);
  }, [reload]);

  return (
    <main className="login">
      <div className="login-card empty-state" role="status">
        {reload ? (
          <p>Opening…</p>
        ) : (
          <>
            <h1>This shared chat could not open</h1>
            <p>
              Try the link again in a moment. <a href="/">Open Parley</a>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
