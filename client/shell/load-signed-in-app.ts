import { useEffect, useState } from 'react';

type SignedInAppModule = typeof import('./signed-in-app.tsx');

let loaded: SignedInAppModule | undefined;
let loading: Promise<SignedInAppModule> | undefined;

/**
 * Loads the signed-in app's chunk (sync, the sidebar, the conversation pages), once. A first
 * visit paints the sign-in page without it; `main.tsx` starts it at once for a remembered user.
 */
export function loadSignedInApp(): Promise<SignedInAppModule> {
  loading ??= import('./signed-in-app.tsx').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined; // so that a later attempt tries again
      throw error;
    },
  );
  return loading;
}

export type SignedInAppLoad =
  | { status: 'loading' }
  | { status: 'loaded'; module: SignedInAppModule }
  | { status: 'failed' };

/**
 * The signed-in app's module, rendered as soon as it has loaded. Not `React.lazy`: React holds
 * back content that replaces a Suspense fallback for up to 300 ms, which an offline start
 * cannot afford.
 */
export function useSignedInApp(): SignedInAppLoad {
  const [load, setLoad] = useState<SignedInAppLoad>(() =>
    loaded ? { status: 'loaded', module: loaded } : { status: 'loading' },
  );
  useEffect(() => {
    if (load.status !== 'loading') return;
    let current = true;
    loadSignedInApp().then(
      (module) => current && setLoad({ status: 'loaded', module }),
      () => current && setLoad({ status: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [load.status]);
  return load;
}
