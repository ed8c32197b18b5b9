import { createHash } from 'node:crypto';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { createOpenRouter, type OpenRouterProvider } from '@openrouter/ai-sdk-provider';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { processLog } from '../observability/process-log.ts';
import { createDemoModel } from './demo-model.ts';

export type ProviderSettings = {
  openRouterApiKey: string | undefined;
  openRouterBaseUrl: string;
  demoWordsPerSecond: number;
  /** The person's own OpenRouter key, decrypted for this call, or undefined when they have none. */
  personalKey?: ((userId: string) => Promise<string | undefined>) | undefined;
  /** How long a provider made for a person's key is kept for their next runs. */
  providerTtlMs?: number | undefined;
};

/** The AI SDK model for a person and a model id. Never rejects: a failure is the model's error. */
export type ModelResolver = (userId: string, modelId: string) => Promise<LanguageModelV4>;

/** A model that cannot be called for want of a usable key; its message is written for the person. */
export class KeyProblem extends Error {}

/** Raised (as the run's error) when a model needs OpenRouter and no key is configured. */
export class MissingKeyError extends KeyProblem {
  constructor(modelId: string) {
    super(
      `${modelId} needs an OpenRouter API key. Add your key in Settings, or choose Parley Demo.`,
    );
    this.name = 'MissingKeyError';
  }
}

/** Raised (as the run's error) when the person's saved key cannot be read back. */
export class UnreadableKeyError extends KeyProblem {
  constructor() {
    super('Your saved OpenRouter key could not be read. Save it again in Settings, then retry.');
    this.name = 'UnreadableKeyError';
  }
}

/** Providers kept at most, one per key in use lately. */
const maxProviders = 1_000;

/**
 * Resolves a model for a person: the built-in demo model, or OpenRouter's chat model on the
 * person's own key when they saved one, else on the operator's key. With neither, OpenRouter
 * models fail with an error that says what to do rather than a 401.
 *
 * A provider made for a person's key is kept a little while (keyed by the key's hash), so that
 * a run does not build one; the key itself is decrypted per run and not kept anywhere else.
 */
export function createModelResolver(settings: ProviderSettings): ModelResolver {
  const demo = createDemoModel(settings.demoWordsPerSecond);
  const ttlMs = settings.providerTtlMs ?? 5 * 60_000;
  const makeProvider = (apiKey: string) =>
    createOpenRouter({
      apiKey,
      baseURL: settings.openRouterBaseUrl,
      appName: 'Parley',
      // OpenRouter itself, not a look-alike: send stream_options and read usage the strict way.
      compatibility: 'strict',
    });
  const operator = settings.openRouterApiKey ? makeProvider(settings.openRouterApiKey) : undefined;
  const personal = new Map<string, { provider: OpenRouterProvider; expiresAt: number }>();

  function personalProvider(apiKey: string): OpenRouterProvider {
    const id = createHash('sha256').update(apiKey).digest('base64url');
    const now = Date.now();
    const kept = personal.get(id);
    if (kept && kept.expiresAt > now) return kept.provider;
    for (const [other, entry] of personal) {
      if (entry.expiresAt <= now || personal.size >= maxProviders) personal.delete(other);
    }
    const provider = makeProvider(apiKey);
    personal.set(id, { provider, expiresAt: now + ttlMs });
    return provider;
  }

  return async (userId, modelId) => {
    if (modelId === DEMO_MODEL_ID) return demo;
    let own: string | undefined;
    try {
      own = await settings.personalKey?.(userId);
    } catch (error) {
      // The error's name only: a message might quote what it failed on.
      processLog.error('inference.saved_key_unreadable', {
        error: error instanceof Error ? error.name : 'unknown error',
      });
      return failingModel(modelId, new UnreadableKeyError());
    }
    const provider = own ? personalProvider(own) : operator;
    if (!provider) return failingModel(modelId, new MissingKeyError(modelId));
    // Usage accounting makes OpenRouter put the call's cost in the final chunk.
    return provider.chat(modelId, { usage: { include: true } });
  };
}

/**
 * Whether the operator's key pays for a person's answer from a model, by the resolver's own
 * rule: never for the demo model (it costs nothing), nor for someone with a key of their own,
 * nor when there is no operator key to pay with.
 */
export function operatorKeyPays(settings: {
  openRouterApiKey: string | undefined;
  hasOwnKey: (userId: string) => Promise<boolean>;
}): (userId: string, modelId: string) => Promise<boolean> {
  return async (userId, modelId) =>
    modelId !== DEMO_MODEL_ID &&
    settings.openRouterApiKey !== undefined &&
    !(await settings.hasOwnKey(userId));
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
