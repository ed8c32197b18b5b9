import * as z from 'zod/mini';
import { KeysResponse, type OwnKey } from './key-status.ts';

const ErrorBody = z.object({ error: z.object({ message: z.string() }) });

/** What a refused request tells the person: the server's reason, or why there is none. */
export class KeyRequestError extends Error {
  override name = 'KeyRequestError';
}

/** `PUT /api/keys/openrouter`: the server checks the key with OpenRouter, then keeps it. */
export function saveOpenRouterKey(key: string): Promise<OwnKey | null> {
  return send('PUT', JSON.stringify({ key }));
}

/** `DELETE /api/keys/openrouter`. */
export function removeOpenRouterKey(): Promise<OwnKey | null> {
  return send('DELETE');
}

async function send(method: 'PUT' | 'DELETE', body?: string): Promise<OwnKey | null> {
  let response: Response;
  try {
    response = await fetch('/api/keys/openrouter', {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    throw new KeyRequestError('Parley could not be reached. Check your connection and try again.');
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const refused = ErrorBody.safeParse(json);
    throw new KeyRequestError(
      refused.success ? refused.data.error.message : `The server answered ${response.status}.`,
    );
  }
  const parsed = KeysResponse.safeParse(json);
  if (!parsed.success)
    throw new KeyRequestError('The server answered in a way Parley does not understand.');
  return parsed.data.openrouter;
}
