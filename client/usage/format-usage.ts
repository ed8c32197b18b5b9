import type { MessageUsage } from '../../shared/entities.ts';

const count = new Intl.NumberFormat('en-US');
const cents = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
// Under a cent, two significant digits: an answer often costs a fraction of a cent.
const fraction = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 2,
});

/** "1,234". */
export function formatTokens(tokens: number): string {
  return count.format(tokens);
}

/**
 * "$0.0021", "$1.50"; a cost of nothing is "free" (the demo model, free models), the word the
 * model picker uses for their price.
 */
export function formatCost(usd: number): string {
  if (usd === 0) return 'free';
  if (usd < 0.0001) return '<$0.0001';
  return usd < 0.01 ? fraction.format(usd) : cents.format(usd);
}

/** Input and output tokens together. */
export function totalTokens(usage: Pick<MessageUsage, 'inputTokens' | 'outputTokens'>): number {
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}

/** "1,234 tokens · $0.0021"; without the cost when the provider did not report one. */
export function formatUsage(usage: MessageUsage): string {
  const tokens = totalTokens(usage);
  const summary = `${formatTokens(tokens)} ${tokens === 1 ? 'token' : 'tokens'}`;
  return usage.costUsd === null ? summary : `${summary} · ${formatCost(usage.costUsd)}`;
}

/** "1,000 in (200 cached) · 234 out (50 reasoning)": what the total is made of. */
export function formatUsageBreakdown(usage: MessageUsage): string {
  const part = (tokens: number | null, label: string, detail: number | null, of: string) =>
    tokens === null
      ? null
      : `${formatTokens(tokens)} ${label}${detail ? ` (${formatTokens(detail)} ${of})` : ''}`;
  return [
    part(usage.inputTokens, 'in', usage.cachedInputTokens, 'cached'),
    part(usage.outputTokens, 'out', usage.reasoningTokens, 'reasoning'),
  ]
    .filter((text) => text !== null)
    .join(' · ');
}
