import { demoCatalogModel } from '../../shared/model-catalog.ts';
import type { ModelCatalogSource } from './catalog.ts';

/** What a model takes as input (`text`, `image`, `file`…), as the catalog says. */
export type InputModalities = (modelId: string) => Promise<readonly string[]>;

/**
 * Input modalities from the model catalog (cached there). A model it does not list is taken
 * to read text only: an attachment is refused before a call rather than sent to a model that
 * may not read it.
 */
export function catalogInputModalities(catalog: ModelCatalogSource): InputModalities {
  return async (modelId) => {
    if (modelId === demoCatalogModel.id) return demoCatalogModel.inputModalities;
    const { models } = await catalog.get();
    return models.find((model) => model.id === modelId)?.inputModalities ?? ['text'];
  };
}
