import type { Message } from '../../shared/entities.ts';

/** One model's answers in a month. `costUsd` sums the costs reported; `unpriced` counts the rest. */
export type ModelUsage = {
  model: string;
  answers: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Answers whose provider reported no cost (their tokens are counted, their cost is not). */
  unpriced: number;
};

/**
 * A message copied into a branch (shared/branches.ts names copies `<branch id>-<n>`): its
 * usage was spent once, by the original.
 */
function isCopy(message: Pick<Message, 'id' | 'conversationId'>): boolean {
  return message.id.startsWith(`${message.conversationId}-`);
}

/** Midnight on the first of `now`'s month, in the device's time zone, as epoch milliseconds. */
export function startOfMonth(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), 1).getTime();
}

/**
 * What the person's answers used this calendar month (the device's time zone), per model,
 * costliest first. Only answers that carry usage count: the person's own messages and answers
 * that never reached a provider cost nothing, and a branch's copies were counted as originals.
 */
export function monthlyUsage(messages: Iterable<Message>, now: Date): ModelUsage[] {
  const from = startOfMonth(now);
  const to = new Date(now.getFullYear(), now.getMonth() + 1, 1).getTime();
  const byModel = new Map<string, ModelUsage>();
  for (const message of messages) {
    const { usage, model } = message;
    if (message.role !== 'assistant' || !usage || !model || isCopy(message)) continue;
    if (message.createdAt < from || message.createdAt >= to) continue;
    let row = byModel.get(model);
    if (!row) {
      row = { model, answers: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0 };
      byModel.set(model, row);
    }
    row.answers += 1;
    row.inputTokens += usage.inputTokens ?? 0;
    row.outputTokens += usage.outputTokens ?? 0;
    if (usage.costUsd === null) row.unpriced += 1;
    else row.costUsd += usage.costUsd;
  }
  return [...byModel.values()].sort(
    (a, b) =>
      b.costUsd - a.costUsd ||
      b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) ||
      a.model.localeCompare(b.model),
  );
}
