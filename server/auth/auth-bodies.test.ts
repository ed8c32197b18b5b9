import { request } from 'node:http';
import { describe, expect, test } from 'vitest';
import type { RunningServer } from '../start-server.ts';
import { postAuth } from '../testing/auth-requests.ts';
import { useSuiteServer } from '../testing/suite-server.ts';
import { signUp } from '../testing/test-accounts.ts';

const megabyte = 1024 * 1024;

/**
 * Streams a sign-up whose name is `nameBytes` long, with or without a Content-Length, and
 * stops sending as soon as the server answers. Resolves with the status and the bytes sent.
 */
function sendHugeSignUp(url: string, nameBytes: number, withLength: boolean) {
  const head = Buffer.from('{"email":"huge@example.test","password":"long enough pw","name":"');
  const tail = Buffer.from('"}');
  const piece = Buffer.alloc(64 * 1024, 'a');
  return new Promise<{ status: number; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const outgoing = request(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: url,
        ...(withLength && { 'content-length': head.length + nameBytes + tail.length }),
      },
    });
    outgoing.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, sent });
      outgoing.destroy();
    });
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    const write = (chunk: Buffer) =>
      new Promise<void>((done) => {
        sent += chunk.length;
        if (outgoing.write(chunk)) return done();
        const finish = () => {
          outgoing.off('drain', finish);
          outgoing.off('close', finish);
          done();
        };
        outgoing.on('drain', finish);
        outgoing.on('close', finish);
      });
    void (async () => {
      await write(head);
      for (let left = nameBytes; left > 0 && !answered && !outgoing.destroyed; ) {
        const chunk = left >= piece.length ? piece : piece.subarray(0, left);
        left -= chunk.length;
        await write(chunk);
      }
      if (!answered && !outgoing.destroyed) outgoing.end(tail);
    })();
  });
}

describe('what the auth endpoints read', () => {
  let server: RunningServer;
  useSuiteServer((started) => {
    server = started;
  });

  test('a 50 MB sign-up is refused with 413 before it is read, and the server does not swell', async () => {
    const before = process.memoryUsage().rss;
    const { status, sent } = await sendHugeSignUp(server.url, 50 * megabyte, true);
    expect(status).toBe(413);
    // Whatever the sockets' buffers took before the answer came, not the body.
    expect(sent).toBeLessThan(25 * megabyte);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * megabyte);
  });

  test('a sign-up streamed without a length is cut off once it passes 64 KB', async () => {
    const { status, sent } = await sendHugeSignUp(server.url, 50 * megabyte, false);
    expect(status).toBe(413);
    expect(sent).toBeLessThan(25 * megabyte);
  });

  test('a name of more than 100 characters is refused with 400, and no account is made', async () => {
    const { url } = server;
    const email = `long-name-${Date.now()}@example.test`;
    const password = 'long enough pw';
    const refused = await postAuth(url, 'sign-up/email', {
      email,
      password,
      name: 'a'.repeat(101),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ message: 'A name is at most 100 characters.' });
    expect((await postAuth(url, 'sign-in/email', { email, password })).status).toBe(401);

    const fits = await postAuth(url, 'sign-up/email', { email, password, name: 'a'.repeat(100) });
    expect(fits.status).toBe(200);
  });

  test('an email address or image URL past its bound is refused with 400', async () => {
    const { url } = server;
    const longEmail = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.test`;
    const password = 'long enough pw';
    const email = await postAuth(url, 'sign-up/email', { email: longEmail, password, name: 'E' });
    expect(email.status).toBe(400);
    const image = await postAuth(url, 'sign-up/email', {
      email: `image-${Date.now()}@example.test`,
      password,
      name: 'I',
      image: `https://example.test/${'i'.repeat(2048)}`,
    });
    expect(image.status).toBe(400);
  });

  test('changing one’s name to a huge one is refused, and the name stays as it was', async () => {
    const { url } = server;
    const person = await signUp(url, 'Steady');
    const update = (name: string) =>
      postAuth(url, 'update-user', { name }, { cookie: person.cookie });
    expect((await update('x'.repeat(10 * megabyte))).status).toBe(413);
    expect((await update('x'.repeat(101))).status).toBe(400);
    const session = await fetch(`${url}/api/auth/get-session`, {
      headers: { cookie: person.cookie },
    });
    expect(await session.json()).toMatchObject({ user: { name: 'Steady' } });
    expect((await update('Still Steady')).status).toBe(200);
  });
});
