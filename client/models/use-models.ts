import { useEffect, useState } from 'react';
import type { CatalogModel } from '../../shared/model-catalog.ts';
import { fallbackModels, loadedModels, loadModels } from './load-models.ts';

/** The models on offer, demo model first: the fallback until the catalog has arrived. */
export function useModels(): readonly CatalogModel[] {
  const [models, setModels] = useState(() => loadedModels() ?? fallbackModels);
  useEffect(() => {
    let current = true;
    void loadModels().then((loaded) => {
      if (current) setModels(loaded);
    });
    return () => {
      current = false;
    };
  }, []);
  return models;
}
