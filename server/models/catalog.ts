import { z } from 'zod';
import {
  type CatalogModel,
  demoCatalogModel,
  type ModelCatalog,
} from '../../shared/model-catalog.ts';
import { errorMessage } from '../http/loggable-error.ts';
import { processLog } from '../observability/process-log.ts';
import { builtinModels } from './builtin-models.ts';

// OpenRouter's `GET /models` entry, as much of it as we use. Prices are strings of USD per token.
const OpenRouterModel = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  context_length: z.number().nullable().optional(),
  pricing: z.object({ prompt: z.coerce.number(), completion: z.coerce.number() }).optional(),
  architecture: z
    .object({
      input_modalities: z.array(z.string()).optional(),
      output_modalities: z.array(z.string()).optional(),
    })
    .optional(),
  supported_parameters: z.array(z.string()).optional(),
});
const OpenRouterModels = z.object({ data: z.array(z.unknown()) });

export type ModelCatalogSource = { get(): Promise<ModelCatalog> };

export type CatalogOptions = {
  baseUrl: string;
  ttlMs?: number | undefined;
  /** How long a failed fetch's answer stands before OpenRouter is asked again. */
  retryMs?: number | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
};

/**
 * The model catalog: OpenRouter's list (no key needed), cached for an hour, the built-in list
 * when OpenRouter cannot be reached, and the demo model always first. Concurrent callers
 * share one request.
 *
 * A failed fetch keeps the last list OpenRouter gave (else the built-in one) for `retryMs`:
 * answers read context lengths from here, and without that pause every answer would wait out
 * the timeout while OpenRouter is away.
 */
export function createModelCatalog(options: CatalogOptions): ModelCatalogSource {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const retryMs = options.retryMs ?? 60 * 1000;
  const doFetch = options.fetch ?? fetch;
  let cached: { catalog: ModelCatalog; until: number } | undefined;
  let inFlight: Promise<ModelCatalog> | undefined;

  async function load(): Promise<ModelCatalog> {
    try {
      const response = await doFetch(`${options.baseUrl.replace(/\/$/, '')}/models`, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (!response.ok) throw new Error(`OpenRouter /models answered ${response.status}`);
      const body = OpenRouterModels.parse(await response.json());
      const models = body.data.flatMap((entry) => {
        const parsed = OpenRouterModel.safeParse(entry);
        return parsed.success ? [toCatalogModel(parsed.data)] : [];
      });
      if (models.length === 0) throw new Error('OpenRouter /models listed no usable model');
      const catalog: ModelCatalog = { models: [demoCatalogModel, ...models], source: 'openrouter' };
      cached = { catalog, until: Date.now() + ttlMs };
      return catalog;
    } catch (error) {
      const catalog: ModelCatalog =
        cached?.catalog.source === 'openrouter'
          ? cached.catalog
          : { models: [demoCatalogModel, ...builtinModels], source: 'builtin' };
      cached = { catalog, until: Date.now() + retryMs };
      processLog.warn('catalog.fetch_failed', {
        using: catalog.source === 'openrouter' ? 'last fetched' : 'built-in',
        error: errorMessage(error),
      });
      return catalog;
    }
  }

  return {
    async get(): Promise<ModelCatalog> {
      if (cached && Date.now() < cached.until) return cached.catalog;
      inFlight ??= load().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

function toCatalogModel(model: z.infer<typeof OpenRouterModel>): CatalogModel {
  return {
    id: model.id,
    name: model.name,
    contextLength: model.context_length ?? 0,
    pricing: {
      promptPerMillion: perMillion(model.pricing?.prompt),
      completionPerMillion: perMillion(model.pricing?.completion),
    },
    inputModalities: model.architecture?.input_modalities ?? ['text'],
    outputModalities: model.architecture?.output_modalities ?? ['text'],
    // `include_reasoning` is the older name of the same parameter.
    reasoning: (model.supported_parameters ?? []).some(
      (parameter) => parameter === 'reasoning' || parameter === 'include_reasoning',
    ),
  };
}

// OpenRouter prices per token; rounded to the micro-dollar per million to avoid float noise.
function perMillion(perToken: number | undefined): number {
  if (perToken === undefined || !Number.isFinite(perToken) || perToken < 0) return 0;
  return Math.round(perToken * 1e6 * 1e6) / 1e6;
}
