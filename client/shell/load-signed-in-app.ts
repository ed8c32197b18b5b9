import { ModuleLoader, useLoadedModule } from './module-loader.ts';

/**
 * The signed-in app's chunk (sync, the sidebar, the conversation pages). A first visit paints
 * the sign-in page without it; `main.tsx` starts loading it at once for a remembered user.
 */
const signedInApp = new ModuleLoader(() => import('./signed-in-app.tsx'));

export const loadSignedInApp = () => signedInApp.load();
export const useSignedInApp = () => useLoadedModule(signedInApp);
