import { describe, expect, test } from 'vitest';
import type { RunningServer } from '../start-server.ts';
import { postAuth } from '../testing/auth-requests.ts';
import { useSuiteServer } from '../testing/suite-server.ts';
import { signUp } from '../testing/test-accounts.ts';

const newEmail = () => `rules-${crypto.randomUUID().slice(0, 8)}@example.test`;
const messageOf = (body: unknown) =>
  typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;

describe('the rules a new password must meet', () => {
  let server: RunningServer;
  useSuiteServer((started) => {
    server = started;
  });
  const signUpWith = (password: string) =>
    postAuth(server.url, 'sign-up/email', { email: newEmail(), password, name: 'Rules' });

  test('a password of nine characters is refused at sign-up, saying how long it must be', async () => {
    const refused = await signUpWith('abcdefgh9');
    expect(refused.status).toBe(400);
    expect(messageOf(refused.body)).toBe('A password needs at least 10 characters.');
  });

  test('a commonly used password is refused at sign-up, in any case', async () => {
    for (const common of ['qwertyuiop', 'Password123', '1q2w3e4r5t']) {
      const refused = await signUpWith(common);
      expect(refused.status).toBe(400);
      expect(messageOf(refused.body)).toBe(
        'That password is one of the most commonly used: choose another.',
      );
    }
  });

  test('ten characters that are not a common password make an account', async () => {
    expect((await signUpWith('plum kites')).status).toBe(200);
  });

  test('changing a password checks the new one by the same rules, and keeps the old one', async () => {
    const account = await signUp(server.url, 'Changer');
    const change = (newPassword: string) =>
      postAuth(
        server.url,
        'change-password',
        { currentPassword: account.password, newPassword },
        { cookie: account.cookie },
      );
    const short = await change('too short');
    expect(short.status).toBe(400);
    expect(messageOf(short.body)).toBe('A password needs at least 10 characters.');
    const common = await change('basketball');
    expect(common.status).toBe(400);
    expect(messageOf(common.body)).toMatch(/most commonly used/);
    const signIn = await postAuth(server.url, 'sign-in/email', {
      email: account.email,
      password: account.password,
    });
    expect(signIn.status).toBe(200);
  });

  test('after a change the old password no longer signs in and the new one does', async () => {
    const account = await signUp(server.url, 'Changer');
    const newPassword = 'a much better passphrase';
    const wrongCurrent = await postAuth(
      server.url,
      'change-password',
      { currentPassword: 'not my password at all', newPassword },
      { cookie: account.cookie },
    );
    expect(wrongCurrent.status).toBe(400);
    const changed = await postAuth(
      server.url,
      'change-password',
      { currentPassword: account.password, newPassword },
      { cookie: account.cookie },
    );
    expect(changed.status).toBe(200);
    const signIn = (password: string) =>
      postAuth(server.url, 'sign-in/email', { email: account.email, password });
    expect((await signIn(account.password)).status).toBe(401);
    expect((await signIn(newPassword)).status).toBe(200);
  });
});
