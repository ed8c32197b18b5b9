import { useEffect, useState } from 'react';

export type ModuleLoad<M> =
  | { status: 'loading' }
  | { status: 'loaded'; module: M }
  | { status: 'failed' };

/** A chunk loaded once, on demand or ahead of need; a failed load is tried again next time. */
export class ModuleLoader<M> {
  readonly #importModule: () => Promise<M>;
  #loaded: M | undefined;
  #loading: Promise<M> | undefined;

  constructor(importModule: () => Promise<M>) {
    this.#importModule = importModule;
  }

  /** The module, if it has loaded. */
  get loaded(): M | undefined {
    return this.#loaded;
  }

  load(): Promise<M> {
    this.#loading ??= this.#importModule().then(
      (module) => {
        this.#loaded = module;
        return module;
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }
}

/**
 * A loader's module, loading it if need be, rendered from the moment it is there. Not
 * `React.lazy`: React holds back content that replaces a Suspense fallback for up to 300 ms,
 * and a lazy component suspends on its first render even when its chunk has already loaded.
 */
export function useLoadedModule<M>(loader: ModuleLoader<M>): ModuleLoad<M> {
  const [state, setState] = useState<ModuleLoad<M>>(() =>
    loader.loaded ? { status: 'loaded', module: loader.loaded } : { status: 'loading' },
  );
  useEffect(() => {
    if (state.status !== 'loading') return;
    let current = true;
    loader.load().then(
      (module) => current && setState({ status: 'loaded', module }),
      () => current && setState({ status: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [loader, state.status]);
  return state;
}
