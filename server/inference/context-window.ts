import type { ChatTurn } from './generate.ts';

// How many tokens a text takes, estimated without the model's tokenizer: models on OpenRouter
// use many tokenizers, and a real one (tens of megabytes of tables) would still be wrong for
// most of them. Measured against GPT's o200k and cl100k: English prose and code run about 4.2
// characters a token, German 3.7-5.3, base64-like JSON 2.5; CJK text up to 1.12 tokens a
// character, emoji 2-3 tokens each (two UTF-16 units). Three ASCII characters a token and 1.25
// tokens per other unit errs high on all of these except the hash-heavy JSON, which the
// margin and the answer's reserve cover.
const asciiCharsPerToken = 3;
const tokensPerOtherUnit = 1.25;
/** Each message's framing (role, separators) in chat templates. */
const tokensPerMessage = 4;
/** The answer's room: what the model may write after the context. */
const maxAnswerTokens = 8_192;
/** Kept free on top, for the estimate's error and the provider's own framing. */
const marginShare = 0.05;

/** How many tokens `text` is estimated to take; never fewer than a real tokenizer, for prose. */
export function estimateTokens(text: string): number {
  let other = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) other++;
  return Math.ceil((text.length - other) / asciiCharsPerToken + other * tokensPerOtherUnit);
}

/** The tokens the prompt may take on a model with `contextLength`: the rest is the answer's. */
export function promptBudget(contextLength: number): number {
  const answer = Math.min(maxAnswerTokens, Math.floor(contextLength / 4));
  return contextLength - answer - Math.ceil(contextLength * marginShare);
}

/**
 * Characters of conversation that can never fit in `budget` tokens: no text is estimated at
 * fewer tokens than its length over `asciiCharsPerToken`. Loading stops past this.
 */
export function charsBeyondBudget(budget: number): number {
  return budget * asciiCharsPerToken;
}

/** What the model is shown, and how many earlier messages were left out to fit it. */
export type ContextWindow = { kind: 'fits'; turns: ChatTurn[]; messagesLeftOut: number };
/** The latest message alone does not fit: nothing can be sent. */
export type ContextTooLong = {
  kind: 'tooLong';
  latestTokens: number;
  budgetTokens: number;
  /** What to tell the person. */
  error: string;
};

/**
 * The newest turns that fit the model, oldest first. `turns` is the conversation before the
 * answer, oldest first; `earlier` counts messages older still that were not even loaded. The
 * system prompt and the newest turn (the person's message) always go in; older turns follow,
 * newest first, until the next one would not fit. A window that was cut does not open on an
 * answer: some providers want the person to speak first.
 */
export function selectContext(
  systemPrompt: string,
  turns: readonly ChatTurn[],
  contextLength: number,
  earlier = 0,
): ContextWindow | ContextTooLong {
  const budget = promptBudget(contextLength) - estimateTokens(systemPrompt) - tokensPerMessage;
  // Empty turns are never sent (a stop before the first word), so they cost and count nothing.
  const sent = turns.filter((turn) => turn.content.trim() !== '');
  let used = 0;
  let first = sent.length;
  while (first > 0) {
    const cost = estimateTokens((sent[first - 1] as ChatTurn).content) + tokensPerMessage;
    if (used + cost > budget) break;
    used += cost;
    first--;
  }
  const latest = sent.at(-1);
  if (latest && first === sent.length) {
    const latestTokens = estimateTokens(latest.content) + tokensPerMessage;
    return {
      kind: 'tooLong',
      latestTokens,
      budgetTokens: Math.max(0, budget),
      error: `This message is too long for this model (about ${latestTokens.toLocaleString('en-US')} tokens; it takes about ${Math.max(0, budget).toLocaleString('en-US')}). Shorten it, or pick a model with a longer context, then retry.`,
    };
  }
  const cut = first > 0 || earlier > 0;
  while (cut && first < sent.length - 1 && sent[first]?.role === 'assistant') first++;
  return { kind: 'fits', turns: sent.slice(first), messagesLeftOut: first + earlier };
}
