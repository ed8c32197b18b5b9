import type { ChatTurn } from './generate.ts';

// How many tokens a text takes, estimated without the model's tokenizer: models on OpenRouter
// use many tokenizers, and a real one (tens of megabytes of tables) would still be wrong for
// most of them. A third of a token per UTF-16 unit, and three quarters per UTF-8 byte beyond
// the first of each: measured against GPT's o200k and cl100k, that errs high for English prose
// and code (by 40%), German and French (30-80%), Russian, Greek, Arabic, Hindi, Chinese and
// Japanese (6-500%: older tokenizers are the costly ones); low only for base64-like JSON and
// runs of emoji on cl100k (15-20%), which the margin and the answer's reserve cover.
const unitsPerToken = 3;
const tokensPerExtraByte = 0.75;
/** Each message's framing (role, separators) in chat templates. */
const tokensPerMessage = 4;
/** The answer's room: what the model may write after the context. */
const maxAnswerTokens = 8_192;
/** Kept free on top, for the estimate's error and the provider's own framing. */
const marginShare = 0.05;

/** How many tokens `text` is estimated to take; as many as a real tokenizer or more, mostly. */
export function estimateTokens(text: string): number {
  // The native UTF-8 count is several times faster than scanning the text in JavaScript.
  const extraBytes = Buffer.byteLength(text, 'utf8') - text.length;
  return Math.ceil(text.length / unitsPerToken + extraBytes * tokensPerExtraByte);
}

/** The tokens the prompt may take on a model with `contextLength`: the rest is the answer's. */
export function promptBudget(contextLength: number): number {
  const answer = Math.min(maxAnswerTokens, Math.floor(contextLength / 4));
  return contextLength - answer - Math.ceil(contextLength * marginShare);
}

/**
 * Characters of conversation that can never fit in `budget` tokens: no text is estimated at
 * fewer tokens than a third of its length. Loading stops past this.
 */
export function charsBeyondBudget(budget: number): number {
  return budget * unitsPerToken;
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
 * newest first, until the next one would not fit.
 */
export function selectContext(
  systemPrompt: string,
  turns: readonly ChatTurn[],
  contextLength: number,
  earlier = 0,
): ContextWindow | ContextTooLong {
  const budget = promptBudget(contextLength) - estimateTokens(systemPrompt) - tokensPerMessage;
  // Newest first. Blank turns are never sent (a stop before the first word): they cost and
  // count nothing.
  const kept: ChatTurn[] = [];
  let used = 0;
  let next = turns.length - 1;
  for (; next >= 0; next--) {
    const turn = turns[next] as ChatTurn;
    if (isBlank(turn)) continue;
    const cost = turnTokens(turn);
    if (used + cost > budget) break;
    used += cost;
    kept.push(turn);
  }
  if (next >= 0 && kept.length === 0) {
    const latestTokens = turnTokens(turns[next] as ChatTurn);
    const budgetTokens = Math.max(0, budget);
    return {
      kind: 'tooLong',
      latestTokens,
      budgetTokens,
      error: `This message is too long for this model: about ${latestTokens.toLocaleString('en-US')} tokens, where it takes about ${budgetTokens.toLocaleString('en-US')}. Edit it shorter, or retry with a model that has a longer context.`,
    };
  }
  let messagesLeftOut = earlier;
  for (let i = next; i >= 0; i--) if (!isBlank(turns[i] as ChatTurn)) messagesLeftOut++;
  // A cut window does not open on an answer: some providers want the person to speak first.
  if (messagesLeftOut > 0)
    while (kept.length > 1 && kept.at(-1)?.role === 'assistant') {
      kept.pop();
      messagesLeftOut++;
    }
  return { kind: 'fits', turns: kept.reverse(), messagesLeftOut };
}

const blank = /^\s*$/;
/** A turn with no text and nothing attached. */
const isBlank = (turn: ChatTurn) => blank.test(turn.content) && !turn.attachments?.length;
/** A turn's text, its attachments (images, PDFs, their text) and its framing. */
const turnTokens = (turn: ChatTurn) =>
  estimateTokens(turn.content) + (turn.attachmentTokens ?? 0) + tokensPerMessage;
