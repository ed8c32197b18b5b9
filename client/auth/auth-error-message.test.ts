import { expect, test } from 'vitest';
import { authErrorMessage } from './auth-error-message.ts';

test('a refusal is explained in the server’s words, whichever shape it came in', () => {
  const limited = {
    error: { code: 'too_many_requests', message: 'Too many attempts; try again in 15 minutes.' },
    status: 429,
    statusText: 'Too Many Requests',
  };
  expect(authErrorMessage(limited)).toBe('Too many attempts; try again in 15 minutes.');
  const betterAuth = { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' };
  expect(authErrorMessage(betterAuth)).toBe('Invalid email or password');
  expect(authErrorMessage({ status: 502, statusText: 'Bad Gateway' })).toBe(
    'That did not work. Please try again.',
  );
  expect(authErrorMessage(null)).toBe('That did not work. Please try again.');
});
