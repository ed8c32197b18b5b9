import { APICallError } from 'ai';
import { describe, expect, test } from 'vitest';
import { describeProviderError, worthFallingBack } from './describe-error.ts';

const providerError = (statusCode: number) =>
  new APICallError({
    message: `status ${statusCode}`,
    url: 'http://127.0.0.1/api/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseBody: '{"error":{"code":0,"message":"raw provider text"}}',
  });

describe('provider errors', () => {
  test.each([
    [401, /API key/],
    [403, /API key/],
    [402, /credits/],
    [429, /rate-limited/],
    [502, /problem \(502\)/],
    [503, /problem \(503\)/],
  ])('a %i says what to do next, never the raw body', (status, expected) => {
    const text = describeProviderError(providerError(status));
    expect(text).toMatch(expected);
    expect(text).not.toContain('raw provider text');
  });

  test('only rate limits and server errors are worth another model', () => {
    expect(
      [401, 402, 403, 400, 429, 500, 503].filter((s) => worthFallingBack(providerError(s))),
    ).toEqual([429, 500, 503]);
    expect(worthFallingBack(new Error('socket hang up'))).toBe(false);
  });

  test('anything else is described in one short line', () => {
    const text = describeProviderError(new Error('x'.repeat(1000)));
    expect(text.length).toBeLessThan(350);
  });
});
