import type { CatalogModel } from '../../shared/model-catalog.ts';

/**
 * Shown when OpenRouter's catalog cannot be reached (offline machines, outages), so the picker
 * still offers well-known models. Prices and limits are indicative, from OpenRouter's listing.
 */
export const builtinModels: CatalogModel[] = [
  {
    id: 'openai/gpt-4o-mini',
    name: 'OpenAI: GPT-4o-mini',
    contextLength: 128_000,
    pricing: { promptPerMillion: 0.15, completionPerMillion: 0.6 },
    inputModalities: ['text', 'image', 'file'],
    outputModalities: ['text'],
  },
  {
    id: 'anthropic/claude-sonnet-4',
    name: 'Anthropic: Claude Sonnet 4',
    contextLength: 200_000,
    pricing: { promptPerMillion: 3, completionPerMillion: 15 },
    inputModalities: ['text', 'image', 'file'],
    outputModalities: ['text'],
    reasoning: true,
  },
  {
    id: 'google/gemini-2.5-flash',
    name: 'Google: Gemini 2.5 Flash',
    contextLength: 1_048_576,
    pricing: { promptPerMillion: 0.3, completionPerMillion: 2.5 },
    inputModalities: ['text', 'image', 'file'],
    outputModalities: ['text'],
    reasoning: true,
  },
  {
    id: 'google/gemini-2.5-flash-image',
    name: 'Google: Gemini 2.5 Flash Image',
    contextLength: 32_768,
    pricing: { promptPerMillion: 0.3, completionPerMillion: 2.5 },
    inputModalities: ['text', 'image'],
    outputModalities: ['image', 'text'],
  },
  {
    id: 'meta-llama/llama-3.3-70b-instruct',
    name: 'Meta: Llama 3.3 70B Instruct',
    contextLength: 131_072,
    pricing: { promptPerMillion: 0.13, completionPerMillion: 0.4 },
    inputModalities: ['text'],
    outputModalities: ['text'],
  },
];
