import { z } from 'zod';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from '../http/app-error.ts';

// OpenRouter's `GET /key`: what it knows of the key. Only its shape is checked; nothing of it
// is kept or shown.
const KeyInfo = z.object({ data: z.looseObject({}) });

/**
 * Asks OpenRouter whether it accepts `key` (`GET {baseUrl}/key`). Resolves when it does;
 * otherwise throws an {@link AppError} whose message says why, for the person to read.
 */
export async function checkOpenRouterKey(
  baseUrl: string,
  key: string,
  options: { fetch?: typeof fetch | undefined; timeoutMs?: number | undefined } = {},
): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${baseUrl.replace(/\/$/, '')}/key`, {
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch {
    throw unreachable();
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new AppError(
      ErrorCode.badRequest,
      'OpenRouter does not accept this key. Check that you copied all of it, or create a new one at openrouter.ai/keys.',
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw unreachable(response.status);
  }
  const body = KeyInfo.safeParse(await response.json().catch(() => null));
  if (!body.success) throw unreachable();
}

const unreachable = (status?: number) =>
  new AppError(
    ErrorCode.unavailable,
    `OpenRouter could not check the key right now${status ? ` (${status})` : ''}. Nothing was saved; try again in a moment.`,
  );
