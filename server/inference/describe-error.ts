import { APICallError } from 'ai';

/** What the person is told when a provider fails; never a stack or a raw body. */
export function describeProviderError(error: unknown): string {
  const status = providerStatus(error);
  switch (status) {
    case 401:
    case 403:
      return 'The model provider rejected the API key. Check your OpenRouter key in Settings.';
    case 402:
      return 'The OpenRouter account is out of credits. Add credits or choose a free model.';
    case 429:
      return 'The model is rate-limited right now. Wait a moment and retry, or pick another model.';
    default:
      if (status !== undefined && status >= 500) {
        return `The model provider had a problem (${status}). Retry in a moment.`;
      }
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The answer failed: ${message.slice(0, 300)}`;
}

/** The HTTP status a provider answered with, when the error came from one. */
export function providerStatus(error: unknown): number | undefined {
  return APICallError.isInstance(error) ? error.statusCode : undefined;
}

/** Rate limits and server errors may go away with another model; bad keys and credits won't. */
export function worthFallingBack(error: unknown): boolean {
  const status = providerStatus(error);
  return status === 429 || (status !== undefined && status >= 500);
}
