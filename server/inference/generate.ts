import { type LanguageModel, type ModelMessage, streamText } from 'ai';
import { z } from 'zod';
import type { RunUsage } from './run-rows.ts';

export type Generation = {
  outcome: 'done' | 'stopped' | 'error';
  error: unknown;
  finishReason: string | null;
  usage: RunUsage | null;
  /** Whether any text arrived (a fallback is only safe before the first token). */
  producedText: boolean;
};

const systemPrompt =
  'You are Parley, a helpful assistant. Answer clearly and concisely; use Markdown where it helps.';

// OpenRouter reports the price of a call in its usage block; the provider passes it on as
// provider metadata. Parsed, never trusted.
const OpenRouterCost = z.object({
  openrouter: z.object({ usage: z.object({ cost: z.number().optional() }).optional() }),
});

/**
 * Runs one model call and hands each text delta to `onDelta` (awaited, so a slow store slows
 * the reading rather than buffering without bound). Never throws: the outcome says how it ended.
 */
export async function generate(
  model: LanguageModel,
  messages: ModelMessage[],
  signal: AbortSignal,
  onDelta: (delta: string) => Promise<void>,
): Promise<Generation> {
  const generation: Generation = {
    outcome: 'done',
    error: null,
    finishReason: null,
    usage: null,
    producedText: false,
  };
  try {
    const result = streamText({
      model,
      instructions: systemPrompt,
      messages,
      abortSignal: signal,
      maxRetries: 0,
    });
    let costUsd: number | undefined;
    for await (const part of result.fullStream) {
      switch (part.type) {
        case 'text-delta':
          if (part.text === '') break;
          generation.producedText = true;
          await onDelta(part.text);
          break;
        case 'finish-step': {
          const cost = OpenRouterCost.safeParse(part.providerMetadata);
          if (cost.success) costUsd = (costUsd ?? 0) + (cost.data.openrouter.usage?.cost ?? 0);
          break;
        }
        case 'finish':
          generation.finishReason = part.finishReason;
          generation.usage = {
            inputTokens: part.totalUsage.inputTokens,
            outputTokens: part.totalUsage.outputTokens,
            costUsd,
          };
          break;
        case 'abort':
          generation.outcome = 'stopped';
          break;
        case 'error':
          generation.outcome = 'error';
          generation.error = part.error;
          break;
      }
    }
  } catch (error) {
    generation.outcome = signal.aborted ? 'stopped' : 'error';
    generation.error = signal.aborted ? null : error;
  }
  if (signal.aborted && generation.outcome !== 'error') generation.outcome = 'stopped';
  return generation;
}
