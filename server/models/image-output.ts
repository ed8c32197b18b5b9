import { demoCatalogModel } from '../../shared/model-catalog.ts';
import type { ModelCatalogSource } from './catalog.ts';

/**
 * Whether a model makes images, as the catalog says (its output modalities include `image`).
 * A model the catalog does not list is asked for text alone: a text model refuses the request
 * that asks it for images.
 */
export function catalogImageOutput(
  catalog: ModelCatalogSource,
): (modelId: string) => Promise<boolean> {
  return async (modelId) => {
    if (modelId === demoCatalogModel.id) return false;
    const { models } = await catalog.get();
    return (
      models.find((model) => model.id === modelId)?.outputModalities.includes('image') ?? false
    );
  };
}
