import { describe, expect, test } from 'vitest';
import { estimateInput } from './input-estimate.ts';

const pricing = { promptPerMillion: 2.5, completionPerMillion: 10 };

describe('the estimated input cost before sending', () => {
  test('a short conversation has no estimate', () => {
    expect(estimateInput(40_000, pricing)).toBeNull();
  });

  test('a long one counts four characters a token at the model prompt price', () => {
    expect(estimateInput(80_000, pricing)).toEqual({ tokens: 20_000, costUsd: 0.05 });
  });

  test('a model the catalog does not price has tokens but no cost', () => {
    expect(estimateInput(40_004, undefined)).toEqual({ tokens: 10_001, costUsd: null });
  });
});
