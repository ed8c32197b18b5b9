import { useCallback, useSyncExternalStore } from 'react';

// Which models this device asks to reason before they answer: a list of model ids in local
// storage, like the model new chats start with. Each send carries the choice, so a message
// queued offline is answered as it was asked, whichever device the server hears it from.
const storageKey = 'parley:reasoning-models';
const listeners = new Set<() => void>();
let cached: { raw: string | null; models: ReadonlySet<string> } | null = null;

function chosenModels(): ReadonlySet<string> {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(storageKey);
  } catch {
    // Storage blocked: nothing was chosen.
  }
  if (cached?.raw !== raw) cached = { raw, models: parseModels(raw) };
  return cached.models;
}

function parseModels(raw: string | null): ReadonlySet<string> {
  if (raw === null) return new Set();
  try {
    const value: unknown = JSON.parse(raw);
    return new Set(
      Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [],
    );
  } catch {
    return new Set();
  }
}

/** Whether answers by `modelId` should be asked to reason first (the toggle's state). */
export function reasoningWanted(modelId: string): boolean {
  return chosenModels().has(modelId);
}

/** Turns reasoning on or off for `modelId` on this device. */
export function setReasoningWanted(modelId: string, wanted: boolean): void {
  const models = new Set(chosenModels());
  if (wanted) models.add(modelId);
  else models.delete(modelId);
  try {
    localStorage.setItem(storageKey, JSON.stringify([...models]));
  } catch {
    // Storage full or blocked: the choice cannot be kept.
  }
  for (const listener of listeners) listener();
}

/** The toggle's state for `modelId`, and how to change it. */
export function useReasoningWanted(modelId: string): [boolean, (wanted: boolean) => void] {
  const wanted = useSyncExternalStore(subscribe, () => reasoningWanted(modelId));
  const set = useCallback((next: boolean) => setReasoningWanted(modelId, next), [modelId]);
  return [wanted, set];
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab's choice.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}
