import { randomBytes } from 'node:crypto';

export type TestAccount = { userId: string; email: string; password: string; cookie: string };

/**
 * Creates an account through Better Auth's real endpoints and returns its session cookie.
 * Creating an account does not sign in (so that it cannot tell who has one): it signs in next,
 * as the sign-in page does.
 */
export async function signUp(baseUrl: string, name = 'Test Person'): Promise<TestAccount> {
  const email = `person-${randomBytes(5).toString('hex')}@example.test`;
  const password = 'correct horse battery';
  const post = (path: string, body: object) =>
    fetch(`${baseUrl}/api/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify(body),
    });
  const created = await post('sign-up/email', { email, password, name });
  if (!created.ok) throw new Error(`sign-up failed: ${created.status} ${await created.text()}`);
  const response = await post('sign-in/email', { email, password });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { userId: body.user.id, email, password, cookie };
}

/** Signs the account in once more, as a second browser would; returns that session's cookie. */
export async function signInAgain(baseUrl: string, account: TestAccount): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
