import { demoCatalogModel } from '../../shared/model-catalog.ts';
import type { ModelCatalogSource } from './catalog.ts';

/**
 * The context assumed for a model the catalog does not list (or lists without one): small
 * enough for any chat model still offered, so a trimmed context is never too long for it.
 */
export const unknownContextLength = 8_192;

/** A model's context length in tokens, as the catalog says; conservative when it does not. */
export type ContextLengths = (modelId: string) => Promise<number>;

/** Context lengths from the model catalog (cached there); the demo model never asks it. */
export function catalogContextLengths(catalog: ModelCatalogSource): ContextLengths {
  return async (modelId) => {
    if (modelId === demoCatalogModel.id) return demoCatalogModel.contextLength;
    const { models } = await catalog.get();
    const listed = models.find((model) => model.id === modelId)?.contextLength ?? 0;
    return listed > 0 ? listed : unknownContextLength;
  };
}
