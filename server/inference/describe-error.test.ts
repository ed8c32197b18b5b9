import { APICallError } from 'ai';
import { describe, expect, test } from 'vitest';
import { describeProviderError, worthFallingBack } from './describe-error.ts';
import { MissingKeyError } from './providers.ts';

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

  test('a key refused or out of credits, at the start or in a stream, points to Settings', () => {
    const texts = [
      providerError(401),
      providerError(402),
      { code: 401, message: 'raw provider text' },
      { code: 402, message: 'raw provider text' },
    ].map(describeProviderError);
    for (const text of texts) {
      expect(text).toContain('Settings');
      expect(text).not.toContain('raw provider text');
    }
    expect(texts[2]).toBe(texts[0]);
    expect(texts[3]).toBe(texts[1]);
  });

  test('only rate limits and server errors are worth another model', () => {
    expect(
      [401, 402, 403, 400, 429, 500, 503].filter((s) => worthFallingBack(providerError(s))),
    ).toEqual([429, 500, 503]);
    expect(worthFallingBack(new Error('socket hang up'))).toBe(false);
  });

  test('an error the provider sends mid-stream is shown in its own words, with what to do', () => {
    // As OpenRouter's provider passes on `{"error":{"code":502,"message":...}}` from a data line.
    const text = describeProviderError({
      code: 502,
      message: 'Upstream model went away.\nPlease retry',
      metadata: { provider_name: 'Fireworks' },
    });
    expect(text).toBe(
      "The model's provider (Fireworks) said: Upstream model went away. Please retry. Try again, or pick another model.",
    );
    expect(describeProviderError({ code: 'server_error', message: 'Overloaded' })).toBe(
      "The model's provider said: Overloaded. Try again, or pick another model.",
    );
  });

  test('a missing key says how to add one', () => {
    expect(describeProviderError(new MissingKeyError('openai/gpt-4o'))).toMatch(
      /^openai\/gpt-4o needs an OpenRouter API key/,
    );
  });

  test('nothing is ever shown as [object Object]', () => {
    for (const error of [{ code: 500 }, { error: { message: 'nested' } }, null, 42]) {
      expect(describeProviderError(error)).not.toContain('[object');
    }
  });

  test('anything else is described in one short line', () => {
    const text = describeProviderError(new Error('x'.repeat(1000)));
    expect(text.length).toBeLessThan(350);
  });
});
