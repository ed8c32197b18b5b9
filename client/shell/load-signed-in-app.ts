/** The signed-in app's chunk (see `app-routes.tsx`); importing it twice loads it once. */
export const loadSignedInApp = () => import('./signed-in-app.tsx');
