import type { CatalogModel } from '../../shared/model-catalog.ts';

/** A rough count, as the demo model makes: four characters a token. */
export const charsPerToken = 4;

/** Up to this much conversation, the cost of sending it again is not worth a line. */
export const estimateFromTokens = 10_000;

export type InputEstimate = {
  tokens: number;
  /** The input's cost in USD at the model's prompt price; null when the catalog has no price. */
  costUsd: number | null;
};

/**
 * What the next message's input will roughly cost: every message so far plus the draft is
 * sent again. Null while the conversation is short.
 */
export function estimateInput(
  chars: number,
  pricing: CatalogModel['pricing'] | undefined,
): InputEstimate | null {
  const tokens = Math.ceil(chars / charsPerToken);
  if (tokens <= estimateFromTokens) return null;
  return {
    tokens,
    costUsd: pricing ? (tokens * pricing.promptPerMillion) / 1_000_000 : null,
  };
}
