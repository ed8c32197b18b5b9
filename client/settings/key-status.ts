import { useEffect, useSyncExternalStore } from 'react';
import * as z from 'zod/mini';

/** A saved key as the server shows it: never the key, only its last four characters. */
const OwnKey = z.object({ lastFour: z.string(), updatedAt: z.string() });
export type OwnKey = z.infer<typeof OwnKey>;
export const KeysResponse = z.object({ openrouter: z.nullable(OwnKey) });

const KeyStatus = z.object({
  /** Whether the server has an OpenRouter key of its own for everyone. */
  operatorKey: z.optional(z.boolean()),
  /** The person's own key; null for none. */
  ownKey: z.optional(z.nullable(OwnKey)),
});
/** What is known of the OpenRouter keys this person's answers can use; a field is absent until known. */
export type KeyStatus = z.infer<typeof KeyStatus>;
const ServerConfig = z.object({ operatorKey: z.boolean() });

const storageKey = (userId: string) => `parley:key-status:${userId}`;
const known = new Map<string, KeyStatus>();
const fetched = new Set<string>();
const listeners = new Set<() => void>();

/**
 * Whether this person's OpenRouter models can answer: from `GET /api/config` and `GET /api/keys`
 * once per page load, and as last known on this device before then (offline, say).
 */
export function useKeyStatus(userId: string | undefined): KeyStatus {
  useEffect(() => {
    if (userId === undefined || fetched.has(userId)) return;
    fetched.add(userId);
    void refreshKeyStatus(userId);
  }, [userId]);
  return useSyncExternalStore(subscribe, () =>
    userId === undefined ? nobody : readStatus(userId),
  );
}

const nobody: KeyStatus = {};

/** True only when it is known that neither the person nor the server has a key. */
export const needsOwnKey = (status: KeyStatus) =>
  status.operatorKey === false && status.ownKey === null;

/** Records what the server answered about the person's key (after saving or removing it). */
export function noteOwnKey(userId: string, ownKey: OwnKey | null): void {
  writeStatus(userId, { ...readStatus(userId), ownKey });
}

/** Asks the server again what keys there are (Settings does on opening). */
export async function refreshKeyStatus(userId: string): Promise<void> {
  const [config, keys] = await Promise.all([
    fetchJson('/api/config', ServerConfig),
    fetchJson('/api/keys', KeysResponse),
  ]);
  const next = { ...readStatus(userId) };
  if (config) next.operatorKey = config.operatorKey;
  if (keys) next.ownKey = keys.openrouter;
  writeStatus(userId, next);
}

/** The parsed body, or null when offline, refused or malformed: the last known stands. */
async function fetchJson<T>(url: string, schema: z.ZodMiniType<T>): Promise<T | null> {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) return null;
    const parsed = schema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function readStatus(userId: string): KeyStatus {
  let status = known.get(userId);
  if (status) return status;
  status = {};
  try {
    const parsed = KeyStatus.safeParse(
      JSON.parse(localStorage.getItem(storageKey(userId)) ?? '{}'),
    );
    if (parsed.success) status = parsed.data;
  } catch {
    // Unreadable storage or a damaged value: nothing is known yet.
  }
  known.set(userId, status);
  return status;
}

function writeStatus(userId: string, status: KeyStatus): void {
  known.set(userId, status);
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(status));
  } catch {
    // Storage full or blocked: known for this visit only.
  }
  for (const listener of listeners) listener();
}
