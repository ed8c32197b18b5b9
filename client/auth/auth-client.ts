import { createAuthClient } from 'better-auth/react';

/** Better Auth's client. The API is same-origin (Vite proxies /api in development). */
export const authClient = createAuthClient({
  baseURL: window.location.origin,
  basePath: '/api/auth',
});
