import { describe, expect, test } from 'vitest';
import type { MessageUsage } from '../../shared/entities.ts';
import { formatCost, formatTokens, formatUsage, formatUsageBreakdown } from './format-usage.ts';

const usage = (fields: Partial<MessageUsage>): MessageUsage => ({
  inputTokens: null,
  outputTokens: null,
  reasoningTokens: null,
  cachedInputTokens: null,
  costUsd: null,
  ...fields,
});

describe('usage as the person reads it', () => {
  test('token counts are grouped by thousands', () => {
    expect(formatTokens(1234567)).toBe('1,234,567');
  });

  test('a fraction of a cent keeps two significant digits, dollars keep cents', () => {
    expect(formatCost(0.0021)).toBe('$0.0021');
    expect(formatCost(0.00042)).toBe('$0.00042');
    expect(formatCost(0.5)).toBe('$0.50');
    expect(formatCost(0.123)).toBe('$0.12');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(0.00000123)).toBe('<$0.0001');
  });

  test('a cost of nothing reads "free"', () => {
    expect(formatCost(0)).toBe('free');
    expect(formatUsage(usage({ inputTokens: 10, outputTokens: 2, costUsd: 0 }))).toBe(
      '12 tokens · free',
    );
  });

  test('an answer shows its tokens and cost in one line', () => {
    expect(formatUsage(usage({ inputTokens: 1000, outputTokens: 234, costUsd: 0.0021 }))).toBe(
      '1,234 tokens · $0.0021',
    );
  });

  test('an unknown cost is left out rather than shown as free', () => {
    expect(formatUsage(usage({ inputTokens: 1, outputTokens: 0 }))).toBe('1 token');
  });

  test('the breakdown names cached input and reasoning only when there were any', () => {
    expect(
      formatUsageBreakdown(
        usage({
          inputTokens: 1000,
          cachedInputTokens: 200,
          outputTokens: 234,
          reasoningTokens: 50,
        }),
      ),
    ).toBe('1,000 in (200 cached) · 234 out (50 reasoning)');
    expect(
      formatUsageBreakdown(usage({ inputTokens: 9, cachedInputTokens: 0, outputTokens: 3 })),
    ).toBe('9 in · 3 out');
  });
});
