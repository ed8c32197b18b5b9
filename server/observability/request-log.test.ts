import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeChunk } from '../../shared/stream-events.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { errorHandler } from '../http/error-handler.ts';
import type { RunningServer } from '../start-server.ts';
import { pushClient } from '../testing/push-client.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';
import { createLogger } from './log.ts';
import { requestLog } from './request-log.ts';

type Line = Record<string, unknown>;

describe('the request log', () => {
  const written: string[] = [];
  const lines = () => written.map((line) => JSON.parse(line) as Line);
  const requestLines = () => lines().filter((line) => line.event === 'request');
  let database: DatabaseHandle;
  let server: RunningServer;
  let account: TestAccount;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    server = await startTestServer({
      database,
      env: { LOG_LEVEL: 'info', DEMO_WORDS_PER_SECOND: '200' },
      writeLog: (line) => written.push(line),
    });
    account = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  test('every request is one JSON line with its id, the hashed person, route pattern, status and duration', async () => {
    const response = await fetch(`${server.url}/api/models`);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = requestLines().find((entry) => entry.requestId === requestId);
    expect(line).toMatchObject({
      level: 'info',
      event: 'request',
      person: null,
      method: 'GET',
      route: '/api/models',
      status: 200,
    });
    expect(line?.durationMs).toEqual(expect.any(Number));
    expect(Date.parse(String(line?.time))).not.toBeNaN();

    const pulled = await fetch(`${server.url}/api/replicache/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie: account.cookie },
      body: JSON.stringify({
        pullVersion: 1,
        schemaVersion: '',
        profileID: 'p',
        clientGroupID: 'g-log',
        cookie: null,
      }),
    });
    const pullLine = requestLines().find(
      (entry) => entry.requestId === pulled.headers.get('x-request-id'),
    );
    expect(pullLine).toMatchObject({ route: '/api/replicache/pull', method: 'POST', status: 200 });
    // The same person is the same hash, which is not their id.
    expect(pullLine?.person).toMatch(/^[0-9a-f]{16}$/);
    expect(pullLine?.person).not.toContain(account.userId);
  });

  test('an incoming request id is kept when it looks like one, and replaced when not', async () => {
    const kept = await fetch(`${server.url}/api/health`, {
      headers: { 'x-request-id': 'lb-7f3a9c21.trace:42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a9c21.trace:42');
    const odd = await fetch(`${server.url}/api/health`, {
      headers: { 'x-request-id': 'hello world <script>' },
    });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(written.join('\n')).not.toContain('<script>');
  });

  test('what a person wrote, share tokens, queries, emails and cookies never reach the log', async () => {
    const distinctive = 'Purple-zeppelin-4417 whispers the quokka';
    const client = pushClient(server.url, account.cookie);
    const { answerId } = await client.ask(distinctive);
    await settledAnswer(database.db, answerId);
    const token = 'shr_Zq8VtY3kPq0xWm2LsN7aBc';
    await fetch(`${server.url}/share/${token}?q=secret-query-text`);
    await fetch(`${server.url}/api/streams/${token}?from=3&note=secret-query-text`, {
      headers: { cookie: account.cookie },
    });
    await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: account.email, password: 'wrong password here' }),
    });

    const streamLine = await waitFor(() =>
      requestLines().find((line) => line.route === '/api/streams/:messageId'),
    );
    expect(streamLine.status).toBe(404);
    const log = written.join('\n');
    const cookieValue = account.cookie.split('=')[1] ?? account.cookie;
    for (const secret of [
      'zeppelin',
      'quokka',
      token,
      'secret-query-text',
      account.email,
      account.userId,
      'wrong password',
      cookieValue,
      answerId,
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(requestLines().some((line) => line.route === '/api/auth/*')).toBe(true);
  });

  test('an answer stream is logged once, as it opens, with its status and no duration', async () => {
    const client = pushClient(server.url, account.cookie);
    const { answerId } = await client.ask('one two three four five six');
    const response = await fetch(`${server.url}/api/streams/${answerId}`, {
      headers: { accept: 'text/event-stream', cookie: account.cookie },
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const linesOfStream = () => requestLines().filter((line) => line.requestId === requestId);
    const opened = await waitFor(() => linesOfStream()[0]);
    expect(opened).toMatchObject({
      route: '/api/streams/:messageId',
      status: 200,
      stream: true,
    });
    expect(opened).not.toHaveProperty('durationMs');
    // The server ends the stream after the answer's final event.
    const text = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: ') && !line.includes('"status"'))
      .map((line) => decodeChunk(line.slice('data: '.length)))
      .join('');
    expect(text).toBe('one two three four five six');
    expect(linesOfStream()).toHaveLength(1);
  });

  test('a poke stream is logged while it stays open: nothing waits for its close', async () => {
    const listening = new AbortController();
    const response = await fetch(`${server.url}/api/replicache/poke`, {
      headers: { accept: 'text/event-stream', cookie: account.cookie },
      signal: listening.signal,
    });
    const requestId = response.headers.get('x-request-id');
    // A poke stream stays open until its reader leaves; its line is there before that.
    const opened = await waitFor(() => requestLines().find((line) => line.requestId === requestId));
    expect(opened).toMatchObject({
      method: 'GET',
      route: '/api/replicache/poke',
      status: 200,
      stream: true,
    });
    expect(opened.person).toMatch(/^[0-9a-f]{16}$/);
    expect(opened).not.toHaveProperty('durationMs');
    listening.abort();
  });

  test('an unexpected error is a JSON line with the request id and route, not the path', async () => {
    const errors: string[] = [];
    const log = createLogger({ level: 'info', write: (line) => errors.push(line) });
    const app = new Hono();
    app.onError(errorHandler(log));
    app.use(requestLog(log, () => 'hashed'));
    app.get('/boom/:token', () => {
      throw new Error('the disk is on fire');
    });
    const response = await app.request('/boom/shr_secret?x=1');
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');
    const [error, request] = errors.map((line) => JSON.parse(line) as Line);
    expect(error).toMatchObject({
      level: 'error',
      event: 'unhandled error',
      requestId,
      method: 'GET',
      route: '/boom/:token',
    });
    expect(String(error?.error)).toContain('Error: the disk is on fire');
    expect(request).toMatchObject({ event: 'request', requestId, status: 500 });
    expect(errors.join('\n')).not.toContain('shr_secret');
  });
});
