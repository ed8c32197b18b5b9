import { z } from 'zod';
import { Message, type MessageSource } from '../../shared/entities.ts';
import { limits } from '../../shared/limits.ts';
import { webUrl } from '../../shared/web-url.ts';

/**
 * The `source` part the OpenRouter provider makes of each `url_citation` annotation: the
 * address and title, and the cited span in its metadata (0 and 0 when OpenRouter gave none).
 * Parsed, never trusted: it is what a model and the pages it read chose to say.
 */
const CitationPart = z.object({
  sourceType: z.literal('url'),
  url: z.string(),
  title: z.string().optional(),
  providerMetadata: z
    .object({
      openrouter: z
        .object({ startIndex: z.number().optional(), endIndex: z.number().optional() })
        .optional(),
    })
    .optional(),
});

/**
 * Collects an answer's web sources from the provider's stream parts: only http(s) addresses,
 * titles and addresses cut to their limits, at most `limits.sourcesPerMessage`, and a span only
 * when it is one (whole offsets, start before end). The same page cited at another span is kept
 * again: each citation marks its own place in the text.
 */
export function answerSources() {
  const kept: MessageSource[] = [];
  const seen = new Set<string>();
  return {
    /** Takes a `source` part from the provider's stream; anything unusable is dropped. */
    add(part: unknown): void {
      if (kept.length >= limits.sourcesPerMessage) return;
      const parsed = CitationPart.safeParse(part);
      if (!parsed.success) return;
      const url = webUrl(parsed.data.url);
      if (url === null || url.length > limits.sourceUrlChars) return;
      const span = citedSpan(parsed.data.providerMetadata?.openrouter);
      const key = `${url}\n${span?.start ?? ''}\n${span?.end ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      kept.push({
        url,
        title: oneLine(parsed.data.title ?? '').slice(0, limits.sourceTitleChars),
        ...span,
      });
    },
    /** The sources so far, in the order they came. */
    list: (): MessageSource[] => [...kept],
  };
}

function citedSpan(
  position: { startIndex?: number | undefined; endIndex?: number | undefined } | undefined,
): { start: number; end: number } | undefined {
  const start = position?.startIndex;
  const end = position?.endIndex;
  if (start === undefined || end === undefined) return undefined;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return undefined;
  return start >= 0 && end > start ? { start, end } : undefined;
}

// A title is shown in one line of a list: control characters and runs of space collapse.
const oneLine = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The sources of a stored row that still parse; a shape from another version is left out. */
export function storedSources(value: unknown): MessageSource[] {
  return Message.shape.sources.safeParse(value).data ?? [];
}
