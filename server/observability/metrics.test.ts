import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import type { RunningServer } from '../start-server.ts';
import { type FakeOpenRouter, startFakeOpenRouter } from '../testing/fake-openrouter.ts';
import { pushClient } from '../testing/push-client.ts';
import { settledAnswer } from '../testing/settled-answer.ts';
import { readEvents } from '../testing/sse-reader.ts';
import { useSuiteServer } from '../testing/suite-server.ts';
import { signUp, type TestAccount } from '../testing/test-accounts.ts';
import { startTestServer } from '../testing/test-server.ts';
import { waitFor } from '../testing/wait-for.ts';

const metricsToken = 'scrape-me-with-this-token-0123';

/** The value of one sample (`name{labels}`) in an exposition, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let database: DatabaseHandle;
  let openRouter: FakeOpenRouter;
  let server: RunningServer;
  let account: TestAccount;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: undefined });
    openRouter = await startFakeOpenRouter();
    server = await startTestServer({
      database,
      env: {
        METRICS_TOKEN: metricsToken,
        SIGN_IN_FAILURES_PER_ACCOUNT: '1',
        OPENROUTER_API_KEY: 'sk-or-operator',
        OPENROUTER_BASE_URL: openRouter.baseUrl,
        RATE_LIMIT_MESSAGES_PER_HOUR: '2',
        DEMO_WORDS_PER_SECOND: '200',
      },
    });
    account = await signUp(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await openRouter?.close();
    await database?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  test('a scraper needs the token: none or a wrong one is refused', async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}x` },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('parley_');

    const right = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await right.text();
    expect(text).toContain('# TYPE parley_runs_total counter');
    expect(text).toContain('# TYPE parley_push_duration_seconds histogram');
    expect(sample(text, 'parley_dependency_up{dependency="database"}')).toBe(1);
    expect(sample(text, 'parley_dependency_up{dependency="chunkStore"}')).toBe(1);
    expect(sample(text, 'parley_dependency_up{dependency="pubsub"}')).toBe(1);
  });

  test('a push, a pull and a finished answer move their metrics', async () => {
    const before = await scrape();
    const client = pushClient(server.url, account.cookie);
    const { answerId } = await client.ask('Count me in, please');
    expect(await settledAnswer(database.db, answerId)).toMatchObject({ status: 'done' });
    await client.messages();
    const after = await scrape();
    for (const series of [
      'parley_push_duration_seconds_count',
      'parley_pull_duration_seconds_count',
      'parley_runs_total{status="done"}',
    ]) {
      expect(sample(after, series)).toBeGreaterThan(sample(before, series));
    }
    expect(sample(after, 'parley_token_store_latency_seconds_count')).toBeGreaterThan(0);
  });

  test('an open poke stream is counted while it is open', async () => {
    const gauge = 'parley_open_streams{kind="poke"}';
    expect(sample(await scrape(), gauge)).toBe(0);
    const listening = new AbortController();
    let opened = false;
    const reading = readEvents(
      `${server.url}/api/replicache/poke`,
      { cookie: account.cookie },
      listening.signal,
      { onOpen: () => (opened = true), onEvent: () => {} },
    ).catch(() => 0);
    await waitFor(() => (opened ? true : undefined), { what: 'the poke stream to open' });
    expect(sample(await scrape(), gauge)).toBe(1);
    listening.abort();
    await reading;
    await waitFor(async () => (sample(await scrape(), gauge) === 0 ? true : undefined), {
      what: 'the poke stream to be counted closed',
    });
  });

  test('a sign-in refused by its limit is counted by kind', async () => {
    const series = 'parley_rate_limit_refusals_total{kind="sign_in"}';
    const before = sample(await scrape(), series);
    const person = await signUp(server.url);
    const signIn = () =>
      fetch(`${server.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ email: person.email, password: 'not the password' }),
      });
    expect((await signIn()).status).toBe(401);
    expect((await signIn()).status).toBe(429);
    expect(sample(await scrape(), series)).toBe(before + 1);
  });

  test('a provider error is counted by its status, and a message limit by its kind', async () => {
    const person = await signUp(server.url);
    const client = pushClient(server.url, person.cookie);
    const before = await scrape();
    openRouter.script({ kind: 'status', status: 402, message: 'Insufficient credits' });
    const failed = await client.ask('On the house', 'openai/gpt-4o-mini');
    expect(await settledAnswer(database.db, failed.answerId)).toMatchObject({ status: 'error' });
    const answered = await client.ask('Once more', 'openai/gpt-4o-mini');
    expect(await settledAnswer(database.db, answered.answerId)).toMatchObject({ status: 'done' });
    // Two answers an hour on the operator's key: the third is refused before it runs.
    const refused = await client.ask('And again', 'openai/gpt-4o-mini');
    expect(await settledAnswer(database.db, refused.answerId)).toMatchObject({ status: 'error' });
    const after = await scrape();
    expect(sample(after, 'parley_provider_errors_total{code="402"}')).toBe(
      sample(before, 'parley_provider_errors_total{code="402"}') + 1,
    );
    expect(sample(after, 'parley_rate_limit_refusals_total{kind="messages"}')).toBe(
      sample(before, 'parley_rate_limit_refusals_total{kind="messages"}') + 1,
    );
    expect(sample(after, 'parley_runs_total{status="error"}')).toBe(
      sample(before, 'parley_runs_total{status="error"}') + 2,
    );
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let url = '';
  useSuiteServer((server) => {
    url = server.url;
  });

  test('does not exist', async () => {
    const response = await fetch(`${url}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(response.status).toBe(404);
  });
});
