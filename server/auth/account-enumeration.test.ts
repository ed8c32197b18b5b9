import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { RunningServer } from '../start-server.ts';
import { type AuthAnswer, postAuth } from '../testing/auth-requests.ts';
import { useSuiteServer } from '../testing/suite-server.ts';
import { signUp } from '../testing/test-accounts.ts';

/** What a client can tell apart in an answer: its status, cookies and the shape of its body. */
function shapeOf(answer: AuthAnswer) {
  const keys = (value: unknown): unknown =>
    typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, typeof v === 'object' && v !== null ? keys(v) : typeof v]),
        )
      : typeof value;
  return { status: answer.status, cookies: answer.cookies.length, body: keys(answer.body) };
}

describe('nobody learns which addresses have an account', () => {
  let server: RunningServer;
  useSuiteServer((started) => {
    server = started;
  });

  test('creating an account for a taken address answers exactly as for a new one, and changes nothing', async () => {
    const { url } = server;
    const owner = await signUp(url, 'Owner');
    const create = (email: string) =>
      postAuth(url, 'sign-up/email', { email, password: 'an intruder guess', name: 'Intruder' });
    const taken = await create(owner.email);
    const fresh = await create(`fresh-${randomUUID()}@example.test`);
    expect(taken.status).toBe(200);
    expect(shapeOf(taken)).toEqual(shapeOf(fresh));
    expect(taken.body).toMatchObject({
      token: null,
      user: { email: owner.email, name: 'Intruder' },
    });
    expect(taken.cookies).toEqual([]);

    // The owner's account is untouched: their password still works, the guess does not.
    const signIn = (password: string) =>
      postAuth(url, 'sign-in/email', { email: owner.email, password });
    expect((await signIn('an intruder guess')).status).toBe(401);
    const own = await signIn(owner.password);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ user: { name: 'Owner', id: owner.userId } });
  });

  test('a wrong email and a wrong password answer alike', async () => {
    const { url } = server;
    const person = await signUp(url);
    const wrongPassword = await postAuth(url, 'sign-in/email', {
      email: person.email,
      password: 'not the password',
    });
    const wrongEmail = await postAuth(url, 'sign-in/email', {
      email: `nobody-${randomUUID()}@example.test`,
      password: 'not the password',
    });
    expect(wrongPassword.status).toBe(401);
    expect(wrongEmail.status).toBe(wrongPassword.status);
    expect(wrongEmail.body).toEqual(wrongPassword.body);
    expect(wrongEmail.cookies).toEqual(wrongPassword.cookies);
  });
});
