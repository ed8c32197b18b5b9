import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
} from '@tanstack/react-router';
import { LoginRoute } from '../auth/login-route.tsx';
import { OpenSharedPage } from '../sharing/open-shared-page.tsx';
import { NotFoundPage } from '../shell/not-found-page.tsx';
import { parseSettingsSearch } from './settings-search.ts';
import { SignedInLayout } from './signed-in-layout.tsx';
import { ConversationRoute, HomeRoute } from './signed-in-pages.tsx';

// The app's addresses, declared in code so that every link and navigation is type-checked
// against them (decision 060). Pages of the signed-in app come from its own chunk.

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  component: LoginRoute,
});

/** No address of its own: the session check, the signed-in chunk and the app's frame. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  component: SignedInLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  component: HomeRoute,
});

export const conversationRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/c/$conversationId',
  component: ConversationRoute,
});

/**
 * A shared conversation, no sign-in needed. The server renders it (the service worker leaves it
 * to the network), so within the app this route only loads it as a document.
 */
const shareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/share/$token',
  component: OpenSharedPage,
});

const settingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/settings',
  validateSearch: parseSettingsSearch,
  // Loaded when first opened (precached, so offline too): not part of the first paint.
  component: lazyRouteComponent(() => import('../settings/settings-page.tsx'), 'SettingsPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  shareRoute,
  signedInRoute.addChildren([homeRoute, conversationRoute, settingsRoute]),
]);

/**
 * The app's router, made when the app starts rather than as this module loads: main.tsx builds
 * it in a task of its own, after the one that evaluates React DOM.
 */
export function createAppRouter() {
  return createRouter({
    routeTree,
    // Each page manages its own scroll (the conversation opens at its end or at a message).
    scrollRestoration: false,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}

/** Whether `pathname` opens a conversation (main.tsx fetches what such a page needs early). */
export function isConversationPath(router: AppRouter, pathname: string): boolean {
  return router.matchRoutes(pathname).some((match) => match.routeId === conversationRoute.id);
}
