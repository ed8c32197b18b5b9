import type { CatalogModel } from '../../shared/model-catalog.ts';

/** A model's display name from the catalog, or its id when the catalog does not list it. */
export function modelName(models: readonly CatalogModel[], id: string): string {
  return models.find((model) => model.id === id)?.name ?? id;
}
