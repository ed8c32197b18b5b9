import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
} from '@tanstack/react-router';
import { LoginRoute } from './auth/login-route.tsx';
import { ConversationPage } from './chat/conversation-page.tsx';
import { HomePage } from './chat/home-page.tsx';
import { NotFoundPage } from './shell/not-found-page.tsx';
import { SignedInApp } from './shell/signed-in-app.tsx';

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  component: LoginRoute,
});

/** Everything below needs a user: the app shell with the sidebar, over that user's data. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: SignedInApp,
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: HomePage,
});

const conversationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/c/$conversationId',
  component: ConversationRouteView,
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  // Loaded when first opened (precached, so offline too): not part of the first paint.
  component: lazyRouteComponent(() => import('./settings/settings-page.tsx'), 'SettingsPage'),
});

function ConversationRouteView() {
  const { conversationId } = conversationRoute.useParams();
  // A new key per conversation resets the composer and the scroll position.
  return <ConversationPage key={conversationId} conversationId={conversationId} />;
}

const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([homeRoute, conversationRoute, settingsRoute]),
]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
