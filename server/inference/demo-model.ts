import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { DEMO_MODEL_ID } from '../../shared/models.ts';
import { pause } from './pause.ts';

/**
 * The built-in model (`parley/demo`): answers with the person's last message, verbatim, word
 * by word with its whitespace, at a steady pace. A real AI SDK language model, so everything
 * downstream (runner, chunk store, stream route, client) runs exactly as it does for OpenRouter.
 */
export function createDemoModel(wordsPerSecond: number): LanguageModelV4 {
  const pauseMs = 1000 / wordsPerSecond;
  return {
    specificationVersion: 'v4',
    provider: 'parley',
    modelId: DEMO_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options) {
      const text = lastUserText(options.prompt);
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(options.prompt, text),
        warnings: [],
      };
    },
    async doStream(options) {
      return { stream: wordStream(options, pauseMs) };
    },
  };
}

function wordStream(
  options: LanguageModelV4CallOptions,
  pauseMs: number,
): ReadableStream<LanguageModelV4StreamPart> {
  const text = lastUserText(options.prompt);
  const words = splitWords(text);
  const signal = options.abortSignal;
  let next = 0;
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: [] });
      controller.enqueue({ type: 'text-start', id: 'text' });
    },
    async pull(controller) {
      if (next < words.length) {
        if (next > 0) await pause(pauseMs, signal);
        if (signal?.aborted) {
          controller.error(signal.reason ?? new DOMException('Aborted', 'AbortError'));
          return;
        }
        controller.enqueue({ type: 'text-delta', id: 'text', delta: words[next++] ?? '' });
        return;
      }
      controller.enqueue({ type: 'text-end', id: 'text' });
      controller.enqueue({
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(options.prompt, text),
      });
      controller.close();
    },
  });
}

/** Words with the whitespace that follows them, so joining the pieces gives the text back. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
}

function lastUserText(prompt: LanguageModelV4Prompt): string {
  for (let index = prompt.length - 1; index >= 0; index--) {
    const message = prompt[index];
    if (message?.role !== 'user') continue;
    // Attachments come as text parts naming them, after the message's own text.
    return message.content
      .flatMap((part) => (part.type === 'text' ? [part.text] : []))
      .join('\n\n');
  }
  return '';
}

// A rough count (four characters a token) so the demo shows usage like a real model.
function usage(prompt: LanguageModelV4Prompt, output: string): LanguageModelV4Usage {
  const inputChars = JSON.stringify(prompt).length;
  const input = Math.ceil(inputChars / 4);
  const outputTokens = Math.ceil(output.length / 4);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}
