import type {
  LanguageModelV4,
  LanguageModelV4FilePart,
  LanguageModelV4Prompt,
  LanguageModelV4TextPart,
} from '@ai-sdk/provider';
import { z } from 'zod';
import type { MessageSource } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import type { ChunkKind } from '../../shared/stream-events.ts';
import { answerSources } from '../web-search/answer-sources.ts';
import type { RunUsage } from './run-rows.ts';
import type { PlannedAttachment } from './turn-attachments.ts';

export type Generation = {
  outcome: 'done' | 'stopped' | 'error';
  error: unknown;
  finishReason: string | null;
  usage: RunUsage | null;
  /** Whether any text or reasoning arrived (a fallback is only safe before the first token). */
  producedText: boolean;
  /** How long the model spent reasoning (first reasoning delta to the end of it); null if not. */
  reasoningMs: number | null;
  /** The web pages the answer cites (checked, bounded), as the provider reported them. */
  sources: MessageSource[];
};

/** What a call asks of the model beyond the conversation. */
export type GenerateOptions = {
  /** Ask for reasoning before the answer (OpenRouter's `reasoning` parameter). */
  reasoning?: boolean | undefined;
  /**
   * Ask for images as well as text (OpenRouter's `modalities`), and hand each image the model
   * makes to this callback (awaited, like a delta). Only for models whose catalog entry lists
   * image output: others refuse the parameter.
   */
  onImage?: ((image: GeneratedFile) => Promise<void>) | undefined;
  /** Search the web before answering (OpenRouter's `web` plugin). */
  webSearch?: boolean | undefined;
};

/**
 * A file the model made, as the provider hands it over: OpenRouter sends an image as a data
 * URL, which the provider splits into its declared type and its base64 (or, from another
 * provider, raw bytes or a link). Nothing in it is trusted: the type is only what was declared.
 */
export type GeneratedFile = {
  declaredType: string;
  data: { kind: 'base64'; base64: string } | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'url' };
};

/** One earlier message of the conversation, as the model is shown it. */
export type ChatTurn = {
  role: 'user' | 'assistant';
  content: string;
  messageId?: string | undefined;
  /** What goes with a person's message for its attachments, in order. */
  attachments?: PlannedAttachment[] | undefined;
  /** The tokens those attachments are estimated to take. */
  attachmentTokens?: number | undefined;
};

/** A turn as sent: its text, then its attachments as parts (bytes read, text read out). */
export type PromptTurn = {
  role: 'user' | 'assistant';
  content: string;
  parts?: (LanguageModelV4TextPart | LanguageModelV4FilePart)[] | undefined;
};

export const systemPrompt =
  'You are Parley, a helpful assistant. Answer clearly and concisely; use Markdown where it helps.';

// OpenRouter reports the price of a call in its usage block; the provider passes it on as
// provider metadata. Parsed, never trusted.
const OpenRouterCost = z.object({
  openrouter: z.object({ usage: z.object({ cost: z.number().optional() }).optional() }),
});

/**
 * Runs one model call and hands each text or reasoning delta to `onDelta` (awaited, so a slow
 * store slows the reading rather than buffering without bound). Never throws: the outcome says
 * how it ended.
 *
 * It reads the provider's own stream (`doStream`) rather than `streamText`: a chat answer is
 * one step of text with no tools, and streamText's chain of web streams per delta (steps,
 * tools, recording, a tee for `fullStream`) was a large part of the server's CPU and garbage
 * with hundreds of answers streaming (decision 020).
 */
export async function generate(
  model: LanguageModelV4,
  turns: PromptTurn[],
  signal: AbortSignal,
  onDelta: (delta: string, kind: ChunkKind) => Promise<void>,
  options: GenerateOptions = {},
): Promise<Generation> {
  const generation: Generation = {
    outcome: 'done',
    error: null,
    finishReason: null,
    usage: null,
    producedText: false,
    reasoningMs: null,
    sources: [],
  };
  const reasoning = reasoningClock();
  const sources = answerSources();
  try {
    const openrouter = {
      // Without it the model's own default holds: nothing is asked for.
      ...(options.reasoning ? askForReasoning : {}),
      ...(options.onImage ? askForImages : {}),
      ...(options.webSearch ? askForWebSearch : {}),
    };
    const { stream } = await model.doStream({
      prompt: toPrompt(turns),
      abortSignal: signal,
      ...(Object.keys(openrouter).length > 0 ? { providerOptions: { openrouter } } : {}),
    });
    const reader = stream.getReader();
    for (;;) {
      const { done, value: part } = await reader.read();
      if (done) break;
      switch (part.type) {
        case 'text-delta':
          if (part.delta === '') break;
          reasoning.end();
          generation.producedText = true;
          await onDelta(part.delta, 'text');
          break;
        case 'reasoning-delta':
          if (part.delta === '') break;
          reasoning.start();
          generation.producedText = true;
          await onDelta(part.delta, 'reasoning');
          break;
        case 'source':
          // A model may cite pages unasked (one that searches on its own): kept all the same.
          sources.add(part);
          break;
        case 'reasoning-end':
          reasoning.end();
          break;
        case 'file':
          if (!options.onImage) break;
          reasoning.end();
          // An image shown is as much an answer begun as a word: no fallback after it.
          generation.producedText = true;
          await options.onImage({
            declaredType: part.mediaType,
            data:
              part.data.type === 'url'
                ? { kind: 'url' }
                : typeof part.data.data === 'string'
                  ? { kind: 'base64', base64: part.data.data }
                  : { kind: 'bytes', bytes: part.data.data },
          });
          break;
        case 'finish': {
          // After a stop the provider still reports a finish ('error', no usage): not the run's.
          if (signal.aborted) break;
          // OpenRouter prices each call; the demo model is free; another provider's cost is unknown.
          const cost = OpenRouterCost.safeParse(part.providerMetadata);
          generation.finishReason = part.finishReason.unified;
          generation.usage = {
            inputTokens: part.usage.inputTokens.total,
            outputTokens: part.usage.outputTokens.total,
            reasoningTokens: part.usage.outputTokens.reasoning,
            cachedInputTokens: part.usage.inputTokens.cacheRead,
            costUsd: cost.success
              ? (cost.data.openrouter.usage?.cost ?? 0)
              : model.modelId === DEMO_MODEL_ID
                ? 0
                : undefined,
          };
          break;
        }
        case 'error':
          // A stop aborts the provider's request; its stream reports that as an error part.
          if (signal.aborted) break;
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
  reasoning.end();
  generation.reasoningMs = reasoning.elapsedMs();
  generation.sources = sources.list();
  return generation;
}

// OpenRouter's unified reasoning parameter; `enabled` lets each model use its default effort.
const askForReasoning = { reasoning: { enabled: true } };
// The provider copies its `openrouter` options into the request body as they are.
const askForImages = { modalities: ['image', 'text'] };
// OpenRouter's `web` plugin searches the web, gives the model the results and returns what it
// cites as `url_citation` annotations (the provider's `source` parts).
const askForWebSearch = { plugins: [{ id: 'web' }] };

/** Times the reasoning: from its first delta to its end (or the first text, or the end). */
function reasoningClock() {
  let startedAt: number | null = null;
  let endedAt: number | null = null;
  return {
    start() {
      startedAt ??= performance.now();
      endedAt = null;
    },
    end() {
      if (startedAt !== null) endedAt ??= performance.now();
    },
    elapsedMs: () =>
      startedAt === null || endedAt === null ? null : Math.round(endedAt - startedAt),
  };
}

/**
 * The conversation in the provider's prompt format, after our system prompt. A person's
 * message is its text, then its attachments; a blank turn with nothing attached is left out.
 */
function toPrompt(turns: PromptTurn[]): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = [{ role: 'system', content: systemPrompt }];
  for (const turn of turns) {
    const text: LanguageModelV4TextPart[] =
      turn.content.trim() === '' ? [] : [{ type: 'text', text: turn.content }];
    if (turn.role === 'assistant') {
      if (text.length > 0) prompt.push({ role: 'assistant', content: text });
      continue;
    }
    const content = [...text, ...(turn.parts ?? [])];
    if (content.length > 0) prompt.push({ role: 'user', content });
  }
  return prompt;
}
