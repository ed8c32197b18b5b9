import { APICallError } from 'ai';
import { z } from 'zod';
import { KeyProblem } from './providers.ts';

/**
 * An error a provider reports inside its stream: OpenRouter sends `{"error": {"message",
 * "code"}}` in a data line when the model behind it fails mid-answer, and its AI SDK provider
 * passes the inner object on as the stream's error.
 */
const StreamedError = z.object({
  message: z.string().trim().min(1),
  metadata: z.object({ provider_name: z.string().optional() }).loose().optional(),
});

// Both name Settings, where a key is added or replaced: the app links that word there.
const keyRefused =
  'OpenRouter refused the API key: it may have been revoked or mistyped. Check or replace your OpenRouter key in Settings.';
const outOfCredits =
  'The OpenRouter account behind the API key is out of credits. Add credits, use another key in Settings, or choose a free model.';

/** What the person is told when a provider fails; never a stack or a raw body. */
export function describeProviderError(error: unknown): string {
  // A key can stop working mid-answer: OpenRouter then sends its status in an error chunk.
  const keyStatus = streamErrorCode(error);
  if (keyStatus === 401 || keyStatus === 403) return keyRefused;
  if (keyStatus === 402) return outOfCredits;
  const status = providerStatus(error);
  switch (status) {
    case 401:
    case 403:
      return keyRefused;
    case 402:
      return outOfCredits;
    case 429:
      return 'The model is rate-limited right now. Wait a moment and retry, or pick another model.';
    default:
      if (status !== undefined && status >= 500) {
        return `The model provider had a problem (${status}). Retry in a moment.`;
      }
  }
  // Already says what to do.
  if (error instanceof KeyProblem) return error.message;
  if (error instanceof Error) return `The answer failed: ${oneLine(error.message)}. Try again.`;
  // The error object itself, or a whole error body around it.
  const streamed = StreamedError.or(
    z.object({ error: StreamedError }).transform((body) => body.error),
  ).safeParse(error);
  if (streamed.success) {
    const { message, metadata } = streamed.data;
    const who = metadata?.provider_name ? ` (${metadata.provider_name})` : '';
    return `The model's provider${who} said: ${oneLine(message)}. Try again, or pick another model.`;
  }
  return "The model's provider failed without saying why. Try again, or pick another model.";
}

/** A provider's words on one line, short enough for a message, without a doubled full stop. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const short = line.length > 300 ? `${line.slice(0, 299)}…` : line;
  return short.replace(/[.。]+$/, '');
}

/** The HTTP status a provider answered with, when the error came from one. */
export function providerStatus(error: unknown): number | undefined {
  return APICallError.isInstance(error) ? error.statusCode : undefined;
}

/**
 * A provider failure as a metric label: its HTTP status (also one sent inside the stream),
 * `stream` for an error the stream reported without one, or `other`.
 */
export function providerErrorCode(error: unknown): string {
  const status = providerStatus(error) ?? streamErrorCode(error);
  if (status !== undefined && status >= 100 && status <= 599) return String(status);
  return StreamedError.or(z.object({ error: StreamedError })).safeParse(error).success
    ? 'stream'
    : 'other';
}

/** Rate limits and server errors may go away with another model; bad keys and credits won't. */
export function worthFallingBack(error: unknown): boolean {
  const status = providerStatus(error);
  return status === 429 || (status !== undefined && status >= 500);
}

/** The status code of an error chunk OpenRouter sent inside a stream (`{ code, message }`). */
function streamErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = Number(error.code);
  return Number.isInteger(code) ? code : undefined;
}
