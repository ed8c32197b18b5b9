import type { LanguageModelV4 } from '@ai-sdk/provider';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { createDemoModel } from './demo-model.ts';

export type ProviderSettings = {
  openRouterApiKey: string | undefined;
  openRouterBaseUrl: string;
  demoWordsPerSecond: number;
};

/** Raised (as the run's error) when a model needs OpenRouter and no key is configured. */
export class MissingKeyError extends Error {
  constructor(modelId: string) {
    super(
      `${modelId} needs an OpenRouter API key. Set OPENROUTER_API_KEY, add your key in Settings, or choose Parley Demo.`,
    );
    this.name = 'MissingKeyError';
  }
}

/**
 * The AI SDK model for a model id: the built-in demo model, or OpenRouter's chat model. With
 * no key, OpenRouter models fail with an error that says what to do rather than a 401.
 */
export function createModelResolver(settings: ProviderSettings) {
  const demo = createDemoModel(settings.demoWordsPerSecond);
  const openRouter = settings.openRouterApiKey
    ? createOpenRouter({
        apiKey: settings.openRouterApiKey,
        baseURL: settings.openRouterBaseUrl,
        appName: 'Parley',
        // OpenRouter itself, not a look-alike: send stream_options and read usage the strict way.
        compatibility: 'strict',
      })
    : undefined;
  return (modelId: string): LanguageModelV4 => {
    if (modelId === DEMO_MODEL_ID) return demo;
    if (!openRouter) return failingModel(modelId, new MissingKeyError(modelId));
    // Usage accounting makes OpenRouter put the call's cost in the final chunk.
    return openRouter.chat(modelId, { usage: { include: true } });
  };
}

function failingModel(modelId: string, error: Error): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'openrouter',
    modelId,
    supportedUrls: {},
    doGenerate: () => Promise.reject(error),
    doStream: () => Promise.reject(error),
  };
}
