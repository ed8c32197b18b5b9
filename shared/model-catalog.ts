import { z } from 'zod';
import { DEMO_MODEL_ID } from './models.ts';

/** One model the picker offers, as `GET /api/models` describes it. Prices are USD per million tokens. */
export const CatalogModel = z.object({
  id: z.string(),
  name: z.string(),
  contextLength: z.number().int().nonnegative(),
  pricing: z.object({ promptPerMillion: z.number(), completionPerMillion: z.number() }),
  inputModalities: z.array(z.string()),
  outputModalities: z.array(z.string()),
  /** Whether the model reasons before answering when asked to (absent in older catalogs: no). */
  reasoning: z.boolean().optional(),
});
export type CatalogModel = z.infer<typeof CatalogModel>;

export const ModelCatalog = z.object({
  models: z.array(CatalogModel),
  /** `openrouter` when fetched live (or from the hour's cache), `builtin` when it could not be. */
  source: z.enum(['openrouter', 'builtin']),
});
export type ModelCatalog = z.infer<typeof ModelCatalog>;

/**
 * The built-in demo model: free, offline, echoes the last message. Its context is that of a
 * small model, so long chats are trimmed with it as with a real one.
 */
export const demoCatalogModel: CatalogModel = {
  id: DEMO_MODEL_ID,
  name: 'Parley Demo (echo)',
  contextLength: 32_768,
  pricing: { promptPerMillion: 0, completionPerMillion: 0 },
  inputModalities: ['text'],
  outputModalities: ['text'],
};
