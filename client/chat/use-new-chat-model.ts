import { useState } from 'react';
import { ModelId } from '../../shared/entities.ts';
import { DEMO_MODEL_ID } from '../../shared/models.ts';

const storageKey = 'parley:new-chat-model';

/**
 * The model a new chat starts with: the default set in Settings or last chosen on the home page
 * (the same choice, remembered on this device), else the demo model.
 */
export function useNewChatModel(): [string, (model: string) => void] {
  const [model, setModel] = useState(readChoice);
  const choose = (next: string) => {
    setModel(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Storage full or blocked: the choice still holds for this visit.
    }
  };
  return [model, choose];
}

function readChoice(): string {
  try {
    const parsed = ModelId.safeParse(localStorage.getItem(storageKey));
    return parsed.success ? parsed.data : DEMO_MODEL_ID;
  } catch {
    return DEMO_MODEL_ID;
  }
}
