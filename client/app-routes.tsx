import { lazy, Suspense } from 'react';
import { LoginRoute } from './auth/login-route.tsx';
import { useSession } from './auth/use-session.ts';
import { Navigate } from './routing/link.tsx';
import { useAppLocation } from './routing/location.ts';
import { matchRoute } from './routing/paths.ts';
import { loadSignedInApp } from './shell/load-signed-in-app.ts';
import { NotFoundPage } from './shell/not-found-page.tsx';

/**
 * The signed-in app (sync, the sidebar, the conversation pages) is its own chunk: a first
 * visit paints the sign-in page without it. For a remembered user it starts loading on the
 * first render, from the service worker's cache once installed.
 */
const SignedInApp = lazy(() =>
  loadSignedInApp().then((module) => ({ default: module.SignedInApp })),
);

/** Picks the page for the address: sign-in, one of the signed-in pages, or not found. */
export function AppRoutes() {
  const session = useSession();
  const { pathname } = useAppLocation();
  const route = matchRoute(pathname);
  if (!route) return <NotFoundPage />;
  if (route.page === 'login') return <LoginRoute />;
  if (session.status !== 'signed-in') return <Navigate to="/login" />;
  return (
    <Suspense fallback={<div className="splash" aria-busy="true" />}>
      <SignedInApp user={session.user} route={route} onUnauthorized={session.recheck} />
    </Suspense>
  );
}
