import { ModelId } from '../../shared/entities.ts';
import { type CatalogModel, demoCatalogModel, ModelCatalog } from '../../shared/model-catalog.ts';

/** What the pickers offer when the catalog cannot be had (offline, server error). */
export const fallbackModels: readonly CatalogModel[] = [demoCatalogModel];

let loaded: readonly CatalogModel[] | null = null;
let loading: Promise<readonly CatalogModel[]> | null = null;

/** The catalog once it has been fetched in this page load, or null. */
export function loadedModels(): readonly CatalogModel[] | null {
  return loaded;
}

/**
 * `GET /api/models`, once per page load (concurrent callers share the request, later ones get
 * the catalog already loaded). A failure
 * answers the fallback and is not remembered, so the next caller tries again.
 */
export function loadModels(): Promise<readonly CatalogModel[]> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= fetchModels()
    .then((models) => {
      loaded = models;
      return models;
    })
    .catch(() => fallbackModels)
    .finally(() => {
      loading = null;
    });
  return loading;
}

async function fetchModels(): Promise<readonly CatalogModel[]> {
  const response = await fetch('/api/models');
  if (!response.ok) throw new Error(`GET /api/models answered ${response.status}`);
  const { models } = ModelCatalog.parse(await response.json());
  // Only ids our mutators accept: choosing any other would be refused on sending.
  const usable = models.filter((model) => ModelId.safeParse(model.id).success);
  if (usable.length === 0) throw new Error('the catalog lists no usable model');
  return usable;
}
